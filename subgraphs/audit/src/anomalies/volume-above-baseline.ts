import { loadHolidayCalendar } from '../../../kit/src/calendar/holidays';
import { epochDayOfDate, WorkingCalendar } from '../../../kit/src/calendar/working-calendar';
import type { AuditPrisma } from '../prisma';
import { Prisma } from '../prisma';
import type { DayRange } from '../time-range';
import { addDays, localMidnight } from '../time-range';
import { andDepartment, instant, LOCAL_ZONE } from '../trail-sql';
import { Anomaly, anomalyId, departmentZh, iso, MAX_SEQS } from './anomaly';

/** An hour is unusual when it is both far above the department's own habit and not trivially small. */
export const VOLUME_FACTOR = 3;
export const VOLUME_MIN_OPERATIONS = 20;
/** The same weekday and hour over this many earlier weeks is the department's habit for that hour. */
export const BASELINE_WEEKS = 4;
/**
 * No volume finding until a department has this many days of trail behind the day: a fresh city
 * (or a department just connected) has no habit yet, and "134 against a mean of 0.0" says nothing.
 */
export const WARM_UP_DAYS = 14;

const HOUR_MS = 3_600_000;

let sharedCalendar: WorkingCalendar | undefined;
const calendar = () => (sharedCalendar ??= loadHolidayCalendar());

