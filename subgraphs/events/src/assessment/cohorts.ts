import { DAY_MS, epochDayOfDate, startOfLocalDate } from '../../../kit/src/calendar/working-calendar';
import { badUserInput } from '../errors';
import { quoted } from '../workflow/input';
import type { EventsPrisma } from '../prisma';
import { ACTIVE_STATUSES, CLOSED_STATUSES } from '../workflow/actions';
import type { EventStatus } from '../../prisma/generated/enums';
import type { CohortRow } from './assess';

export type AssessmentGrouping = 'DEPARTMENT' | 'TOWN';

export interface Period {
  /** Inclusive start and exclusive end, as instants (local midnights). */
  start: Date;
  end: Date;
}

const MAX_PERIOD_DAYS = 366;

/**
 * The dates an assessment may cover. Outside them the calendar and PostgreSQL disagree on what a
 * date is (there is no year 0; year 10000 has no ISO form), and no event of this system lies there.
 */
export const FIRST_DATE = '2000-01-01';
export const LAST_DATE = '2099-12-31';

function checkedDate(value: string, argument: string): string {
  const time = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
  // A day past the month's end (2026-02-30) parses to NaN or rolls over; either way it is not this date.
  const real = !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
  if (!real || value < FIRST_DATE || value > LAST_DATE) {
    throw badUserInput(`${argument} must be a date YYYY-MM-DD from ${FIRST_DATE} to ${LAST_DATE}, got ${quoted(value)}`, { argument });
  }
  return value;
}

/** Local dates, both included, in China Standard Time. */
export function periodOfDates(from: string, to: string): Period {
  const first = epochDayOfDate(checkedDate(from, 'from'));
  const last = epochDayOfDate(checkedDate(to, 'to'));
  if (last < first) throw badUserInput(`to (${to}) is before from (${from})`, { argument: 'to' });
  if (last - first + 1 > MAX_PERIOD_DAYS) throw badUserInput(`a period spans at most ${MAX_PERIOD_DAYS} days`, { argument: 'to' });
  return { start: startOfLocalDate(from), end: new Date(startOfLocalDate(to).getTime() + DAY_MS) };
}

export function periodOfMonth(month: string): Period {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  const [first, last] = [FIRST_DATE.slice(0, 7), LAST_DATE.slice(0, 7)];
  if (!match || month < first || month > last) {
    throw badUserInput(`month must be a month YYYY-MM from ${first} to ${last}, got ${quoted(month)}`, { argument: 'month' });
  }
  const year = Number(match[1]);
  const index = Number(match[2]);
  const next = index === 12 ? `${year + 1}-01-01` : `${year}-${String(index + 1).padStart(2, '0')}-01`;
  return { start: startOfLocalDate(`${month}-01`), end: startOfLocalDate(next) };
}

interface RawCohortRow {
  unit: string;
  returns: number;
  current: boolean;
  status: EventStatus;
  dispatched_at: Date | null;
  accepted_at: Date | null;
  contact_deadline: Date | null;
  handle_deadline: Date | null;
  handled_at: Date | null;
  handled_late: boolean | null;
  satisfaction: number | null;
}

/**
 * Departments: the dispatches they received in the period (a returned dispatch counts as received
 * and returned; a dispatch reopened for a redo because the reporter was dissatisfied counts as
 * received and not closed). Towns: the events registered in the period, by the town of their grid.
 */
const COHORT_SQL: Record<AssessmentGrouping, string> = {
  DEPARTMENT: `
    SELECT d.department AS unit, (d.returned_at IS NOT NULL)::int AS returns, (d.returned_at IS NULL AND d.reopened_at IS NULL) AS current,
           e.status::text AS status, d.dispatched_at, d.accepted_at, d.contact_deadline, d.handle_deadline,
           d.handled_at, d.handled_late, e.satisfaction
      FROM "event_dispatch" d JOIN "event" e ON e.id = d.event_id
     WHERE d.dispatched_at >= $1::timestamptz AND d.dispatched_at < $2::timestamptz`,
  TOWN: `
    SELECT substr(e.grid_code, 1, 9) || '000' AS unit, e.return_count AS returns, true AS current,
           e.status::text AS status, e.dispatched_at, e.accepted_at, e.contact_deadline, e.handle_deadline,
           e.handled_at, e.handled_late, e.satisfaction
      FROM "event" e
     WHERE e.registered_at >= $1::timestamptz AND e.registered_at < $2::timestamptz`,
};

const date = (value: Date | string | null) => (value === null ? null : new Date(value));

export async function cohortRows(prisma: EventsPrisma, grouping: AssessmentGrouping, period: Period): Promise<CohortRow[]> {
  const rows = await prisma.$queryRawUnsafe<RawCohortRow[]>(COHORT_SQL[grouping], period.start.toISOString(), period.end.toISOString());
  return rows.map((r) => {
    // A returned dispatch's event may well be closed later, by another department: not this one's closure.
    const closed = r.current && CLOSED_STATUSES.includes(r.status);
    return {
      unit: r.unit,
      returns: Number(r.returns),
      closed,
      open: r.current && ACTIVE_STATUSES.includes(r.status),
      dispatchedAt: date(r.dispatched_at),
      acceptedAt: date(r.accepted_at),
      contactDeadline: date(r.contact_deadline),
      handleDeadline: date(r.handle_deadline),
      handledAt: date(r.handled_at),
      handledLate: r.current ? r.handled_late : null,
      satisfaction: closed ? r.satisfaction : null,
    };
  });
}
