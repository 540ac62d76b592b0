import { loadHolidayCalendar } from '../../../kit/src/calendar/holidays';
import { epochDayOfDate, WorkingCalendar } from '../../../kit/src/calendar/working-calendar';
import type { AuditPrisma } from '../prisma';
import { Prisma } from '../prisma';
import type { DayRange } from '../time-range';
import { addDays, localMidnight } from '../time-range';
import { andDepartment, instant, LOCAL_ZONE } from '../trail-sql';
import { Anomaly, anomalyId, departmentZh, iso, MAX_SEQS } from './anomaly';

/** A day is unusual when it is both far above the department's own habit and not trivially small. */
export const VOLUME_FACTOR = 3;
export const VOLUME_MIN_OPERATIONS = 20;
/** The same weekday over this many earlier weeks is the department's habit for that weekday. */
export const BASELINE_WEEKS = 4;
/**
 * No volume finding until a department has this many days of trail behind the day: a fresh city
 * (or a department just connected) has no habit yet, and "134 against a mean of 0.0" says nothing.
 */
export const WARM_UP_DAYS = 14;

let sharedCalendar: WorkingCalendar | undefined;
const calendar = () => (sharedCalendar ??= loadHolidayCalendar());

const weekdayOf = (epochDay: number) => (epochDay + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday

/**
 * A day whose working status is not its weekday's usual one (a public holiday on a Tuesday, a
 * make-up working Sunday) says nothing about that weekday's habit, so it is no baseline sample.
 */
function unusualDay(epochDay: number, working: WorkingCalendar): boolean {
  const weekend = weekdayOf(epochDay) === 0 || weekdayOf(epochDay) === 6;
  return working.isWorkingDay(epochDay) === weekend;
}

interface DailyRow {
  department: string;
  day: string;
  operations: number;
}

interface Flagged extends DailyRow {
  baseline: number;
  samples: number;
}

/**
 * Each day of the range against the department's mean on the same weekday over the previous
 * BASELINE_WEEKS weeks (public holidays and make-up days left out, quiet days counting zero), once
 * the department has WARM_UP_DAYS of trail before the day. Daily counts in one statement; the
 * baseline is computed here, where the holiday calendar is.
 */
export async function volumeAboveBaseline(
  prisma: AuditPrisma,
  range: DayRange,
  department: string | undefined,
  working: WorkingCalendar = calendar(),
): Promise<Anomaly[]> {
  const lookback = BASELINE_WEEKS * 7;
  const daily = await prisma.$queryRaw<DailyRow[]>`
    SELECT department, (at AT TIME ZONE ${LOCAL_ZONE})::date::text AS day, count(*)::int AS operations
    FROM audit_record
    WHERE at >= ${instant(localMidnight(addDays(range.firstDay, -lookback)))} AND at < ${instant(range.end)}
      ${andDepartment(Prisma.sql`department`, department)}
    GROUP BY 1, 2`;
  const counts = new Map<string, Map<number, number>>();
  for (const row of daily) {
    const days = counts.get(row.department) ?? new Map<number, number>();
    days.set(epochDayOfDate(row.day), row.operations);
    counts.set(row.department, days);
  }
  const firstDay = epochDayOfDate(range.firstDay);
  const flagged: Flagged[] = [];
  for (const [dept, days] of counts) {
    const earliest = Math.min(...days.keys());
    for (const [day, operations] of days) {
      if (day < firstDay || operations < VOLUME_MIN_OPERATIONS || day - earliest < WARM_UP_DAYS) continue;
      const samples: number[] = [];
      for (let week = 1; week <= BASELINE_WEEKS; week++) {
        const sample = day - 7 * week;
        // Before the department's first day there was no habit to sample, not a quiet day.
        if (sample >= earliest && !unusualDay(sample, working)) samples.push(days.get(sample) ?? 0);
      }
      if (samples.length === 0) continue;
      const baseline = samples.reduce((a, b) => a + b, 0) / samples.length;
      if (operations > VOLUME_FACTOR * baseline) {
        flagged.push({ department: dept, day: new Date(day * 86_400_000).toISOString().slice(0, 10), operations, baseline, samples: samples.length });
      }
    }
  }
  return Promise.all(flagged.map(async (row) => finding(row, await firstRecords(prisma, row))));
}

async function firstRecords(prisma: AuditPrisma, row: Flagged): Promise<string[]> {
  const records = await prisma.auditRecord.findMany({
    where: { department: row.department, at: { gte: localMidnight(row.day), lt: localMidnight(addDays(row.day, 1)) } },
    select: { seq: true },
    orderBy: { seq: 'asc' },
    take: MAX_SEQS,
  });
  return records.map((r) => r.seq.toString());
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const WEEKDAYS_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

function finding(row: Flagged, seqs: string[]): Anomaly {
  const mean = row.baseline.toFixed(1);
  const ratio = row.baseline > 0 ? `${(row.operations / row.baseline).toFixed(1)}×` : 'none before';
  const weekday = weekdayOf(epochDayOfDate(row.day));
  return {
    id: anomalyId('VOLUME_ABOVE_BASELINE', row.department, row.day),
    kind: 'VOLUME_ABOVE_BASELINE',
    department: row.department,
    userId: null,
    windowStart: iso(localMidnight(row.day)),
    windowEnd: iso(localMidnight(addDays(row.day, 1))),
    reason: `${row.department} ran ${row.operations} operations on ${row.day}, against a mean of ${mean} on the previous ${row.samples} ${WEEKDAYS[weekday]}s (${ratio})`,
    reasonZh: `${departmentZh(row.department)}于${row.day}共操作${row.operations}次，此前${row.samples}个${WEEKDAYS_ZH[weekday]}平均${mean}次，明显高于自身基线`,
    recordSeqs: seqs,
    recordCount: row.operations,
  };
}