const weekdayOf = (epochDay: number) => (epochDay + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
const dateOf = (epochDay: number) => new Date(epochDay * 86_400_000).toISOString().slice(0, 10);

/**
 * A day whose working status is not its weekday's usual one (a public holiday on a Tuesday, a
 * make-up working Sunday) says nothing about that weekday's habit, so it is no baseline sample.
 */
function unusualDay(epochDay: number, working: WorkingCalendar): boolean {
  const weekend = weekdayOf(epochDay) === 0 || weekdayOf(epochDay) === 6;
  return working.isWorkingDay(epochDay) === weekend;
}

interface HourlyRow {
  department: string;
  day: string;
  hour: number;
  operations: number;
}

interface FlaggedHour {
  hour: number;
  operations: number;
  baseline: number;
}

interface FlaggedDay {
  department: string;
  day: string;
  samples: number;
  hours: FlaggedHour[];
}

/** department → local day (epoch day) → local hour → operations. */
type Counts = Map<string, Map<number, Map<number, number>>>;

/**
 * Each local hour of the range against the department's mean in the same hour of the same weekday
 * over the previous BASELINE_WEEKS weeks (public holidays and make-up days left out, quiet hours
 * counting zero), once the department has WARM_UP_DAYS of trail before the day: a department that
 * triples its usual Tuesday 10:00 is found even when its day as a whole looks ordinary. The hours
 * found on one day are one finding (one per department, kind and day). Hourly counts in one
 * statement; the baseline is computed here, where the holiday calendar is.
 */
export async function volumeAboveBaseline(
  prisma: AuditPrisma,
  range: DayRange,
  department: string | undefined,
  working: WorkingCalendar = calendar(),
): Promise<Anomaly[]> {
  const lookback = BASELINE_WEEKS * 7;
  const hourly = await prisma.$queryRaw<HourlyRow[]>`
    SELECT department, (at AT TIME ZONE ${LOCAL_ZONE})::date::text AS day,
           extract(hour FROM at AT TIME ZONE ${LOCAL_ZONE})::int AS hour, count(*)::int AS operations
    FROM audit_record
    WHERE at >= ${instant(localMidnight(addDays(range.firstDay, -lookback)))} AND at < ${instant(range.end)}
      ${andDepartment(Prisma.sql`department`, department)}
    GROUP BY 1, 2, 3`;
  // The department's first day needs the trail before the lookback too: a department that started
  // long ago is past its warm-up even when the lookback window is quiet. One index probe per
  // department active in the range ((department, at) index), not an aggregate over the whole trail.
  const active = [...new Set(hourly.map((row) => row.department))];
  const firstDays = active.length
    ? await prisma.$queryRaw<{ department: string; day: string }[]>`
        SELECT d AS department, ((SELECT min(at) FROM audit_record WHERE department = d) AT TIME ZONE ${LOCAL_ZONE})::date::text AS day
        FROM unnest(${active}::text[]) AS d`
    : [];
  const counts: Counts = new Map();
  for (const row of hourly) {
    const days = counts.get(row.department) ?? new Map<number, Map<number, number>>();
    const hours = days.get(epochDayOfDate(row.day)) ?? new Map<number, number>();
    hours.set(row.hour, row.operations);
    days.set(epochDayOfDate(row.day), hours);
    counts.set(row.department, days);
  }
  const earliestOf = new Map(firstDays.map((row) => [row.department, epochDayOfDate(row.day)]));
  const flagged = flag(counts, earliestOf, epochDayOfDate(range.firstDay), working);
  return Promise.all(flagged.map(async (row) => finding(row, await firstRecords(prisma, row))));
}

function flag(counts: Counts, earliestOf: Map<string, number>, firstDay: number, working: WorkingCalendar): FlaggedDay[] {
  const flagged: FlaggedDay[] = [];
  for (const [dept, days] of counts) {
    const earliest = earliestOf.get(dept) ?? Math.min(...days.keys());
    for (const [day, hours] of days) {
      if (day < firstDay || day - earliest < WARM_UP_DAYS) continue;
      const sampleDays: number[] = [];
      for (let week = 1; week <= BASELINE_WEEKS; week++) {
        const sample = day - 7 * week;
        // Before the department's first day there was no habit to sample, not a quiet day.
        if (sample >= earliest && !unusualDay(sample, working)) sampleDays.push(sample);
      }
      if (sampleDays.length === 0) continue;
      const found: FlaggedHour[] = [];
      for (const [hour, operations] of hours) {
        if (operations < VOLUME_MIN_OPERATIONS) continue;
        const baseline = sampleDays.reduce((sum, sample) => sum + (days.get(sample)?.get(hour) ?? 0), 0) / sampleDays.length;
        if (operations > VOLUME_FACTOR * baseline) found.push({ hour, operations, baseline });
      }
      if (found.length) flagged.push({ department: dept, day: dateOf(day), samples: sampleDays.length, hours: found.sort((a, b) => a.hour - b.hour) });
    }
  }
  return flagged;
}

const hourStart = (day: string, hour: number) => new Date(localMidnight(day).getTime() + hour * HOUR_MS);

async function firstRecords(prisma: AuditPrisma, row: FlaggedDay): Promise<string[]> {
  const records = await prisma.auditRecord.findMany({
    where: {
      department: row.department,
      OR: row.hours.map((h) => ({ at: { gte: hourStart(row.day, h.hour), lt: hourStart(row.day, h.hour + 1) } })),
    },
    select: { seq: true },
    orderBy: { seq: 'asc' },
    take: MAX_SEQS,
  });
  return records.map((r) => r.seq.toString());
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const WEEKDAYS_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const clock = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

function finding(row: FlaggedDay, seqs: string[]): Anomaly {
  const weekday = weekdayOf(epochDayOfDate(row.day));
  const total = row.hours.reduce((sum, h) => sum + h.operations, 0);
  const hourEn = (h: FlaggedHour) => {
    const ratio = h.baseline > 0 ? `${(h.operations / h.baseline).toFixed(1)}×` : 'none before';
    return `${h.operations} operations in ${clock(h.hour)}–${clock(h.hour + 1)} against a mean of ${h.baseline.toFixed(1)} (${ratio})`;
  };
  const hourZh = (h: FlaggedHour) => `${clock(h.hour)}至${clock(h.hour + 1)}操作${h.operations}次（此前平均${h.baseline.toFixed(1)}次）`;
  const first = row.hours[0]!;
  const last = row.hours[row.hours.length - 1]!;
  return {
    id: anomalyId('VOLUME_ABOVE_BASELINE', row.department, row.day),
    kind: 'VOLUME_ABOVE_BASELINE',
    department: row.department,
    userId: null,
    windowStart: iso(hourStart(row.day, first.hour)),
    windowEnd: iso(hourStart(row.day, last.hour + 1)),
    reason: `${row.department} on ${row.day} (China time): ${row.hours.map(hourEn).join('; ')}, the same hour on the previous ${row.samples} ${WEEKDAYS[weekday]}s`,
    reasonZh: `${departmentZh(row.department)}于${row.day}（北京时间）${row.hours.map(hourZh).join('；')}，以此前${row.samples}个${WEEKDAYS_ZH[weekday]}同一时段为基线，明显偏高`,
    recordSeqs: seqs,
    recordCount: total,
  };
}
