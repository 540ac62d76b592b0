import type { SqlClient } from '../platform/database/sql-client';
import { bulkInsert } from '../platform/database/bulk-insert';
import canonicalize from 'canonicalize';
import { CHECKPOINT_COLUMNS, checkpointFromRow, type ChainedRecord, type Checkpoint, type CheckpointRow } from './record';

/** Rows of the audit database, written in one transaction per group commit. */
export interface StoredRecord {
  record: ChainedRecord;
  line: string;
}

export async function insertRecords(sql: SqlClient, entries: StoredRecord[], checkpoints: Checkpoint[]): Promise<void> {
  await bulkInsert<StoredRecord>(
    sql,
    'audit_record',
    [
      { name: 'seq', type: 'bigint', value: ({ record: r }) => r.seq },
      { name: 'request_id', type: 'text', value: ({ record: r }) => r.requestId },
      { name: 'at', type: 'timestamptz', value: ({ record: r }) => r.at },
      { name: 'department', type: 'text', value: ({ record: r }) => r.department },
      { name: 'user_id', type: 'text', value: ({ record: r }) => r.userId },
      { name: 'level', type: 'text', value: ({ record: r }) => r.level },
      { name: 'purpose', type: 'text', value: ({ record: r }) => r.purpose },
      { name: 'client_name', type: 'text', value: ({ record: r }) => r.clientName },
      { name: 'operation_name', type: 'text', value: ({ record: r }) => r.operationName },
      { name: 'operation_type', type: 'text', value: ({ record: r }) => r.operationType },
      { name: 'document_hash', type: 'text', value: ({ record: r }) => r.documentHash },
      { name: 'variables', type: 'jsonb', value: ({ record: r }) => (r.variables === null ? null : JSON.stringify(r.variables)) },
      { name: 'fields_granted', type: 'text[]', value: ({ record: r }) => r.fieldsGranted },
      { name: 'fields_masked', type: 'text[]', value: ({ record: r }) => r.fieldsMasked },
      { name: 'fields_denied', type: 'text[]', value: ({ record: r }) => r.fieldsDenied },
      { name: 'denial_reasons', type: 'text[]', value: ({ record: r }) => r.denialReasons },
      { name: 'outcome', type: '"AuditOutcome"', value: ({ record: r }) => r.outcome },
      { name: 'http_status', type: 'int', value: ({ record: r }) => r.httpStatus },
      { name: 'duration_ms', type: 'float8', value: ({ record: r }) => r.durationMs },
      { name: 'record_count', type: 'int', value: ({ record: r }) => r.recordCount },
      { name: 'sensitive_record_count', type: 'int', value: ({ record: r }) => r.sensitiveRecordCount },
      { name: 'prev_hash', type: 'text', value: ({ record: r }) => r.prevHash },
      { name: 'hash', type: 'text', value: ({ record: r }) => r.hash },
      { name: 'line', type: 'text', value: (e) => e.line },
    ],
    entries,
  );
  const accesses = entries.flatMap(({ record }) => record.accesses.map((a) => ({ ...a, seq: record.seq, at: record.at })));
  await bulkInsert(
    sql,
    'audit_access',
    [
      { name: 'record_seq', type: 'bigint', value: (a) => a.seq },
      // The record's time: the accesses are partitioned by it, into their record's month.
      { name: 'record_at', type: 'timestamptz', value: (a) => a.at },
      { name: 'entity_type', type: 'text', value: (a) => a.entityType },
      { name: 'entity_key', type: 'text', value: (a) => a.entityKey },
      { name: 'subject_digest', type: 'text', value: (a) => a.subjectDigest ?? null },
      { name: 'subgraph', type: 'text', value: (a) => a.subgraph },
      { name: 'raw', type: 'text[]', value: (a) => a.raw },
      { name: 'masked', type: 'text[]', value: (a) => a.masked },
      { name: 'denied', type: 'text[]', value: (a) => a.denied },
      { name: 'written', type: 'text[]', value: (a) => a.written ?? null },
      { name: 'before_digest', type: 'text', value: (a) => a.beforeDigest ?? null },
      { name: 'after_digest', type: 'text', value: (a) => a.afterDigest ?? null },
      { name: 'change_request_id', type: 'text', value: (a) => a.changeRequestId ?? null },
    ],
    accesses,
  );
  await bulkInsert(
    sql,
    'audit_checkpoint',
    [
      { name: 'seq', type: 'bigint', value: (c) => c.seq },
      { name: 'hash', type: 'text', value: (c) => c.hash },
      { name: 'at', type: 'timestamptz', value: (c) => c.at },
      { name: 'signature', type: 'text', value: (c) => c.signature },
      { name: 'key_id', type: 'text', value: (c) => c.kid ?? null },
    ],
    checkpoints,
  );
}

/** Where the chain stands: its last record and its last checkpoint, whichever gateway wrote them. */
export interface TrailHead {
  seq: number;
  hash: string;
  /** The last record's time (ms; 0 before the first): later records are never stamped earlier. */
  at: number;
  checkpointSeq: number;
  /** When the last checkpoint was made (ms), if there is one. */
  checkpointAt?: number;
}

