import fs from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { repoPath } from '../../../../platform/repo-root';
import { createWorkingCalendar, DAY_MS, epochDayOfDate, WorkingCalendar } from './working-calendar';

/**
 * Loads holidays.yaml: each year's public holidays (ranges) and make-up working days. Validated so a
 * typo (a make-up day on a weekday, a date outside its year) fails the start instead of silently
 * moving every deadline.
 */

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((d) => new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d, 'is not a real date');

const yearSchema = z
  .object({
    holidays: z.array(z.object({ name: z.string().min(1), from: isoDate, to: isoDate }).strict()),
    makeUpWorkdays: z.array(z.object({ date: isoDate, for: z.string().min(1) }).strict()).default([]),
  })
  .strict();

const holidaysSchema = z.object({ years: z.record(z.string().regex(/^\d{4}$/, 'year must have 4 digits'), yearSchema) }).strict();

export class CalendarError extends Error {}

export function parseHolidays(text: string, source = 'holidays.yaml'): WorkingCalendar {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new CalendarError(`${source} is not valid YAML: ${(error as Error).message}`);
  }
  const parsed = holidaysSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CalendarError(`${source}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  const holidays: string[] = [];
  const makeUpWorkdays: string[] = [];
  for (const [year, spec] of Object.entries(parsed.data.years)) {
    const fail = (message: string) => new CalendarError(`${source}: ${year}: ${message}`);
    for (const holiday of spec.holidays) {
      if (!holiday.from.startsWith(year) || !holiday.to.startsWith(year)) throw fail(`${holiday.name} lies outside ${year}`);
      const first = epochDayOfDate(holiday.from);
      const last = epochDayOfDate(holiday.to);
      if (last < first || last - first > 14) throw fail(`${holiday.name} must run forward over at most 15 days`);
      for (let day = first; day <= last; day++) holidays.push(new Date(day * DAY_MS).toISOString().slice(0, 10));
    }
    for (const workday of spec.makeUpWorkdays) {
      if (!workday.date.startsWith(year)) throw fail(`make-up day ${workday.date} lies outside ${year}`);
      const weekday = new Date(`${workday.date}T00:00:00Z`).getUTCDay();
      if (weekday !== 0 && weekday !== 6) throw fail(`make-up day ${workday.date} is a weekday, which is worked anyway`);
      if (holidays.includes(workday.date)) throw fail(`${workday.date} is both a holiday and a make-up day`);
      makeUpWorkdays.push(workday.date);
    }
  }
  const coveredYears = Object.keys(parsed.data.years)
    .map(Number)
    .sort((a, b) => a - b);
  return createWorkingCalendar({ holidays, makeUpWorkdays, coveredYears });
}

export function loadHolidayCalendar(file = repoPath('subgraphs', 'kit', 'holidays.yaml')): WorkingCalendar {
  return parseHolidays(fs.readFileSync(file, 'utf8'), file);
}
