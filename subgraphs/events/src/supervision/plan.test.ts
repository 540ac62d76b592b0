import type { EventRow } from '../prisma';
import { cst, dispatcher, domain, handler, reported, step } from '../workflow/test-fixtures';
import { Done, planSweep } from './plan';
import { levelName } from './rules';

const nothingDone: Done = { ruleKeys: new Set(), alertKeys: new Set() };
const just = (instant: Date, ms: number) => new Date(instant.getTime() + ms);

/** Reported, registered and dispatched on `day` (CST), accepted an hour after dispatch. */
function acceptedOn(categoryCode: string, day: string): EventRow {
  let event: EventRow = { ...reported(categoryCode), reportedAt: cst(`${day}T08:00`) };
  event = step(event, { action: 'REGISTER' }, dispatcher, `${day}T09:00`);
  event = step(event, { action: 'DISPATCH' }, dispatcher, `${day}T10:00`);
  return step(event, { action: 'ACCEPT' }, handler(event.department!), `${day}T11:00`);
}

/** The levels a sweep raises at `at`, given what was raised before. */
function raisedAt(event: EventRow, at: Date, done: Done = nothingDone): string[] {
  return planSweep(event, [], done, at, domain).supervisions.map((s) => levelName(s.level));
}

/** Sweeps at each instant in turn, carrying what was raised, and returns the levels each sweep raised. */
function sweepsAt(event: EventRow, instants: Date[]): string[][] {
  const ruleKeys = new Set<string>();
  return instants.map((at) => {
    const plan = planSweep(event, [], { ruleKeys, alertKeys: new Set() }, at, domain);
    plan.supervisions.forEach((s) => ruleKeys.add(s.ruleKey));
    return plan.supervisions.map((s) => levelName(s.level));
  });
}

