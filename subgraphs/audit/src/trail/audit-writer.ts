import { sign, KeyObject } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { SqlClient } from '../../../kit/src/database/sql-client';
import type { Logger } from '../../../kit/src/logger';
import { AuditRecordBody, chain, ChainedRecord, Checkpoint, checkpointPayload, GENESIS_HASH } from './record';
import { TrailFiles, utcDay } from './trail-files';
import { chainHead, insertRecords, linesAfter, StoredRecord } from './trail-store';

export class AuditUnavailableError extends Error {}

interface Pending {
  body: AuditRecordBody;
  resolve: (record: ChainedRecord) => void;
  reject: (error: Error) => void;
}

export interface AuditWriterOptions {
  sql: SqlClient;
  files: TrailFiles;
  signingKey: KeyObject;
  logger: Logger;
  /** A signed checkpoint after this many records (and on close). */
  checkpointEvery?: number;
  onCommitted?: (records: ChainedRecord[]) => void;
  /** The trail's clock (checkpoint times); injected so that tests hold on any date. */
  now?: () => Date;
}

/**
 * Appends operation records to the hash chain, durably, before their responses may be sent.
 * Group commit: while one batch is being written, arriving records queue; the next batch takes
 * them all, so under load many records share one transaction and one fsync, and an idle system
 * still writes each record at once. Order of a commit: database transaction, then the NDJSON files;
 * after a crash between the two, start-up copies the missing lines from the database.
 */
export class AuditWriter {
  private queue: Pending[] = [];
  private flushing?: Promise<void>;
  private head = { seq: 0, hash: GENESIS_HASH };
  private sinceCheckpoint = 0;
  /** Lines committed to the database but not yet on disk in the files (a failed file write). */
  private unwrittenLines: { day: string; text: string }[] = [];
  private closed = false;
  private checkpointRequested = false;

  constructor(private readonly options: AuditWriterOptions) {}

  async init(): Promise<void> {
    const head = await chainHead(this.options.sql);
    if (head) this.head = head;
    const fileSeq = this.options.files.lastRecordSeq();
    if (fileSeq < this.head.seq) {
      const missing = await linesAfter(this.options.sql, fileSeq);
      for (const line of missing) await this.options.files.append(utcDay(line.at), `${line.line}\n`);
      this.options.logger.warn({ event: 'audit.reconciled', copied: missing.length }, 'copied committed audit records missing from the files');
    }
  }

  get chainHead(): { seq: number; hash: string } {
    return { ...this.head };
  }

  /** Resolves once the record is in the database and the files; rejects when it could not be stored. */
  append(body: AuditRecordBody): Promise<ChainedRecord> {
    if (this.closed) return Promise.reject(new AuditUnavailableError('the audit trail is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ body, resolve, reject });
      if (!this.flushing) this.flushing = this.flushLoop();
    });
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.queue.length > 0 || this.checkpointRequested) {
        const batch = this.queue;
        const forceCheckpoint = this.checkpointRequested;
        this.queue = [];
        this.checkpointRequested = false;
        await this.commit(batch, forceCheckpoint);
      }
    } finally {
      this.flushing = undefined;
    }
  }

  private async commit(batch: Pending[], forceCheckpoint = false): Promise<void> {
    let { seq, hash } = this.head;
    const stored: StoredRecord[] = [];
    for (const pending of batch) {
      const record = chain(pending.body, ++seq, hash);
      hash = record.hash;
      stored.push({ record, line: canonicalize(record) as string });
    }
    const checkpoints: Checkpoint[] = [];
    const sinceCheckpoint = this.sinceCheckpoint + batch.length;
    if (seq > 0 && (forceCheckpoint || sinceCheckpoint >= (this.options.checkpointEvery ?? 1000))) {
      checkpoints.push(this.signCheckpoint(seq, hash));
    }
    try {
      await this.options.sql.transaction((tx) => insertRecords(tx, stored, checkpoints));
    } catch (error) {
      this.options.logger.error({ event: 'audit.write_failed', err: error, records: batch.length }, 'audit database write failed');
      const failure = new AuditUnavailableError('the audit trail could not be written');
      for (const pending of batch) pending.reject(failure);
      return;
    }
    this.head = { seq, hash };
    this.sinceCheckpoint = checkpoints.length > 0 ? 0 : sinceCheckpoint;
    const lines = [
      ...stored.map((s) => ({ day: utcDay(s.record.at), text: `${s.line}\n` })),
      ...checkpoints.map((c) => ({ day: utcDay(c.at), text: `${canonicalize(c)}\n` })),
    ];
    try {
      await this.writeLines([...this.unwrittenLines, ...lines]);
      this.unwrittenLines = [];
    } catch (error) {
      // The database holds them; the files get them on the next commit or at start-up. The answers
      // wait for neither: a record must be in both stores before its response goes out.
      this.unwrittenLines.push(...lines);
      this.options.logger.error({ event: 'audit.file_write_failed', err: error }, 'audit file write failed');
      const failure = new AuditUnavailableError('the audit trail files could not be written');
      for (const pending of batch) pending.reject(failure);
      return;
    }
    batch.forEach((pending, i) => pending.resolve(stored[i].record));
    this.options.onCommitted?.(stored.map((s) => s.record));
  }

  private async writeLines(lines: { day: string; text: string }[]): Promise<void> {
    // Consecutive lines of one day go out in one write and one fsync.
    let i = 0;
    while (i < lines.length) {
      const day = lines[i].day;
      let text = '';
      while (i < lines.length && lines[i].day === day) text += lines[i++].text;
      await this.options.files.append(day, text);
    }
  }

  private signCheckpoint(seq: number, hash: string): Checkpoint {
    const at = (this.options.now ?? (() => new Date()))().toISOString();
    const signature = sign(null, checkpointPayload(seq, hash, at), this.options.signingKey).toString('base64');
    return { kind: 'checkpoint', seq, hash, at, signature };
  }

  /** Writes a signed checkpoint of the current head (periodically and on shutdown), in turn with the records. */
  async checkpoint(): Promise<void> {
    if (this.head.seq === 0 || (this.sinceCheckpoint === 0 && this.queue.length === 0 && !this.flushing)) return;
    this.checkpointRequested = true;
    this.flushing ??= this.flushLoop();
    while (this.flushing) await this.flushing;
  }

  async close(): Promise<void> {
    while (this.flushing) await this.flushing;
    await this.checkpoint().catch((err) => this.options.logger.error({ event: 'audit.checkpoint_failed', err }, 'final checkpoint failed'));
    this.closed = true;
    await this.options.files.close();
  }
}
