import fs from 'node:fs';
import type { KeyObject } from 'node:crypto';
import type { SigningKey } from '../platform/key-set';
import canonicalize from 'canonicalize';
import type { SqlClient } from '../platform/database/sql-client';
import { signCheckpoint } from './record';
import type { TrailFiles } from './trail-files';
import type { CheckpointWitness } from './witness';

export interface PruneResult {
  removedRecords: number;
  anchorSeq: number;
}

/**
 * Retention: removes the records older than `before` from both stores. The chain stays verifiable
 * because the last removed record is first vouched for by a signed checkpoint (the anchor), which is
 * kept at the start of what remains: the first remaining record must link to it.
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
  const { rows } = await options.sql.query<{ seq: string; hash: string }>(
    'SELECT seq::text AS seq, hash FROM audit_record WHERE at < $1 ORDER BY audit_record.seq DESC LIMIT 1',
    [options.before.toISOString()],
  );
  if (rows.length === 0) return { removedRecords: 0, anchorSeq: 0 };
  const anchorSeq = Number(rows[0].seq);
  const anchor = signCheckpoint(anchorSeq, rows[0].hash, (options.now ?? (() => new Date()))().toISOString(), options.signingKey);
  const removed = await options.sql.transaction(async (tx) => {
    await tx.query('DELETE FROM audit_checkpoint WHERE seq <= $1', [anchorSeq]);
    await tx.query('INSERT INTO audit_checkpoint (seq, hash, at, signature, key_id) VALUES ($1, $2, $3, $4, $5)', [
      anchor.seq,
      anchor.hash,
      anchor.at,
      anchor.signature,
      anchor.kid ?? null,
    ]);
    const { rows: deleted } = await tx.query<{ n: string }>(
      'WITH gone AS (DELETE FROM audit_record WHERE seq <= $1 RETURNING 1) SELECT count(*)::text AS n FROM gone',
      [anchorSeq],
    );
    return Number(deleted[0].n);
  });
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
