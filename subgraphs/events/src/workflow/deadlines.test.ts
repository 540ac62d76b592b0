import { loadHolidayCalendar } from '../../../kit/src/calendar/holidays';
import type { EventCategory } from '../catalogue/catalogue';
import { commandDeadlines, dispatchDeadlines, LightFields, lightAt } from './deadlines';

const cst = (dateTime: string) => new Date(`${dateTime}+08:00`);
const calendar = loadHolidayCalendar();
const category = { limits: { contactWorkingDays: 1, handleWorkingDays: 5 } } as EventCategory;

describe('deadlines and traffic lights', () => {
  // Dispatched Monday 2 November 2026, 09:00.
  const deadlines = dispatchDeadlines(calendar, cst('2026-11-02T09:00'), category);
  const running = (overrides: Partial<LightFields> = {}): LightFields => ({
    status: 'DISPATCHED',
    acceptedAt: null,
    handledLate: null,
    commandDeadline: null,
    commandWarnAt: null,
    ...deadlines,
    ...overrides,
  });

  it('starts the clock at dispatch: contact in 1 working day, handling in 5, warnings at 80 %', () => {
    expect(deadlines).toEqual({
      contactDeadline: cst('2026-11-03T09:00'),
      contactWarnAt: cst('2026-11-03T04:12'),
      handleDeadline: cst('2026-11-09T09:00'),
      handleWarnAt: cst('2026-11-06T09:00'),
    });
  });

  it('turns yellow then red on the contact limit until the department accepts', () => {
    expect(lightAt(running(), cst('2026-11-02T12:00'))).toBe('GREEN');
    expect(lightAt(running(), cst('2026-11-03T04:12'))).toBe('YELLOW');
    expect(lightAt(running(), cst('2026-11-03T09:01'))).toBe('RED');
    const accepted = running({ status: 'ACCEPTED', acceptedAt: cst('2026-11-02T15:00') });
    expect(lightAt(accepted, cst('2026-11-03T09:01'))).toBe('GREEN');
  });

  it('turns yellow past 80 % of the handling time and red once overdue', () => {
    const accepted = running({ status: 'ACCEPTED', acceptedAt: cst('2026-11-02T15:00') });
    expect(lightAt(accepted, cst('2026-11-06T08:59'))).toBe('GREEN');
    expect(lightAt(accepted, cst('2026-11-06T09:00'))).toBe('YELLOW');
    expect(lightAt(accepted, cst('2026-11-09T09:00'))).toBe('YELLOW');
    expect(lightAt(accepted, new Date(cst('2026-11-09T09:00').getTime() + 1))).toBe('RED');
  });

  it('freezes the light when handling is submitted and shows none without a running clock', () => {
    expect(lightAt(running({ status: 'CLOSED', handledLate: false }), cst('2027-01-01T00:00'))).toBe('GREEN');
    expect(lightAt(running({ status: 'HANDLED', handledLate: true }), cst('2026-11-02T00:00'))).toBe('RED');
    const none = { contactDeadline: null, contactWarnAt: null, handleDeadline: null, handleWarnAt: null };
    expect(lightAt(running({ status: 'REGISTERED', ...none }), cst('2026-11-02T12:00'))).toBeNull();
    expect(lightAt(running({ status: 'REJECTED', ...none }), cst('2026-11-02T12:00'))).toBeNull();
  });

  it("lights the command centre's own step: half a working day to register, across a weekend", () => {
    // Reported Friday 6 November 20:00: half a working day is Monday 9 November 08:00, warned at 80 % (4 h on Friday + 5 h 36 m).
    const clock = commandDeadlines(calendar, cst('2026-11-06T20:00'), 0.5);
    expect(clock).toEqual({ commandDeadline: cst('2026-11-09T08:00'), commandWarnAt: cst('2026-11-09T05:36') });
    const waiting = running({ status: 'REPORTED', contactDeadline: null, contactWarnAt: null, handleDeadline: null, handleWarnAt: null, ...clock });
    expect(lightAt(waiting, cst('2026-11-08T23:00'))).toBe('GREEN');
    expect(lightAt(waiting, cst('2026-11-09T05:36'))).toBe('YELLOW');
    expect(lightAt(waiting, cst('2026-11-09T08:01'))).toBe('RED');
    expect(lightAt({ ...waiting, status: 'RETURNED' }, cst('2026-11-09T08:01'))).toBe('RED');
  });

  it('moves the deadline and the warning with an extension', () => {
    const extended = dispatchDeadlines(calendar, cst('2026-11-02T09:00'), category, 3);
    expect(extended.handleDeadline).toEqual(cst('2026-11-12T09:00'));
    // 80 % of 8 working days = 6.4: Mon 2 Nov 09:00 + 6 days = Tue 10 Nov 09:00, + 0.4 day (9 h 36 m).
    expect(extended.handleWarnAt).toEqual(cst('2026-11-10T18:36'));
  });
});
