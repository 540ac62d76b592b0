import type { AuditPrisma } from '../prisma';
import { Prisma } from '../prisma';
import type { DayRange } from '../time-range';
import { andDepartment, instant, LOCAL_ZONE, PERSON_READ } from '../trail-sql';
import { Anomaly, anomalyId, departmentZh, iso, MAX_SEQS } from './anomaly';

/** Working hours, local time: reads of personal records outside them (or on a weekend) are flagged. */
export const WORKDAY_START = '08:00';
export const WORKDAY_END = '20:00';

interface Row {
  department: string;
  user_id: string;
  day: string;
  weekend: boolean;
  first_at: Date;
  last_at: Date;
  operations: number;
  records: number;
  seqs: string[];
}

/**
 * One finding per user and local day: the operations that read personal records before 08:00, from
 * 20:00, or on a Saturday or Sunday. Public holidays are not known here, so they are not flagged.
 */
export async function outOfHours(prisma: AuditPrisma, range: DayRange, department: string | undefined): Promise<Anomaly[]> {
  const rows = await prisma.$queryRaw<Row[]>`
    WITH reads AS (
      SELECT r.seq, r.department, r.user_id, r.at, r.at AT TIME ZONE ${LOCAL_ZONE} AS local_at,
             count(DISTINCT a.entity_key)::int AS records
      FROM audit_record r JOIN audit_access a ON a.record_seq = r.seq AND a.record_at = r.at
      WHERE r.at >= ${instant(range.start)} AND r.at < ${instant(range.end)}
        -- Said of the accesses too, so that only the period's monthly partitions of them are read.
        AND a.record_at >= ${instant(range.start)} AND a.record_at < ${instant(range.end)}
        ${andDepartment(Prisma.sql`r.department`, department)}
        AND ${PERSON_READ}
      -- The key of a record: the trail is partitioned by month, so (seq, at) (r.department etc. follow from it).
      GROUP BY r.seq, r.at
    ), outside AS (
      SELECT *, extract(isodow FROM local_at) >= 6 AS weekend FROM reads
      WHERE extract(isodow FROM local_at) >= 6
         OR local_at::time < ${WORKDAY_START}::time OR local_at::time >= ${WORKDAY_END}::time
    )
    SELECT department, user_id, local_at::date::text AS day, bool_or(weekend) AS weekend,
           min(at) AS first_at, max(at) AS last_at, count(*)::int AS operations, sum(records)::int AS records,
           (array_agg(seq::text ORDER BY seq))[1:${Prisma.raw(String(MAX_SEQS))}] AS seqs
    FROM outside
    GROUP BY department, user_id, local_at::date`;
  return rows.map((row) => {
    const when = row.weekend ? 'on a weekend' : `before ${WORKDAY_START} or after ${WORKDAY_END}`;
    const whenZh = row.weekend ? '周末' : `${WORKDAY_START}前或${WORKDAY_END}后`;
    return {
      id: anomalyId('OUT_OF_HOURS', row.department, row.user_id, row.day),
      kind: 'OUT_OF_HOURS',
      department: row.department,
      userId: row.user_id,
      windowStart: iso(row.first_at),
      windowEnd: iso(row.last_at),
      reason: `${row.user_id} of ${row.department} read ${row.records} personal records in ${row.operations} operations ${when} (${row.day}, local time)`,
      reasonZh: `${departmentZh(row.department)}用户${row.user_id}于${row.day}${whenZh}读取个人信息${row.records}条（${row.operations}次操作），超出工作时间`,
      recordSeqs: row.seqs,
      recordCount: row.operations,
    };
  });
}
