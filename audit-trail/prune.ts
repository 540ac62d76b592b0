import fs from 'node:fs';
import type { KeyObject } from 'node:crypto';
import type { SigningKey } from '../platform/key-set';
import canonicalize from 'canonicalize';
import type { SqlClient } from '../platform/database/sql-client';
import { signCheckpoint } from './record';
import type { TrailFiles } from './trail-files';
import type { CheckpointWitness } from './witness';
import { ensureMonthPartitions, monthPartitions, nextMonth, PARTITION_LOCK_TIMEOUT, partitionName } from './trail-partitions';

export interface PruneResult {
  removedRecords: number;
  anchorSeq: number;
}

/**
 * Retention: removes the months of records wholly older than `before` from both stores. The
 * database drops those months' partitions (trail-partitions.ts) instead of deleting rows; a month
 * only partly older than `before` is kept whole until a later prune finds it wholly expired.
 *
 * The chain stays verifiable because the last removed record is first vouched for by a signed
 * checkpoint (the anchor), which is kept at the start of what remains: the first remaining record
 * must link to it. Records are chained in commit order while their time is when the request came, so
 * near a month's end a few records of the next month may sit below the anchor: they are deleted
 * with it (the chain cannot keep a record whose predecessor is gone), a few milliseconds early.
 */
export async function pruneTrail(options: {
  sql: SqlClient;
  files: TrailFiles;
  signingKey: KeyObject | SigningKey;
  before: Date;
  /** The anchor is witnessed too, so the witness keeps vouching for where the trail now starts. */
  witness?: CheckpointWitness;
  now?: () => Date;
}): Promise<PruneResult> {
  const { sql } = options;
  const now = (options.now ?? (() => new Date()))();
  const busy = (error: unknown): never => {
    if ((error as { code?: string }).code !== '55P03') throw error;
    throw new Error(`the audit tables were busy for ${PARTITION_LOCK_TIMEOUT} (a long query holds them); nothing was removed: run the prune again`, {
      cause: error,
    });
  };
  // Expired records still in the default partition get their month's partition first, to be dropped with it.
  await ensureMonthPartitions(sql, now).catch(busy);
  const expired = (await monthPartitions(sql)).filter((month) => nextMonth(month).getTime() <= options.before.getTime());
  if (expired.length === 0) return { removedRecords: 0, anchorSeq: 0 };
  const pruned = await sql
    .transaction(async (tx) => {
      await tx.exec(`SET LOCAL lock_timeout = '${PARTITION_LOCK_TIMEOUT}'`);
      const { rows: firsts } = await tx.query<{ first: string | null }>('SELECT min(seq)::text AS first FROM audit_record');
      // Accesses first: the records' partitions are referenced by them (and PostgreSQL wants a
      // referenced partition detached before it is dropped).
      for (const month of expired) await tx.exec(`DROP TABLE ${partitionName('audit_access', month)}`);
      for (const month of expired) await tx.exec(`ALTER TABLE audit_record DETACH PARTITION ${partitionName('audit_record', month)}`);
      // Detached, the months take no more records: their last one is surely the anchor.
      const { rows } = await tx.query<{ seq: string; hash: string }>(
        `SELECT seq::text AS seq, hash FROM (${expired.map((m) => `SELECT seq, hash FROM ${partitionName('audit_record', m)}`).join(' UNION ALL ')}) months
         ORDER BY months.seq DESC LIMIT 1`,
      );
      for (const month of expired) await tx.exec(`DROP TABLE ${partitionName('audit_record', month)}`);
      if (rows.length === 0) return undefined;
      const anchor = signCheckpoint(Number(rows[0].seq), rows[0].hash, now.toISOString(), options.signingKey);
      await tx.query('DELETE FROM audit_checkpoint WHERE seq <= $1', [anchor.seq]);
      await tx.query('INSERT INTO audit_checkpoint (seq, hash, at, signature, key_id) VALUES ($1, $2, $3, $4, $5)', [
        anchor.seq,
        anchor.hash,
        anchor.at,
        anchor.signature,
        anchor.kid ?? null,
      ]);
      await tx.query('DELETE FROM audit_record WHERE seq <= $1', [anchor.seq]);
      // Counted by chain position rather than by scanning the dropped months: the trail ran without
      // gaps from its first record to the anchor, all of which are gone now.
      return { anchor, removed: anchor.seq - Number(firsts[0].first) + 1 };
    })
    .catch(busy);
  if (!pruned) return { removedRecords: 0, anchorSeq: 0 };
  const { anchor, removed } = pruned;
  const anchorSeq = anchor.seq;
  await options.witness?.record(anchor);
  // Files: drop the lines at or below the anchor; the anchor opens the first file that remains.
  let anchored = false;
  for (const file of options.files.files()) {
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
    const kept = lines.filter((line) => (JSON.parse(line) as { seq: number }).seq > anchorSeq);
    if (kept.length === 0) {
      fs.rmSync(file);
      continue;
    }
    if (!anchored) kept.unshift(canonicalize(anchor) as string);
    anchored = true;
    if (kept.length !== lines.length || kept[0] !== lines[0]) {
      // Beside it, durable, then renamed over it: a crash leaves the old file or the new one.
      const temporary = `${file}.pruning`;
      const fd = fs.openSync(temporary, 'w');
      try {
        fs.writeFileSync(fd, `${kept.join('\n')}\n`);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(temporary, file);
    }
  }
  return { removedRecords: removed, anchorSeq };
}
