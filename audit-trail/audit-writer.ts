import type { KeyObject } from 'node:crypto';
import type { SigningKey } from '../platform/key-set';
import canonicalize from 'canonicalize';
import type { SqlClient } from '../platform/database/sql-client';
import type { Logger } from '../platform/logger';
import { AuditRecordBody, chain, ChainedRecord, Checkpoint, GENESIS_HASH, signCheckpoint } from './record';
import { makeStorable } from './storable';
import { advanceHead, committedLines, insertRecords, lastCheckpoint, lockHead, peekHead, readHead, StoredRecord, TrailHead } from './trail-store';
import { TrailFiles, utcDay } from './trail-files';
import { repairTrailFiles } from './trail-repair';
import { PendingLines } from './pending-lines';
import type { CheckpointWitness } from './witness';
import { isRecordSpecific } from './store-errors';

export class AuditUnavailableError extends Error {}

interface Pending {
  body: AuditRecordBody;
  resolve: (record: ChainedRecord) => void;
  reject: (error: Error) => void;
}

export interface AuditWriterOptions {
  sql: SqlClient;
  files: TrailFiles;
  signingKey: KeyObject | SigningKey;
  logger: Logger;
  /** A signed checkpoint after this many records (default 1 000)… */
  checkpointEvery?: number;
  /** …and at most this long after a record (default 5 s), and on close. */
  checkpointIntervalMs?: number;
  /** Where checkpoint heads are also written, outside the trail's own stores. */
  witness?: CheckpointWitness;
  onCommitted?: (records: ChainedRecord[]) => void;
  /** After a checkpoint is in both stores (and offered to the witness). */
  onCheckpoint?: (checkpoint: Checkpoint) => void;
  /** The trail's clock (checkpoint times and intervals); injected so that tests hold on any date. */
  now?: () => Date;
  /** Told of every group commit, for the operators' metrics (the library itself measures nothing). */
  observer?: CommitObserver;
}

export interface CommitObserver {
  /** Records now in both stores, and how long their commit took (transaction and file sync). */
  committed(records: number, seconds: number): void;
  /** Records refused (their requests are answered 503 AUDIT_UNAVAILABLE). */
  refused(records: number, seconds: number): void;
}

/**
 * Appends operation records to the hash chain, durably, before their responses may be sent.
 * Group commit: while one batch is being written, arriving records queue; the next batch takes
 * them all, so under load many records share one transaction and one fsync, and an idle system
 * still writes each record at once. Order of a commit: database transaction, then the NDJSON files;
 * after a crash between the two, start-up copies the missing lines from the database.
 *
 * One record can never fail another's: each is made storable before it joins a batch, and a batch
 * the database refuses because of one record is split until that record stands alone, is refused
 * alone, and the others are chained and committed without it.
 *
 * Several gateways can write one trail: each group commit locks the head row in the audit database
 * (trail-store.ts), chains onto whatever the last writer committed, and advances it. Before its own
 * lines, a writer appends to its files the lines the others committed since its files end, so every
 * gateway's directory holds the whole chain up to its last commit (and, idle, up to the head within
 * a checkpoint interval). Record times never go back along the chain: a record stamped earlier than
 * the one before it (another gateway's clock, a step of NTP) takes that one's time, so the day files
 * stay in chain order.
 */
export class AuditWriter {
  private queue: Pending[] = [];
  private flushing?: Promise<void>;
  private head = { seq: 0, hash: GENESIS_HASH };
  private lastCheckpointSeq = 0;
  /** The last record and checkpoint whose lines this writer has handed to its files. */
  private filesAt = { record: 0, checkpoint: 0 };
  /** Stands for the last checkpoint's time while the trail has none. */
  private startedAt = 0;
  private readonly pending: PendingLines;
  private closed = false;
  private checkpointRequested = false;
  private idleTimer?: NodeJS.Timeout;
  /** When the group commit under way began (its records' commit time, for the observer). */
  private commitStarted = 0n;
  private readonly now: () => Date;

  constructor(private readonly options: AuditWriterOptions) {
    this.now = options.now ?? (() => new Date());
    this.pending = new PendingLines(options.files, options.sql, options.logger);
  }

  private get checkpointEvery(): number {
    return this.options.checkpointEvery ?? 1000;
  }

  private get checkpointIntervalMs(): number {
    return this.options.checkpointIntervalMs ?? 5000;
  }

