import { periodOfDates, periodOfMonth } from './cohorts';

const message = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('assessment periods', () => {
  it('takes months from 2000-01 to 2099-12, as local (CST) midnights', () => {
    expect(periodOfMonth('2000-01')).toEqual({ start: new Date('1999-12-31T16:00:00Z'), end: new Date('2000-01-31T16:00:00Z') });
    expect(periodOfMonth('2099-12')).toEqual({ start: new Date('2099-11-30T16:00:00Z'), end: new Date('2099-12-31T16:00:00Z') });
  });

  it.each(['9999-12', '0000-01', '1999-12', '2100-01', '2026-13', '2026-1', ' 2026-01', '２０２６-01'])('refuses the month %j naming the range', (month) => {
    expect(message(() => periodOfMonth(month))).toBe(`month must be a month YYYY-MM from 2000-01 to 2099-12, got ${JSON.stringify(month)}`);
  });

  it.each([
    ['0000-01-01', '2026-01-01', 'from'],
    ['2026-01-01', '9999-12-31', 'to'],
    ['2026-02-29', '2026-03-01', 'from'],
    ['2026-04-31', '2026-05-01', 'from'],
    ['1999-12-31', '2000-01-01', 'from'],
  ])('refuses the period %s to %s naming %s and the range', (from, to, argument) => {
    const value = argument === 'from' ? from : to;
    expect(message(() => periodOfDates(from, to))).toBe(`${argument} must be a date YYYY-MM-DD from 2000-01-01 to 2099-12-31, got "${value}"`);
  });

  it('takes the last day there is', () => {
    expect(periodOfDates('2099-12-31', '2099-12-31').end).toEqual(new Date('2099-12-31T16:00:00Z'));
    expect(periodOfDates('2028-02-29', '2028-02-29').start).toEqual(new Date('2028-02-28T16:00:00Z'));
  });
});
