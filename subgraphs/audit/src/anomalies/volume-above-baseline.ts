import type { AuditPrisma } from '../prisma';
import { Prisma } from '../prisma';
import type { DayRange } from '../time-range';
import { addDays, localMidnight } from '../time-range';
import { andDepartment, instant, LOCAL_ZONE } from '../trail-sql';
import { Anomaly, anomalyId, departmentZh, iso, MAX_SEQS } from './anomaly';

/** A day is unusual when it is both far above the department's own habit and not trivially small. */
export const VOLUME_FACTOR = 3;
export const VOLUME_MIN_OPERATIONS = 20;
export const TRAILING_DAYS = 14;

interface Row {
  department: string;
  day: string;
  operations: number;
  baseline: number;
  seqs: string[];
}

/**
 * Each day of the range against the mean of the 14 days before it (quiet days count as zero). One
 * statement: daily counts, a trailing window over them, and the first records of each flagged day.
 */
export async function volumeAboveBaseline(prisma: AuditPrisma, range: DayRange, department: string | undefined): Promise<Anomaly[]> {
  const rows = await prisma.$queryRaw<Row[]>`
    WITH daily AS (
      SELECT department, (at AT TIME ZONE ${LOCAL_ZONE})::date AS day, count(*)::int AS operations
      FROM audit_record
      WHERE at >= ${instant(localMidnight(addDays(range.firstDay, -TRAILING_DAYS)))} AND at < ${instant(range.end)}
        ${andDepartment(Prisma.sql`department`, department)}
      GROUP BY 1, 2
    ), with_baseline AS (
      SELECT department, day, operations,
             coalesce(sum(operations) OVER (
               PARTITION BY department ORDER BY day
               RANGE BETWEEN INTERVAL '${Prisma.raw(String(TRAILING_DAYS))} days' PRECEDING AND INTERVAL '1 day' PRECEDING
             ), 0)::float8 / ${Prisma.raw(String(TRAILING_DAYS))} AS baseline
      FROM daily
    )
    SELECT t.department, t.day::text AS day, t.operations, t.baseline, s.seqs
    FROM with_baseline t
    CROSS JOIN LATERAL (
      SELECT array_agg(seq::text ORDER BY seq) AS seqs FROM (
        SELECT seq FROM audit_record r
        WHERE r.department = t.department
          AND r.at >= (t.day::timestamp AT TIME ZONE ${LOCAL_ZONE}) AND r.at < ((t.day + 1)::timestamp AT TIME ZONE ${LOCAL_ZONE})
        ORDER BY seq LIMIT ${Prisma.raw(String(MAX_SEQS))}
      ) first_records
    ) s
    WHERE t.day >= ${range.firstDay}::date
      AND t.operations >= ${Prisma.raw(String(VOLUME_MIN_OPERATIONS))}
      AND t.operations > ${Prisma.raw(String(VOLUME_FACTOR))} * t.baseline`;
  return rows.map((row) => {
    const mean = row.baseline.toFixed(1);
    const ratio = row.baseline > 0 ? `${(row.operations / row.baseline).toFixed(1)}×` : 'no earlier activity';
    return {
      id: anomalyId('VOLUME_ABOVE_BASELINE', row.department, row.day),
      kind: 'VOLUME_ABOVE_BASELINE',
      department: row.department,
      userId: null,
      windowStart: iso(localMidnight(row.day)),
      windowEnd: iso(localMidnight(addDays(row.day, 1))),
      reason: `${row.department} ran ${row.operations} operations on ${row.day}, against a mean of ${mean} a day over the previous ${TRAILING_DAYS} days (${ratio})`,
      reasonZh: `${departmentZh(row.department)}于${row.day}共操作${row.operations}次，前${TRAILING_DAYS}日日均${mean}次，明显高于自身基线`,
      recordSeqs: row.seqs,
      recordCount: row.operations,
    };
  });
}
