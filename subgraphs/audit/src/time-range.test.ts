import { addDays, localDate, localMidnight, parseDayRange, parseTimeRange } from './time-range';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return { message: (error as Error).message, extensions: (error as { extensions?: Record<string, unknown> }).extensions };
  }
  throw new Error('expected an error');
};

describe('time ranges for auditors', () => {
  it('reads a date as a whole local day in Asia/Shanghai, both ends included', () => {
    expect(parseTimeRange('2026-03-02', '2026-03-02')).toEqual({
      start: new Date('2026-03-01T16:00:00.000Z'),
      end: new Date('2026-03-02T16:00:00.000Z'),
    });
  });

  it('reads date-times with Z, with an offset, and without one as local time', () => {
    expect(parseTimeRange('2026-03-02T09:30:00Z', null).start).toEqual(new Date('2026-03-02T09:30:00.000Z'));
    expect(parseTimeRange('2026-03-02T09:30:00.5+02:00', null).start).toEqual(new Date('2026-03-02T07:30:00.500Z'));
    expect(parseTimeRange('2026-03-02T09:30', null).start).toEqual(new Date('2026-03-02T01:30:00.000Z'));
    // A date-time `to` includes its own millisecond.
    expect(parseTimeRange(null, '2026-03-02T09:30:00.123Z').end).toEqual(new Date('2026-03-02T09:30:00.124Z'));
  });

  it.each([
    ['from', '2026-02-30', null, /from is not a calendar date/],
    ['from', '02/03/2026', null, /from must be an ISO 8601 date/],
    ['to', null, '2026-03-02T24:00Z', /to has no such time of day/],
    ['to', null, '2026-03-02T10:00+15:00', /to has an impossible UTC offset/],
    ['to', '2026-03-03', '2026-03-02', /to \(2026-03-02\) is before from/],
  ])('refuses a bad %s', (argument, from, to, message) => {
    const error = code(() => parseTimeRange(from, to));
    expect(error.message).toMatch(message);
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', argument });
  });

  it('names the filter field it was given', () => {
    expect(code(() => parseTimeRange('x', null, { from: 'filter.from', to: 'filter.to' })).extensions?.argument).toBe('filter.from');
  });

  it('lists local days and refuses ranges that are too long or not dates', () => {
    const range = parseDayRange('2026-02-27', '2026-03-01', 10);
    expect(range.days).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
    expect(range.start).toEqual(localMidnight('2026-02-27'));
    expect(range.end).toEqual(new Date('2026-03-01T16:00:00.000Z'));
    expect(parseDayRange('2026-03-01', '2026-03-10', 10).days).toHaveLength(10);
    expect(code(() => parseDayRange('2026-03-01', '2026-03-11', 10)).message).toMatch(/at most 10 days/);
    expect(code(() => parseDayRange('2026-03-01T00:00Z', '2026-03-02', 10)).extensions?.argument).toBe('from');
  });

  it('converts between instants and local dates', () => {
    expect(localDate(new Date('2026-03-01T15:59:59.999Z'))).toBe('2026-03-01');
    expect(localDate(new Date('2026-03-01T16:00:00.000Z'))).toBe('2026-03-02');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -14)).toBe('2026-02-15');
  });
});
