import type { ChainedRecord } from '../../audit-trail/record';
import type { TestFederation } from './federation';

/** The trail's records of one request, exactly as hashed (parsed from the stored line). */
export async function auditRecordsOf(federation: TestFederation, requestId: string | null): Promise<ChainedRecord[]> {
  if (!requestId) return [];
  const { rows } = await federation.system.audit!.sql.query<{ line: string }>('SELECT line FROM audit_record WHERE request_id = $1 ORDER BY seq', [requestId]);
  return rows.map((r) => JSON.parse(r.line) as ChainedRecord);
}

/** The one record of a request; fails the test when there is none or more than one. */
export async function auditRecordOf(federation: TestFederation, requestId: string | null): Promise<ChainedRecord> {
  const records = await auditRecordsOf(federation, requestId);
  if (records.length !== 1) throw new Error(`expected one audit record for request ${requestId}, found ${records.length}`);
  return records[0];
}

/** Records holding a text anywhere in their line (e.g. a client-chosen request id). */
export async function auditRecordsMentioning(federation: TestFederation, text: string): Promise<ChainedRecord[]> {
  const { rows } = await federation.system.audit!.sql.query<{ line: string }>('SELECT line FROM audit_record WHERE strpos(line, $1) > 0 ORDER BY seq', [text]);
  return rows.map((r) => JSON.parse(r.line) as ChainedRecord);
}
