import { WorkingCalendar, workingDaysBetween } from '../../../kit/src/calendar/working-calendar';

/**
 * Assessment (考核评价) as pure functions over cohort rows, so the numbers can be checked by hand.
 *
 * A row is one unit of accountability: for a department, one dispatch it received; for a town, one
 * event registered there. Per unit:
 *   received    rows
 *   closed      rows whose event is closed (for a department: and which it did not return)
 *   closureRate closed / received
 *   onTime      closed rows whose handling was submitted by the (extended) deadline
 *   onTimeRate  onTime / closed
 *   overdue     rows handled late, or still open past a limit now
 *   averageHandlingWorkingDays  over closed rows: working days from dispatch to handling
 *   returns     returns made (a department: dispatches it returned; a town: returns of its events)
 *   evaluated, averageSatisfaction  over closed rows with a rating
 */

export interface CohortRow {
  unit: string;
  returns: number;
  closed: boolean;
  /** The assigned department's clock is running. */
  open: boolean;
  dispatchedAt: Date | null;
  acceptedAt: Date | null;
  contactDeadline: Date | null;
  handleDeadline: Date | null;
  handledAt: Date | null;
  handledLate: boolean | null;
  satisfaction: number | null;
}

export interface Assessment {
  unit: string;
  received: number;
  closed: number;
  closureRate: number | null;
  onTime: number;
  onTimeRate: number | null;
  overdue: number;
  averageHandlingWorkingDays: number | null;
  returns: number;
  evaluated: number;
  averageSatisfaction: number | null;
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;
const ratio = (part: number, whole: number) => (whole === 0 ? null : round(part / whole, 4));
const mean = (values: number[], places: number) => (values.length === 0 ? null : round(values.reduce((a, b) => a + b, 0) / values.length, places));

function isOverdue(row: CohortRow, now: Date): boolean {
  if (row.handledLate === true) return true;
  if (!row.open) return false;
  const pastHandling = row.handleDeadline !== null && now > row.handleDeadline;
  const pastContact = row.acceptedAt === null && row.contactDeadline !== null && now > row.contactDeadline;
  return pastHandling || pastContact;
}

export function assess(rows: readonly CohortRow[], now: Date, calendar: WorkingCalendar): Assessment[] {
  const byUnit = new Map<string, CohortRow[]>();
  for (const row of rows) byUnit.set(row.unit, [...(byUnit.get(row.unit) ?? []), row]);
  return [...byUnit.keys()].sort().map((unit) => {
    const unitRows = byUnit.get(unit)!;
    const closed = unitRows.filter((r) => r.closed);
    const onTime = closed.filter((r) => r.handledLate === false).length;
    const rated = closed.filter((r) => r.satisfaction !== null).map((r) => r.satisfaction!);
    const handlingDays = closed.filter((r) => r.dispatchedAt && r.handledAt).map((r) => workingDaysBetween(calendar, r.dispatchedAt!, r.handledAt!));
    return {
      unit,
      received: unitRows.length,
      closed: closed.length,
      closureRate: ratio(closed.length, unitRows.length),
      onTime,
      onTimeRate: ratio(onTime, closed.length),
      overdue: unitRows.filter((r) => isOverdue(r, now)).length,
      averageHandlingWorkingDays: mean(handlingDays, 2),
      returns: unitRows.reduce((sum, r) => sum + r.returns, 0),
      evaluated: rated.length,
      averageSatisfaction: mean(rated, 2),
    };
  });
}

export interface RankingEntry {
  rank: number;
  score: number;
  flagged: boolean;
  assessment: Assessment;
}

/** How many at the bottom are asked to explain. */
export const FLAGGED_AT_BOTTOM = 3;
/** A unit nobody rated counts as neutral, neither rewarded nor punished. */
const NEUTRAL_SATISFACTION_SHARE = 0.5;

/**
 * Score (0-100) = 40 × closure rate + 40 × on-time closure rate (on time / received, so an unfinished
 * backlog counts against it) + 20 × satisfaction (1-5 mapped to 0-1). Units with nothing received are
 * not ranked. Equal scores share a rank; the bottom three ranks are flagged, never the top one, and
 * only once the period has ended (a month in progress asks nobody to explain yet).
 */
export function rank(assessments: readonly Assessment[], periodEnded: boolean): RankingEntry[] {
  const scored = assessments
    .filter((a) => a.received > 0)
    .map((assessment) => {
      const satisfaction = assessment.averageSatisfaction === null ? NEUTRAL_SATISFACTION_SHARE : (assessment.averageSatisfaction - 1) / 4;
      const score = 40 * (assessment.closed / assessment.received) + 40 * (assessment.onTime / assessment.received) + 20 * satisfaction;
      return { assessment, unit: assessment.unit, score: round(score, 2) };
    });
  return placeAndFlag(scored, periodEnded);
}

/** Best first (ties by unit); equal scores share a rank; the bottom three ranks flagged when the period has ended. */
export function placeAndFlag<T extends { unit: string; score: number }>(
  scored: T[],
  periodEnded: boolean,
): (Omit<T, 'unit'> & { rank: number; flagged: boolean })[] {
  const sorted = [...scored].sort((a, b) => b.score - a.score || a.unit.localeCompare(b.unit));
  const ranks: number[] = [];
  sorted.forEach((entry, i) => ranks.push(i > 0 && entry.score === sorted[i - 1]!.score ? ranks[i - 1]! : i + 1));
  const threshold = sorted.length > 0 ? ranks[Math.max(0, sorted.length - FLAGGED_AT_BOTTOM)]! : Infinity;
  return sorted.map(({ unit: _unit, ...entry }, i) => ({
    ...entry,
    rank: ranks[i]!,
    flagged: periodEnded && ranks[i]! > 1 && ranks[i]! >= threshold,
  }));
}

export const roundTo = round;
