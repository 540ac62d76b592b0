import canonicalize from 'canonicalize';
import type { ChainedRecord } from './record';

/**
 * Every column an auditor can query must say what the hashed line says, or an edit of a column
 * would show in the auditors' answers and go unseen by the chain.
 */
export function columnsDiffer(row: Record<string, any>): string | undefined {
  const record = JSON.parse(row.line) as ChainedRecord;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const at = row.at instanceof Date || typeof row.at === 'string' ? new Date(row.at).toISOString() : row.at;
  const variables = typeof row.variables === 'string' ? JSON.parse(row.variables) : row.variables;
  const checks: [string, unknown, unknown][] = [
    ['seq', row.seq, String(record.seq)],
    ['hash', row.hash, record.hash],
    ['prev_hash', row.prev_hash, record.prevHash],
    ['request_id', row.request_id, record.requestId],
    ['at', at, record.at],
    ['department', row.department, record.department],
    ['user_id', row.user_id, record.userId],
    ['level', row.level, record.level],
    ['purpose', row.purpose, record.purpose],
    ['client_name', row.client_name, record.clientName],
    ['operation_name', row.operation_name, record.operationName],
    ['operation_type', row.operation_type, record.operationType],
    ['document_hash', row.document_hash, record.documentHash],
    // jsonb orders keys its own way: compare canonical forms.
    ['variables', canonicalize(variables ?? null), canonicalize(record.variables ?? null)],
    ['outcome', row.outcome, record.outcome],
    ['fields_granted', row.fields_granted, record.fieldsGranted],
    ['fields_masked', row.fields_masked, record.fieldsMasked],
    ['fields_denied', row.fields_denied, record.fieldsDenied],
    ['denial_reasons', row.denial_reasons, record.denialReasons],
    ['http_status', row.http_status, record.httpStatus],
    ['duration_ms', row.duration_ms, record.durationMs],
    ['record_count', row.record_count, record.recordCount],
    ['sensitive_record_count', row.sensitive_record_count, record.sensitiveRecordCount],
  ];
  for (const [column, stored, hashed] of checks) {
    if (!same(stored, hashed)) return `record ${record.seq}: column ${column} was changed (it no longer matches the hashed record)`;
  }
  const byKey = (a: unknown[], b: unknown[]) => (JSON.stringify(a.slice(0, 3)) < JSON.stringify(b.slice(0, 3)) ? -1 : 1);
  const hashedAccesses = record.accesses
    .map((a) => [
      a.entityType,
      a.entityKey,
      a.subgraph,
      a.subjectDigest ?? null,
      a.raw,
      a.masked,
      a.denied,
      a.written ?? null,
      a.beforeDigest ?? null,
      a.afterDigest ?? null,
      a.changeRequestId ?? null,
    ])
    .sort(byKey);
  if (!same([...(row.accesses as unknown[][])].sort(byKey), hashedAccesses)) {
    return `record ${record.seq}: its access rows were changed, added or removed`;
  }
  return undefined;
}
