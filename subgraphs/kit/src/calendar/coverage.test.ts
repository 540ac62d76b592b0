import { calendarCoverage, requiredYears } from './coverage';
import { loadHolidayCalendar } from './holidays';

const cst = (dateTime: string) => new Date(`${dateTime}+08:00`);

describe('holiday calendar coverage', () => {
  const calendar = loadHolidayCalendar();

  it('needs the current year, and the next one from December (deadlines set then end in it)', () => {
    expect(requiredYears(cst('2026-11-30T23:59'))).toEqual([2026]);
    expect(requiredYears(cst('2026-12-01T00:00'))).toEqual([2026, 2027]);
    // 31 December 17:00 UTC is already 1 January in China.
    expect(requiredYears(new Date('2026-12-31T17:00:00Z'))).toEqual([2027]);
  });

  it('warns loudly, naming the missing year and the file, instead of counting weekends only', () => {
    expect(calendarCoverage(calendar, cst('2026-06-01T09:00'))).toEqual({ coveredYears: [2026], missingYears: [], warning: null });
    const gap = calendarCoverage(calendar, cst('2026-12-15T09:00'));
    expect(gap).toMatchObject({ coveredYears: [2026], missingYears: [2027] });
    expect(gap.warning).toMatch(/holidays\.yaml has no public holidays for 2027.*subgraphs\/kit\/holidays\.yaml/);
    expect(calendarCoverage(calendar, cst('2031-03-01T09:00')).missingYears).toEqual([2031]);
  });
});
