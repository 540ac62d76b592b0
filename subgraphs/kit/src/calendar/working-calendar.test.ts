import { loadHolidayCalendar, parseHolidays } from './holidays';
import {
  addWorkingDays,
  createWorkingCalendar,
  epochDayOfDate,
  localDate,
  startOfLocalDate,
  subtractWorkingDays,
  workingDaysBetween,
} from './working-calendar';

/** A local (China Standard Time) wall-clock instant. */
const cst = (dateTime: string) => new Date(`${dateTime}+08:00`);

describe('the 2026 working calendar', () => {
  const calendar = loadHolidayCalendar();
  const working = (date: string) => calendar.isWorkingDay(epochDayOfDate(date));

  it('skips weekends and public holidays and works the make-up days (调休)', () => {
    expect(working('2026-11-06')).toBe(true); // Friday
    expect(working('2026-11-07')).toBe(false); // Saturday
    expect(working('2026-10-05')).toBe(false); // Monday of National Day
    expect(working('2026-06-19')).toBe(false); // Friday, Dragon Boat Festival
    expect(working('2026-10-10')).toBe(true); // Saturday worked for National Day
    expect(working('2026-02-14')).toBe(true); // Saturday worked for Spring Festival
    expect(calendar.coveredYears).toEqual([2026]);
  });

  it('adds working days across a weekend at the same time of day', () => {
    expect(addWorkingDays(calendar, cst('2026-11-06T10:00'), 1)).toEqual(cst('2026-11-09T10:00'));
  });

  it('starts a clock dispatched on a weekend on the next working day', () => {
    expect(addWorkingDays(calendar, cst('2026-11-07T15:00'), 1)).toEqual(cst('2026-11-10T00:00'));
  });

  it('counts across National Day and its make-up Saturday', () => {
    // Tue 29 Sep 09:00: 15 h, 30 Sep, [1-7 Oct off], 8, 9, Sat 10 (worked), [Sun 11], Mon 12 until 09:00.
    const start = cst('2026-09-29T09:00');
    const end = addWorkingDays(calendar, start, 5);
    expect(end).toEqual(cst('2026-10-12T09:00'));
    expect(workingDaysBetween(calendar, start, end)).toBe(5);
  });

  it('counts backwards as it counts forwards, across a weekend and National Day', () => {
    expect(subtractWorkingDays(calendar, cst('2026-11-09T10:00'), 1)).toEqual(cst('2026-11-06T10:00'));
    expect(subtractWorkingDays(calendar, cst('2026-10-12T09:00'), 5)).toEqual(cst('2026-09-29T09:00'));
    expect(subtractWorkingDays(calendar, cst('2026-11-08T12:00'), 0.25)).toEqual(cst('2026-11-06T18:00'));
  });

  it('handles fractions and measures backwards as negative', () => {
    expect(addWorkingDays(calendar, cst('2026-11-06T20:00'), 0.5)).toEqual(cst('2026-11-09T08:00'));
    expect(workingDaysBetween(calendar, cst('2026-11-09T08:00'), cst('2026-11-06T20:00'))).toBe(-0.5);
    expect(workingDaysBetween(calendar, cst('2026-11-07T00:00'), cst('2026-11-09T00:00'))).toBe(0);
  });

  it('works in China time whatever the instant', () => {
    expect(localDate(new Date('2026-11-06T16:30:00Z'))).toBe('2026-11-07');
    expect(startOfLocalDate('2026-11-07')).toEqual(new Date('2026-11-06T16:00:00Z'));
  });

  it('counts only weekends in a year it has no holidays for', () => {
    expect(calendar.isWorkingDay(epochDayOfDate('2027-10-01'))).toBe(true); // a Friday; 2027 not yet published
  });

  it('refuses a negative duration and a calendar without working days', () => {
    expect(() => addWorkingDays(calendar, cst('2026-11-06T10:00'), -1)).toThrow(/≥ 0/);
    const never = { isWorkingDay: () => false, coveredYears: [] };
    expect(() => addWorkingDays(never, cst('2026-11-06T10:00'), 1)).toThrow(/working days/);
    expect(createWorkingCalendar({ holidays: ['2026-11-06'], makeUpWorkdays: [] }).isWorkingDay(epochDayOfDate('2026-11-06'))).toBe(false);
  });
});

describe('holidays.yaml validation', () => {
  const year = (body: string) => `years:\n  2026:\n${body}`;

  it.each([
    [year('    holidays:\n      - { name: X, from: 2026-02-30, to: 2026-03-01 }\n'), /not a real date/],
    [year('    holidays:\n      - { name: X, from: 2027-01-01, to: 2027-01-02 }\n'), /2026: X lies outside 2026/],
    [year('    holidays: []\n    makeUpWorkdays:\n      - { date: 2026-11-04, for: X }\n'), /make-up day 2026-11-04 is a weekday/],
    [
      year('    holidays:\n      - { name: X, from: 2026-11-07, to: 2026-11-08 }\n    makeUpWorkdays:\n      - { date: 2026-11-07, for: X }\n'),
      /both a holiday and a make-up day/,
    ],
    ['years: [1, 2]', /years/],
    ['years: {', /not valid YAML/],
  ])('refuses a bad file (%#)', (text, message) => {
    expect(() => parseHolidays(text)).toThrow(message);
  });
});