  /** Reads the chain head, repairs the files from the database and seals what a crash left unprotected. */
  async init(): Promise<void> {
    this.startedAt = this.now().getTime();
    const head = await readHead(this.options.sql);
    this.head = { seq: head.seq, hash: head.hash };
    this.lastCheckpointSeq = head.checkpointSeq;
    await repairTrailFiles(this.options.files, this.options.sql, this.options.logger);
    // Repair copied every record the database held; checkpoints up to there were the files' own business.
    const filesSeq = this.options.files.lastRecordSeq();
    this.filesAt = { record: filesSeq, checkpoint: filesSeq };
    const witnessed = await this.options.witness?.last().catch((err) => {
      this.options.logger.error({ event: 'audit.witness_failed', err, witness: this.options.witness?.where }, 'cannot read the audit witness');
      return undefined;
    });
    const sealed = await lastCheckpoint(this.options.sql);
    if (this.head.seq > this.lastCheckpointSeq) {
      await this.checkpoint();
    } else if (sealed && this.options.witness && (witnessed?.seq ?? 0) < sealed.seq) {
      // The witness is new (or missed the last checkpoint): from here on it vouches for the trail.
      await this.witness(sealed);
    }
    this.scheduleCheckpoint();
  }

  get chainHead(): { seq: number; hash: string } {
    return { ...this.head };
  }