describe('supervision rules on a running step', () => {
  it('raises the default ladder across a weekend: dispatched Friday, deadline the next Friday', () => {
    const event = acceptedOn('road.pothole', '2026-11-06');
    expect(event.handleDeadline).toEqual(cst('2026-11-13T10:00'));
    const deadline = event.handleDeadline!;
    // 电子催办 at the warning (80 % of 5 working days: Thu 12 Nov 10:00), 超期未结通知 once the deadline
    // has passed, 责任主体交办 2 working days later (Tue 17 Nov, not Sunday), 现场督办 after 5 (Fri 20),
    // 短信督办 after 10 (Fri 27).
    expect(
      sweepsAt(event, [
        just(cst('2026-11-12T10:00'), -1),
        cst('2026-11-12T10:00'),
        deadline,
        just(deadline, 1),
        cst('2026-11-17T10:00'),
        just(cst('2026-11-17T10:00'), 1),
        cst('2026-11-20T10:00'),
        just(cst('2026-11-20T10:00'), 1),
        just(cst('2026-11-27T10:00'), 1),
      ]),
    ).toEqual([[], ['ELECTRONIC_REMINDER'], [], ['OVERDUE_NOTICE'], [], ['RESPONSIBLE_UNIT_ASSIGNMENT'], [], ['ON_SITE_SUPERVISION'], ['SMS_SUPERVISION']]);
  });

  it('counts across the Mid-Autumn and National Day holidays and works the make-up Saturday', () => {
    const event = acceptedOn('road.pothole', '2026-09-23');
    // Wed 23 Sep + 5 working days: 24, [25-27 off], 28, 29, 30, [1-7 Oct off], Thu 8 Oct.
    expect(event.handleDeadline).toEqual(cst('2026-10-08T10:00'));
    const plan = planSweep(event, [], nothingDone, cst('2026-12-31T00:00'), domain);
    const due = Object.fromEntries(plan.supervisions.map((s) => [levelName(s.level), s.dueAt!.toISOString()]));
    expect(due).toEqual({
      ELECTRONIC_REMINDER: cst('2026-09-30T10:00').toISOString(),
      OVERDUE_NOTICE: cst('2026-10-08T10:00').toISOString(),
      // Fri 9, then Saturday 10 October, a make-up working day (调休).
      RESPONSIBLE_UNIT_ASSIGNMENT: cst('2026-10-10T10:00').toISOString(),
      ON_SITE_SUPERVISION: cst('2026-10-14T10:00').toISOString(),
      SMS_SUPERVISION: cst('2026-10-21T10:00').toISOString(),
    });
    // Nothing is due on the holiday in between, however late in it.
    expect(raisedAt(event, cst('2026-10-07T23:59'), { ruleKeys: new Set([`handle:1:1`]), alertKeys: new Set() })).toEqual([]);
  });

  it('follows the domain: fire hazards reach the leadership a working day after the deadline; disputes never go on site', () => {
    const fire = acceptedOn('fire.illegal-wiring', '2026-11-02');
    const fireLevels = planSweep(fire, [], nothingDone, cst('2026-12-31T00:00'), domain).supervisions;
    expect(fireLevels.find((s) => s.level === 3)!.dueAt).toEqual(cst('2026-11-10T10:00'));
    const dispute = acceptedOn('dispute.neighbours', '2026-11-02');
    const disputeLevels = planSweep(dispute, [], nothingDone, cst('2026-12-31T00:00'), domain).supervisions.map((s) => levelName(s.level));
    expect(disputeLevels).toEqual(['ELECTRONIC_REMINDER', 'OVERDUE_NOTICE', 'RESPONSIBLE_UNIT_ASSIGNMENT', 'SMS_SUPERVISION']);
  });

  it('supervises the command centre while it has not registered, and holds the contact limit before acceptance', () => {
    const waiting = reported('road.pothole');
    // Reported Mon 2 Nov 09:00: half a working day to register (21:00), warned at 80 % (18:36).
    expect(planSweep(waiting, [], nothingDone, cst('2026-11-02T18:36'), domain).supervisions).toEqual([
      expect.objectContaining({ level: 1, department: 'grid-command', stage: 'register', dueAt: cst('2026-11-02T18:36') }),
    ]);
    let dispatched = step(waiting, { action: 'REGISTER' }, dispatcher, '2026-11-02T10:00');
    dispatched = step(dispatched, { action: 'DISPATCH' }, dispatcher, '2026-11-02T11:00');
    // Not accepted: the contact limit (1 working day, Tue 3 Nov 11:00) is the step's deadline.
    const plan = planSweep(dispatched, [], nothingDone, just(cst('2026-11-03T11:00'), 1), domain);
    expect(plan.supervisions.map((s) => [levelName(s.level), s.department])).toEqual([
      ['ELECTRONIC_REMINDER', 'urban-management'],
      ['OVERDUE_NOTICE', 'urban-management'],
    ]);
    expect(plan.alerts.map((a) => a.kind)).toEqual(['APPROACHING', 'PASSED']);
  });

  it('raises nothing twice, and tells the sweep when to come back', () => {
    const event = acceptedOn('road.pothole', '2026-11-06');
    const first = planSweep(event, [], nothingDone, cst('2026-11-12T12:00'), domain);
    expect(first.nextSweepAt).toEqual(just(cst('2026-11-13T10:00'), 1));
    const done = { ruleKeys: new Set(first.supervisions.map((s) => s.ruleKey)), alertKeys: new Set(first.alerts.map((a) => a.key)) };
    expect(planSweep(event, [], done, cst('2026-11-12T12:00'), domain)).toMatchObject({ supervisions: [], alerts: [] });
    const closed = step(event, { action: 'SUBMIT_HANDLING', result: '已修复' }, handler('urban-management'), '2026-11-12T13:00');
    expect(planSweep(closed, [], done, cst('2027-01-01T00:00'), domain).supervisions).toEqual([]);
  });
});
