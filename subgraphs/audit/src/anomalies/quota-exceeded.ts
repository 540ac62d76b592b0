import type { AuditPrisma } from '../prisma';
import type { DayRange } from '../time-range';
import { Anomaly, anomalyId, departmentZh, iso } from './anomaly';

/**
 * The gateway's writer raises these as it refuses a field past a department's daily quota; they are
 * read as stored, not recomputed. The detail is the writer's ({ sensitivity, count, quota }); each key is optional here.
 */
export async function quotaExceeded(prisma: AuditPrisma, range: DayRange, department: string | undefined): Promise<Anomaly[]> {
  const rows = await prisma.auditEvent.findMany({
    where: { kind: 'QUOTA_EXCEEDED', at: { gte: range.start, lt: range.end }, ...(department ? { department } : {}) },
    orderBy: { id: 'asc' },
  });
  // The user is the one whose operation went past the quota: read from the record the event names.
  const seqs = rows.flatMap((row) => (row.recordSeq === null ? [] : [row.recordSeq]));
  const users = new Map(
    seqs.length === 0
      ? []
      : (await prisma.auditRecord.findMany({ where: { seq: { in: seqs } }, select: { seq: true, userId: true } })).map((r) => [r.seq, r.userId]),
  );
  return rows.map((row) => {
    const detail = (row.detail ?? {}) as Record<string, unknown>;
    const text = (key: string) => (typeof detail[key] === 'string' || typeof detail[key] === 'number' ? String(detail[key]) : undefined);
    const userId = (row.recordSeq === null ? undefined : users.get(row.recordSeq)) ?? text('userId') ?? null;
    const sensitivity = text('sensitivity');
    const quota = text('quota') ?? text('limit');
    const used = text('count') ?? text('used');
    const what = `${sensitivity ? `${sensitivity} ` : ''}quota${quota ? ` of ${quota} records a day` : ''}`;
    return {
      id: anomalyId('QUOTA_EXCEEDED', row.id.toString()),
      kind: 'QUOTA_EXCEEDED',
      department: row.department,
      userId,
      windowStart: iso(row.at),
      windowEnd: iso(row.at),
      reason: `${row.department} went past its daily ${what}${used ? ` (${used} read)` : ''}${userId ? `; refused to ${userId}` : ''}`,
      reasonZh: `${departmentZh(row.department)}超出每日${sensitivity === 'sensitive' ? '敏感信息' : sensitivity === 'personal' ? '个人信息' : ''}查询配额${quota ? `（${quota}条）` : ''}${userId ? `，用户${userId}被拒绝` : ''}`,
      recordSeqs: row.recordSeq === null ? [] : [row.recordSeq.toString()],
      recordCount: row.recordSeq === null ? 0 : 1,
    };
  });
}
