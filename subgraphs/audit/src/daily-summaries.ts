import type { AuditContext } from './loaders';
import { Prisma } from './prisma';
import { checkDepartment } from './record-filter';
import { addDays, localMidnight, parseDayRange } from './time-range';
import { andDepartment, DENIED_RECORD, instant, localDay, PERSON_READ } from './trail-sql';

export const MAX_SUMMARY_DAYS = 366;
export const BASELINE_DAYS = 14;

export interface DepartmentDailySummary {
  department: string;
  date: string;
  operations: number;
  personalRecordsRead: number;
  distinctPersonsRead: number;
  sensitiveRecordsRead: number;
  denials: number;
  baseline: number;
}

interface OperationRow {
  department: string;
  day: string;
  operations: number;
  sensitive: number;
  denials: number;
}

interface ReadRow {
  department: string;
  day: string;
  reads: number;
  persons: number;
}

/**
 * One row per department and local day, every day of the range included (a quiet day is a fact
 * too), for every department with operations in the range or its baseline window. Two statements.
 */
export async function departmentDailySummaries(
  args: { from: string; to: string; department?: string | null },
  ctx: AuditContext,
): Promise<DepartmentDailySummary[]> {
  const range = parseDayRange(args.from, args.to, MAX_SUMMARY_DAYS);
  const department = checkDepartment(args.department, 'department');
  const baselineStart = localMidnight(addDays(range.firstDay, -BASELINE_DAYS));
  const { prisma } = ctx.db;
  const [operations, reads] = await Promise.all([
    prisma.$queryRaw<OperationRow[]>`
      SELECT department, ${localDay(Prisma.sql`at`)} AS day, count(*)::int AS operations,
             coalesce(sum(sensitive_record_count), 0)::int AS sensitive,
             (count(*) FILTER (WHERE ${DENIED_RECORD}))::int AS denials
      FROM audit_record
      WHERE at >= ${instant(baselineStart)} AND at < ${instant(range.end)}
        ${andDepartment(Prisma.sql`department`, department)}
      GROUP BY 1, 2`,
    prisma.$queryRaw<ReadRow[]>`
      SELECT r.department, ${localDay(Prisma.sql`r.at`)} AS day,
             count(DISTINCT (a.record_seq, a.entity_key))::int AS reads,
             count(DISTINCT a.entity_key)::int AS persons
      FROM audit_access a JOIN audit_record r ON r.seq = a.record_seq AND r.at = a.record_at
      WHERE ${PERSON_READ}
        AND r.at >= ${instant(range.start)} AND r.at < ${instant(range.end)}
        -- Said of the accesses too, so that only the period's monthly partitions of them are read.
        AND a.record_at >= ${instant(range.start)} AND a.record_at < ${instant(range.end)}
        ${andDepartment(Prisma.sql`r.department`, department)}
      GROUP BY 1, 2`,
  ]);

  const key = (d: string, day: string) => `${d}\u0000${day}`;
  const byDay = new Map(operations.map((row) => [key(row.department, row.day), row]));
  const readsByDay = new Map(reads.map((row) => [key(row.department, row.day), row]));
  const departments = department ? [department] : [...new Set(operations.map((row) => row.department))].sort();
  const summaries: DepartmentDailySummary[] = [];
  for (const d of departments) {
    let baselineOperations = 0;
    for (let day = addDays(range.firstDay, -BASELINE_DAYS); day < range.firstDay; day = addDays(day, 1)) {
      baselineOperations += byDay.get(key(d, day))?.operations ?? 0;
    }
    const baseline = baselineOperations / BASELINE_DAYS;
    for (const day of range.days) {
      const row = byDay.get(key(d, day));
      const read = readsByDay.get(key(d, day));
      summaries.push({
        department: d,
        date: day,
        operations: row?.operations ?? 0,
        personalRecordsRead: read?.reads ?? 0,
        distinctPersonsRead: read?.persons ?? 0,
        sensitiveRecordsRead: row?.sensitive ?? 0,
        denials: row?.denials ?? 0,
        baseline,
      });
    }
  }
  return summaries;
}
