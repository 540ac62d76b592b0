import type { AuditPrisma } from '../prisma';
import type { DayRange } from '../time-range';
import { localDate } from '../../../kit/src/calendar/working-calendar';
import { Anomaly, anomalyId, departmentZh, iso, MAX_SEQS } from './anomaly';

/** One operation reading sensitive fields of this many records is a bulk extraction, whatever its purpose. */
export const BULK_SENSITIVE_RECORDS = 100;

interface BulkRow {
  seq: bigint;
  at: Date;
  department: string;
  userId: string;
  operationName: string | null;
  purpose: string | null;
  sensitiveRecordCount: number;
}

/**
 * Bulk reads grouped into one finding per department, user and local day, with its records: a
 * paged read of 100 pages is one extraction for an auditor to review, not 100 findings.
 */
export async function bulkSensitiveReads(prisma: AuditPrisma, range: DayRange, department: string | undefined): Promise<Anomaly[]> {
  const rows: BulkRow[] = await prisma.auditRecord.findMany({
    where: {
      at: { gte: range.start, lt: range.end },
      sensitiveRecordCount: { gte: BULK_SENSITIVE_RECORDS },
      ...(department ? { department } : {}),
    },
    select: { seq: true, at: true, department: true, userId: true, operationName: true, purpose: true, sensitiveRecordCount: true },
    orderBy: { seq: 'asc' },
  });
  const groups = new Map<string, BulkRow[]>();
  for (const row of rows) {
    const key = JSON.stringify([row.department, row.userId, localDate(row.at)]);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map(finding);
}

const distinct = (values: (string | null)[], none: string) => [...new Set(values.map((v) => v ?? none))].join(', ');

function finding(rows: BulkRow[]): Anomaly {
  const first = rows[0];
  const last = rows[rows.length - 1];
  const total = rows.reduce((sum, row) => sum + row.sensitiveRecordCount, 0);
  // One language per message: the English reason says it in English, the Chinese one in Chinese.
  const operations = distinct(
    rows.map((r) => r.operationName),
    'an anonymous operation',
  );
  const purposes = distinct(
    rows.map((r) => r.purpose),
    'no purpose',
  );
  const operationsZh = distinct(
    rows.map((r) => r.operationName),
    '匿名操作',
  );
  const purposesZh = distinct(
    rows.map((r) => r.purpose),
    '未说明',
  );
  const who = `${first.userId} of ${first.department}`;
  const whoZh = `${departmentZh(first.department)}用户${first.userId}`;
  const single = rows.length === 1;
  return {
    id: anomalyId('BULK_SENSITIVE_READ', first.department, first.userId, localDate(first.at)),
    kind: 'BULK_SENSITIVE_READ',
    department: first.department,
    userId: first.userId,
    windowStart: iso(first.at),
    windowEnd: iso(last.at),
    reason: single
      ? `${who} read sensitive fields of ${total} records in one operation (${operations}, ${purposes})`
      : `${who} read sensitive fields of ${total} records in ${rows.length} operations of at least ${BULK_SENSITIVE_RECORDS} each (${operations}, ${purposes})`,
    reasonZh: single
      ? `${whoZh}单次操作读取${total}条记录的敏感字段（${operationsZh}，事由：${purposesZh}）`
      : `${whoZh}以${rows.length}次操作（每次至少${BULK_SENSITIVE_RECORDS}条）共读取${total}条记录的敏感字段（${operationsZh}，事由：${purposesZh}）`,
    recordSeqs: rows.slice(0, MAX_SEQS).map((r) => r.seq.toString()),
    recordCount: rows.length,
  };
}
