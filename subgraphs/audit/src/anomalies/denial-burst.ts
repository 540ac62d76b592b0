import type { AuditPrisma } from '../prisma';
import { Prisma } from '../prisma';
import type { DayRange } from '../time-range';
import { andDepartment, DENIED_RECORD, instant } from '../trail-sql';
import { Anomaly, anomalyId, departmentZh, iso, MAX_SEQS } from './anomaly';

/** Someone probing what they may not read: many refusals in a short time. */
export const BURST_MIN_DENIALS = 10;
export const BURST_WINDOW_MINUTES = 5;

interface Row {
  department: string;
  user_id: string;
  first_at: Date;
  last_at: Date;
  denials: number;
  seqs: string[];
}

/**
 * A user's denied operations, counted in a 5-minute window starting at each of them; every denial in
 * a window that reaches 10 belongs to a burst, and such denials less than 5 minutes apart make one
 * burst (so a long run of probing is one finding, not one per minute).
 */
export async function denialBursts(prisma: AuditPrisma, range: DayRange, department: string | undefined): Promise<Anomaly[]> {
  const window = Prisma.raw(`INTERVAL '${BURST_WINDOW_MINUTES} minutes'`);
  const rows = await prisma.$queryRaw<Row[]>`
    WITH denied AS (
      SELECT seq, department, user_id, at FROM audit_record
      WHERE at >= ${instant(range.start)} AND at < ${instant(range.end)}
        ${andDepartment(Prisma.sql`department`, department)}
        AND ${DENIED_RECORD}
    ), windows AS (
      SELECT *, count(*) OVER (PARTITION BY department, user_id ORDER BY at RANGE BETWEEN CURRENT ROW AND ${window} FOLLOWING) AS n
      FROM denied
    ), members AS (
      SELECT d.* FROM denied d
      WHERE EXISTS (
        SELECT 1 FROM windows w
        WHERE w.n >= ${Prisma.raw(String(BURST_MIN_DENIALS))} AND w.department = d.department AND w.user_id = d.user_id
          AND d.at >= w.at AND d.at <= w.at + ${window}
      )
    ), islands AS (
      SELECT *, sum(CASE WHEN previous_at IS NULL OR at > previous_at + ${window} THEN 1 ELSE 0 END)
                  OVER (PARTITION BY department, user_id ORDER BY at, seq) AS island
      FROM (SELECT *, lag(at) OVER (PARTITION BY department, user_id ORDER BY at, seq) AS previous_at FROM members) ordered
    )
    SELECT department, user_id, min(at) AS first_at, max(at) AS last_at, count(*)::int AS denials,
           (array_agg(seq::text ORDER BY seq))[1:${Prisma.raw(String(MAX_SEQS))}] AS seqs
    FROM islands
    GROUP BY department, user_id, island`;
  return rows.map((row) => {
    const minutes = ((row.last_at.getTime() - row.first_at.getTime()) / 60_000).toFixed(1);
    return {
      id: anomalyId('DENIAL_BURST', row.department, row.user_id, iso(row.first_at)),
      kind: 'DENIAL_BURST',
      department: row.department,
      userId: row.user_id,
      windowStart: iso(row.first_at),
      windowEnd: iso(row.last_at),
      reason: `${row.user_id} of ${row.department} had ${row.denials} denied operations within ${minutes} minutes`,
      reasonZh: `${departmentZh(row.department)}用户${row.user_id}在${minutes}分钟内被拒绝${row.denials}次操作，疑似越权试探`,
      recordSeqs: row.seqs,
      recordCount: row.denials,
    };
  });
}