type HeadRow = { seq: string; hash: string; at: Date | string | null; checkpoint_seq: string; checkpoint_at: Date | string | null };

const HEAD_COLUMNS = 'seq::text AS seq, hash, at, checkpoint_seq::text AS checkpoint_seq, checkpoint_at';

function headOf(row: HeadRow): TrailHead {
  return {
    seq: Number(row.seq),
    hash: row.hash,
    at: row.at === null ? 0 : new Date(row.at).getTime(),
    checkpointSeq: Number(row.checkpoint_seq),
    checkpointAt: row.checkpoint_at === null ? undefined : new Date(row.checkpoint_at).getTime(),
  };
}

/**
 * Inside a group commit's transaction: waits for the writer ahead (the row lock is what orders
 * several gateways on one trail) and returns the head to chain onto.
 */
export async function lockHead(tx: SqlClient): Promise<TrailHead> {
  const { rows } = await tx.query<HeadRow>(`SELECT ${HEAD_COLUMNS} FROM audit_head FOR UPDATE`);
  if (!rows[0]) throw new Error('the audit database has no chain head (audit_head): is it migrated?');
  return headOf(rows[0]);
}

export async function advanceHead(tx: SqlClient, head: TrailHead): Promise<void> {
  await tx.query(`UPDATE audit_head SET seq = $1, hash = $2, at = $3, checkpoint_seq = $4, checkpoint_at = $5`, [
    head.seq,
    head.hash,
    head.at ? new Date(head.at).toISOString() : null,
    head.checkpointSeq,
    head.checkpointAt === undefined ? null : new Date(head.checkpointAt).toISOString(),
  ]);
}

/**
 * At a writer's start: the head, moved up to the last record should records have been stored past it
 * (a database restored from a backup taken mid-commit). A head *ahead* of the records is left as it
 * is: records cut from the tail stay a visible gap for verification instead of being chained over.
 */
export async function readHead(sql: SqlClient): Promise<TrailHead> {
  const { rows } = await sql.query<HeadRow>(
    `UPDATE audit_head h SET seq = r.seq, hash = r.hash, at = r.at
       FROM (SELECT seq, hash, at FROM audit_record ORDER BY seq DESC LIMIT 1) r
      WHERE r.seq > h.seq
      RETURNING h.seq::text AS seq, h.hash, h.at, h.checkpoint_seq::text AS checkpoint_seq, h.checkpoint_at`,
  );
  return rows[0] ? headOf(rows[0]) : peekHead(sql);
}

/** The head as it stands, without waiting for a writer. */
export async function peekHead(sql: SqlClient): Promise<TrailHead> {
  const { rows } = await sql.query<HeadRow>(`SELECT ${HEAD_COLUMNS} FROM audit_head`);
  if (!rows[0]) throw new Error('the audit database has no chain head (audit_head): is it migrated?');
  return headOf(rows[0]);
}

/**
 * The lines other writers (or a commit of this one whose answer was lost) committed after this
 * writer's files end, in chain order, for its files: every gateway's directory holds the whole chain.
 */
export async function committedLines(
  sql: SqlClient,
  after: { record: number; checkpoint: number },
  upTo: number,
): Promise<{ seq: number; checkpoint: boolean; at: string; line: string }[]> {
  const [{ rows: records }, { rows: checkpoints }] = await Promise.all([
    sql.query<{ seq: string; at: Date | string; line: string }>(
      'SELECT seq::text AS seq, at, line FROM audit_record WHERE seq > $1 AND seq <= $2 ORDER BY audit_record.seq',
      [after.record, upTo],
    ),
    sql.query<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoint WHERE seq > $1 AND seq <= $2 ORDER BY audit_checkpoint.seq`, [
      after.checkpoint,
      upTo,
    ]),
  ]);
  const lines: { seq: number; checkpoint: boolean; at: string; line: string }[] = [];
  let next = 0;
  for (const r of records) {
    const seq = Number(r.seq);
    // A checkpoint follows the record it seals.
    while (next < checkpoints.length && Number(checkpoints[next].seq) < seq) lines.push(checkpointLine(checkpoints[next++]));
    lines.push({ seq, checkpoint: false, at: new Date(r.at).toISOString(), line: r.line });
  }
  while (next < checkpoints.length) lines.push(checkpointLine(checkpoints[next++]));
  return lines;
}

function checkpointLine(row: CheckpointRow) {
  const checkpoint = checkpointFromRow(row);
  return { seq: checkpoint.seq, checkpoint: true, at: checkpoint.at, line: canonicalize(checkpoint) as string };
}

export async function lastCheckpoint(sql: SqlClient): Promise<Checkpoint | undefined> {
  const { rows } = await sql.query<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoint ORDER BY audit_checkpoint.seq DESC LIMIT 1`);
  return rows[0] ? checkpointFromRow(rows[0]) : undefined;
}