  /** Resolves once the record is in the database and the files; rejects when it could not be stored. */
  append(body: AuditRecordBody): Promise<ChainedRecord> {
    if (this.closed) return Promise.reject(new AuditUnavailableError('the audit trail is closed'));
    let storable: AuditRecordBody;
    try {
      storable = makeStorable(body, this.now);
    } catch (error) {
      this.options.logger.error({ event: 'audit.record_refused', err: error, requestId: String(body?.requestId) }, 'audit record cannot be made storable');
      return Promise.reject(new AuditUnavailableError('the audit record could not be stored'));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ body: storable, resolve, reject });
      this.flushing ??= this.flushLoop();
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
      this.scheduleCheckpoint();
    }
  }

  private async commit(batch: Pending[], forceCheckpoint: boolean): Promise<void> {
    this.commitStarted = process.hrtime.bigint();
    await this.commitPart(batch, forceCheckpoint);
  }

  /** Chains and commits a run of records (and a checkpoint when one is due); isolates a record the database refuses. */
  private async commitPart(batch: Pending[], forceCheckpoint: boolean): Promise<void> {
    const now = this.now();
    let committed: { before: TrailHead; after: TrailHead; stored: StoredRecord[]; checkpoints: Checkpoint[] };
    try {
      committed = await this.options.sql.transaction(async (tx) => {
        const before = await lockHead(tx);
        const chained = this.chainOnto(before, batch, forceCheckpoint, now);
        if (chained.stored.length > 0 || chained.checkpoints.length > 0) {
          await insertRecords(tx, chained.stored, chained.checkpoints);
          await advanceHead(tx, chained.after);
        }
        return { before, ...chained };
      });
    } catch (error) {
      if (isRecordSpecific(error) && batch.length > 1) {
        // One (or a few) of these records is refused: split until each refused one stands alone.
        const half = Math.ceil(batch.length / 2);
        await this.commitPart(batch.slice(0, half), false);
        await this.commitPart(batch.slice(half), forceCheckpoint);
        return;
      }
      if (isRecordSpecific(error) && batch.length === 1) {
        this.options.logger.error(
          { event: 'audit.record_refused', err: error, requestId: batch[0].body.requestId },
          'the audit database refused this record alone',
        );
        return this.refuse(batch, 'the audit record could not be stored');
      }
      // Unreachable, timed out, or dropped mid-commit (which may have committed: the next commit finds
      // those records past this writer's files and gives the files their lines).
      this.options.logger.error({ event: 'audit.write_failed', err: error, records: batch.length }, 'audit database write failed');
      return this.refuse(batch, 'the audit trail could not be written');
    }
    const { before, after, stored, checkpoints } = committed;
    this.head = { seq: after.seq, hash: after.hash };
    this.lastCheckpointSeq = after.checkpointSeq;
    try {
      // Lines committed before these (by other gateways, or a commit of ours whose answer was lost) go first.
      if (before.seq > this.filesAt.record || before.checkpointSeq > this.filesAt.checkpoint) {
        const earlier = await committedLines(this.options.sql, this.filesAt, before.seq);
        this.pending.push(...earlier.map((l) => ({ day: utcDay(l.at), text: `${l.line}\n` })));
      }
      this.pending.push(
        ...stored.map((s) => ({ day: utcDay(s.record.at), text: `${s.line}\n` })),
        ...checkpoints.map((c) => ({ day: utcDay(c.at), text: `${canonicalize(c)}\n` })),
      );
      this.filesAt = { record: after.seq, checkpoint: Math.max(this.filesAt.checkpoint, before.checkpointSeq, after.checkpointSeq) };
      await this.pending.flush();
    } catch (error) {
      // The database holds them; the files get them on the next commit or at start-up. The answers
      // wait for neither: a record must be in both stores before its response goes out.
      this.options.logger.error({ event: 'audit.file_write_failed', err: error, records: batch.length }, 'audit file write failed');
      return this.refuse(batch, 'the audit trail files could not be written');
    }
    batch.forEach((pending, i) => pending.resolve(stored[i].record));
    if (batch.length > 0) this.options.observer?.committed(batch.length, this.commitSeconds());
    if (stored.length > 0) this.options.onCommitted?.(stored.map((s) => s.record));
    for (const checkpoint of checkpoints) {
      await this.witness(checkpoint);
      this.options.onCheckpoint?.(checkpoint);
    }
  }

  private commitSeconds(): number {
    return Number(process.hrtime.bigint() - this.commitStarted) / 1e9;
  }

  /** The batch chained onto the head (and its checkpoint when one is due), and the head it leaves. */
  private chainOnto(before: TrailHead, batch: Pending[], forceCheckpoint: boolean, now: Date) {
    let { seq, hash, at } = before;
    const stored: StoredRecord[] = batch.map((pending) => {
      const body = Date.parse(pending.body.at) < at ? { ...pending.body, at: new Date(at).toISOString() } : pending.body;
      const record = chain(body, ++seq, hash);
      hash = record.hash;
      at = Date.parse(record.at);
      return { record, line: canonicalize(record) as string };
    });
    const after: TrailHead = { ...before, seq, hash, at };
    const checkpoints: Checkpoint[] = [];
    if (seq > before.checkpointSeq && (forceCheckpoint || this.checkpointDue(seq, before, now))) {
      const signedAt = new Date(Math.max(now.getTime(), at)).toISOString();
      checkpoints.push(signCheckpoint(seq, hash, signedAt, this.options.signingKey));
      after.checkpointSeq = seq;
      after.checkpointAt = Date.parse(signedAt);
    }
    return { stored, checkpoints, after };
  }

  private checkpointDue(seq: number, head: TrailHead, now: Date): boolean {
    return seq - head.checkpointSeq >= this.checkpointEvery || now.getTime() - (head.checkpointAt ?? this.startedAt) >= this.checkpointIntervalMs;
  }

  private refuse(batch: Pending[], message: string): void {
    if (batch.length > 0) this.options.observer?.refused(batch.length, this.commitSeconds());
    const failure = new AuditUnavailableError(message);
    for (const pending of batch) pending.reject(failure);
  }

  /** The witness lags at worst: a failure is logged and the next checkpoint tries again. */
  private async witness(checkpoint: Checkpoint): Promise<void> {
    if (!this.options.witness) return;
    try {
      await this.options.witness.record(checkpoint);
    } catch (err) {
      this.options.logger.error(
        { event: 'audit.witness_failed', err, seq: checkpoint.seq, witness: this.options.witness.where },
        'cannot write the audit witness',
      );
    }
  }

  /**
   * Idle, a writer still seals its last records within the interval, and brings its files up to what
   * the other gateways committed meanwhile (so losing one gateway's disk loses no line the others hold).
   */
  private scheduleCheckpoint(): void {
    if (this.closed || this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      void this.whenIdle().catch((err) => this.options.logger.error({ event: 'audit.checkpoint_failed', err }, 'idle checkpoint failed'));
    }, this.checkpointIntervalMs);
    this.idleTimer.unref();
  }

  private async whenIdle(): Promise<void> {
    if (this.closed) return;
    if (this.head.seq <= this.lastCheckpointSeq) {
      const head = await peekHead(this.options.sql);
      if (head.seq <= this.filesAt.record && head.checkpointSeq <= this.filesAt.checkpoint) return this.scheduleCheckpoint();
    }
    await this.sealHead(true);
  }

  /** Writes a signed checkpoint of the current head, in turn with the records. */
  async checkpoint(): Promise<void> {
    if (this.closed) return;
    await this.sealHead();
  }

  /** `always`: even a writer that has written nothing yet (it may have others' lines to copy). */
  private async sealHead(always = false): Promise<void> {
    if (!always && this.head.seq === 0 && this.queue.length === 0 && !this.flushing) return;
    this.checkpointRequested = true;
    this.flushing ??= this.flushLoop();
    while (this.flushing) await this.flushing;
  }

  /**
   * Refuses further records, writes those already queued, then seals the head with a last
   * checkpoint: after a clean stop nothing is left unprotected.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    while (this.flushing) await this.flushing;
    await this.sealHead().catch((err) => this.options.logger.error({ event: 'audit.checkpoint_failed', err }, 'final checkpoint failed'));
    await this.options.files.close();
    await this.options.witness?.close();
  }
}
