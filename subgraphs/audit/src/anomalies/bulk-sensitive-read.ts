import type { AuditPrisma } from '../prisma';
import type { DayRange } from '../time-range';
import { Anomaly, anomalyId, departmentZh, iso } from './anomaly';

/** One operation reading sensitive fields of this many records is a bulk extraction, whatever its purpose. */
export const BULK_SENSITIVE_RECORDS = 100;

export async function bulkSensitiveReads(prisma: AuditPrisma, range: DayRange, department: string | undefined): Promise<Anomaly[]> {
  const rows = await prisma.auditRecord.findMany({
    where: {
      at: { gte: range.start, lt: range.end },
      sensitiveRecordCount: { gte: BULK_SENSITIVE_RECORDS },
      ...(department ? { department } : {}),
    },
    select: { seq: true, at: true, department: true, userId: true, operationName: true, purpose: true, sensitiveRecordCount: true },
    orderBy: { seq: 'asc' },
  });
  return rows.map((row) => {
    // One language per message: the English reason says it in English, the Chinese one in Chinese.
    const operation = row.operationName ?? 'an anonymous operation';
    const purpose = row.purpose ?? 'no purpose';
    const operationZh = row.operationName ?? '匿名操作';
    const purposeZh = row.purpose ?? '未说明';
    return {
      id: anomalyId('BULK_SENSITIVE_READ', row.seq.toString()),
      kind: 'BULK_SENSITIVE_READ',
      department: row.department,
      userId: row.userId,
      windowStart: iso(row.at),
      windowEnd: iso(row.at),
      reason: `${row.userId} of ${row.department} read sensitive fields of ${row.sensitiveRecordCount} records in one operation (${operation}, ${purpose})`,
      reasonZh: `${departmentZh(row.department)}用户${row.userId}单次操作读取${row.sensitiveRecordCount}条记录的敏感字段（${operationZh}，事由：${purposeZh}）`,
      recordSeqs: [row.seq.toString()],
      recordCount: 1,
    };
  });
}
