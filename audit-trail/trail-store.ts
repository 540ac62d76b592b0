import type { SqlClient } from '../platform/database/sql-client';
import { bulkInsert } from '../platform/database/bulk-insert';
import type { ChainedRecord, Checkpoint } from './record';

/** Rows of the audit database, written in one transaction per group commit. */
export interface StoredRecord {
  record: ChainedRecord;
  line: string;
}

const CHAIN_LOCK_KEY = 0x63686e; // 'chn'

/** The writer's head is stale: the trail already holds records at or after the position it would write. */
export class StaleChainHeadError extends Error {}

/**
 * The trail is partitioned by month, so seq alone is no longer a unique key and cannot refuse a
 * writer whose head is stale (a commit that succeeded although its answer was lost, a second writer
 * after a lost lease). Until the head is kept in the database under a lock (issue #14 item 1), this
 * check does: no stored record may be at or after the first position written. The transaction lock
 * makes check and insert one step for every writer of the trail (each statement, READ COMMITTED, sees
 * what the previous holder committed). It has no SQLSTATE, so the writer takes it for a store failure
 * and re-reads its head.
 */
async function assertChainContinues(sql: SqlClient, entries: StoredRecord[]): Promise<void> {
  if (entries.length === 0) return;
  await sql.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK_KEY]);
  // What the primary key on seq refused before: a position already taken. (A trail whose records a
  // prune took all has none below, and the writer goes on after its anchor, as it did.)
  const { rows } = await sql.query<{ seq: string | null }>('SELECT max(seq)::text AS seq FROM audit_record');
  const stored = Number(rows[0]?.seq ?? 0);
  if (stored >= entries[0].record.seq) {
    throw new StaleChainHeadError(`the trail already holds seq ${stored}, at or after ${entries[0].record.seq}: the writer's head is stale`);
  }
}

export async function insertRecords(sql: SqlClient, entries: StoredRecord[], checkpoints: Checkpoint[]): Promise<void> {
  await assertChainContinues(sql, entries);
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
    ],
    checkpoints,
  );
}

export async function chainHead(sql: SqlClient): Promise<{ seq: number; hash: string } | undefined> {
  const { rows } = await sql.query<{ seq: string; hash: string }>('SELECT seq::text AS seq, hash FROM audit_record ORDER BY audit_record.seq DESC LIMIT 1');
  return rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : undefined;
}

export async function linesAfter(sql: SqlClient, seq: number): Promise<{ seq: number; at: string; line: string }[]> {
  const { rows } = await sql.query<{ seq: string; at: Date | string; line: string }>(
    'SELECT seq::text AS seq, at, line FROM audit_record WHERE seq > $1 ORDER BY audit_record.seq',
    [seq],
  );
  return rows.map((r) => ({ seq: Number(r.seq), at: new Date(r.at).toISOString(), line: r.line }));
}

export async function lastCheckpoint(sql: SqlClient): Promise<Checkpoint | undefined> {
  const { rows } = await sql.query<{ seq: string; hash: string; at: Date | string; signature: string }>(
    'SELECT seq::text AS seq, hash, at, signature FROM audit_checkpoint ORDER BY audit_checkpoint.seq DESC LIMIT 1',
  );
  const c = rows[0];
  return c ? { kind: 'checkpoint', seq: Number(c.seq), hash: c.hash, at: new Date(c.at).toISOString(), signature: c.signature } : undefined;
}
