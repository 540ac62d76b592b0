import type { EventRow } from '../prisma';
import type { Actor } from './actors';
import { decide } from './decide';
import { closed, cst, dispatcher, domain, errorOf, GRID, handler, leader, reported, step, worker } from './test-fixtures';

const townDispatcher: Actor = { ...dispatcher, user: 'town-cmd', level: 'town', jurisdiction: ['449900101000'] };
const stationDispatcher: Actor = { ...dispatcher, user: 'station', level: 'community', jurisdiction: ['449900101201'] };

describe('steps beside the loop', () => {
  it('redoes a dissatisfying closure once with the same department, then escalates a level up', () => {
    const done = closed('road.pothole');
    const decision = decide(done, { action: 'EVALUATE', satisfaction: 2, comment: '坑还在' }, worker, cst('2026-11-04T09:00'), domain);
    expect(decision.effects).toEqual([{ kind: 'REOPEN_DISPATCH', sequence: 1, at: cst('2026-11-04T09:00') }]);
    expect(decision.dispatch).toEqual({ open: expect.objectContaining({ sequence: 2, department: 'urban-management', dispatchedBy: worker.user }) });
    let event: EventRow = { ...done, ...decision.patch, version: done.version + 1 };
    // Fresh deadlines from the redo: 5 working days from Wed 4 Nov 09:00.
    expect(event).toMatchObject({
      status: 'DISPATCHED',
      department: 'urban-management',
      redoCount: 1,
      satisfaction: 2,
      closedAt: null,
      handleDeadline: cst('2026-11-11T09:00'),
    });
    event = step(event, { action: 'ACCEPT' }, handler('urban-management'), '2026-11-04T10:00');
    event = step(event, { action: 'SUBMIT_HANDLING', result: '已重新修补' }, handler('urban-management'), '2026-11-05T10:00');
    event = step(event, { action: 'VERIFY', passed: true }, worker, '2026-11-05T11:00');
    const escalated = step(event, { action: 'EVALUATE', satisfaction: 1 }, worker, '2026-11-05T12:00');
    // Held by the city already: the city's centre keeps it, registered again, its dispatch clock running.
    expect(escalated).toMatchObject({
      status: 'REGISTERED',
      department: null,
      commandLevel: 'CITY',
      escalationCount: 1,
      commandDeadline: cst('2026-11-06T00:00'),
    });
    const satisfied = step({ ...event }, { action: 'EVALUATE', satisfaction: 3 }, worker, '2026-11-05T12:00');
    expect(satisfied).toMatchObject({ status: 'EVALUATED', satisfaction: 3 });
  });

  it('escalates a redone town-held event to the city', () => {
    let event = step(reported('road.pothole'), { action: 'HAND_DOWN' }, dispatcher, '2026-11-02T09:10');
    event = step(event, { action: 'REGISTER' }, townDispatcher, '2026-11-02T10:00');
    event = step(event, { action: 'DISPATCH' }, townDispatcher, '2026-11-02T11:00');
    event = step(event, { action: 'ACCEPT' }, handler('urban-management'), '2026-11-02T12:00');
    event = step(event, { action: 'SUBMIT_HANDLING', result: '已修' }, handler('urban-management'), '2026-11-03T09:00');
    event = step(event, { action: 'VERIFY', passed: true }, worker, '2026-11-03T10:00');
    event = { ...event, redoCount: 1 };
    expect(step(event, { action: 'EVALUATE', satisfaction: 2 }, worker, '2026-11-03T11:00')).toMatchObject({ status: 'REGISTERED', commandLevel: 'CITY' });
  });

  it('answers a consultation directly, and sends a dissatisfying answer back to be dispatched', () => {
    const consultation = reported('labour.policy-consultation');
    expect(
      errorOf(() => decide(reported('road.pothole'), { action: 'DIRECT_ANSWER', answer: '已答复' }, dispatcher, cst('2026-11-02T10:00'), domain)).message,
    ).toMatch(/not a consultation a dispatcher may answer directly/);
    const answered = step(consultation, { action: 'DIRECT_ANSWER', answer: '已告知社保缴费政策及咨询电话' }, dispatcher, '2026-11-02T10:00');
    expect(answered).toMatchObject({
      status: 'CLOSED',
      answeredDirectly: true,
      handledLate: false,
      registeredAt: cst('2026-11-02T10:00'),
      commandDeadline: null,
    });
    const rated = step(answered, { action: 'EVALUATE', satisfaction: 1 }, worker, '2026-11-02T15:00');
    expect(rated).toMatchObject({ status: 'REGISTERED', redoCount: 1, answeredDirectly: false, closedAt: null });
  });

  it('hands command steps down to the town and the community station and back up, by the holding level only', () => {
    const event = reported();
    expect(errorOf(() => decide(event, { action: 'HAND_DOWN' }, townDispatcher, cst('2026-11-02T09:10'), domain))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'WRONG_COMMAND_LEVEL',
    });
    const atTown = step(event, { action: 'HAND_DOWN', note: '属地处置' }, dispatcher, '2026-11-02T09:10');
    expect(atTown).toMatchObject({ commandLevel: 'TOWN', status: 'REPORTED', commandDeadline: event.commandDeadline });
    expect(errorOf(() => decide(atTown, { action: 'REGISTER' }, dispatcher, cst('2026-11-02T09:20'), domain)).reason).toBe('WRONG_COMMAND_LEVEL');
    const atStation = step(atTown, { action: 'HAND_DOWN' }, townDispatcher, '2026-11-02T09:20');
    expect(errorOf(() => decide(atStation, { action: 'HAND_DOWN' }, stationDispatcher, cst('2026-11-02T09:30'), domain)).message).toMatch(/no level below/);
    expect(errorOf(() => decide(atStation, { action: 'HAND_UP', reason: ' ' }, stationDispatcher, cst('2026-11-02T09:30'), domain)).message).toMatch(
      /reason must not be empty/,
    );
    const back = step(atStation, { action: 'HAND_UP', reason: '涉及多个社区' }, stationDispatcher, '2026-11-02T09:30');
    expect(back.commandLevel).toBe('TOWN');
    expect(
      errorOf(() => decide(back, { action: 'HAND_UP', reason: 'x' }, { ...townDispatcher, role: 'handler' }, cst('2026-11-02T09:40'), domain)).reason,
    ).toBe('WRONG_ROLE');
    const elsewhere: Actor = { ...townDispatcher, jurisdiction: ['449900102000'] };
    expect(errorOf(() => decide(back, { action: 'HAND_UP', reason: 'x' }, elsewhere, cst('2026-11-02T09:40'), domain)).reason).toBe('OUT_OF_JURISDICTION');
    expect(
      step(back, { action: 'HAND_UP', reason: '需市级协调' }, { ...leader('grid-command'), level: 'town', jurisdiction: ['449900101000'] }, '2026-11-02T09:40')
        .commandLevel,
    ).toBe('CITY');
  });

  it('supervises by hand at any level, and only the holder answers (the leader what was assigned to the leadership)', () => {
    let event = step(reported(), { action: 'REGISTER' }, dispatcher, '2026-11-02T10:00');
    event = step(event, { action: 'DISPATCH' }, dispatcher, '2026-11-02T11:00');
    const supervised = decide(event, { action: 'SUPERVISE', level: 3, note: '请单位负责人督促' }, leader('grid-command'), cst('2026-11-02T14:00'), domain);
    expect(supervised.effects).toEqual([
      {
        kind: 'RAISE_SUPERVISION',
        supervision: expect.objectContaining({
          level: 3,
          stage: 'handle:1',
          ruleKey: null,
          department: 'fire-rescue',
          responseDeadline: cst('2026-11-04T14:00'),
        }),
      },
    ]);
    event = { ...event, ...supervised.patch, version: event.version + 1 };
    expect(event).toMatchObject({ supervisionLevel: 3, supervisionOpenLevels: [3], supervisionDueAt: cst('2026-11-04T14:00') });
    expect(errorOf(() => decide(event, { action: 'SUPERVISE', level: 1, note: 'x' }, handler('fire-rescue'), cst('2026-11-02T15:00'), domain)).reason).toBe(
      'WRONG_ROLE',
    );
    expect(errorOf(() => decide(event, { action: 'SUPERVISE', level: 1, note: 'x' }, stationDispatcher, cst('2026-11-02T15:00'), domain)).reason).toBe(
      'WRONG_COMMAND_LEVEL',
    );
    expect(
      errorOf(() => decide(event, { action: 'RESPOND_SUPERVISION', response: '收到' }, handler('fire-rescue'), cst('2026-11-02T15:00'), domain)),
    ).toMatchObject({
      reason: 'WRONG_ROLE',
      message: expect.stringMatching(/a leader must answer it/),
    });
    expect(errorOf(() => decide(event, { action: 'RESPOND_SUPERVISION', response: '收到' }, leader('housing'), cst('2026-11-02T15:00'), domain)).reason).toBe(
      'WRONG_DEPARTMENT',
    );
    const answered = step(event, { action: 'RESPOND_SUPERVISION', response: '已安排专人整改' }, leader('fire-rescue'), '2026-11-02T15:00');
    expect(answered).toMatchObject({ supervisionLevel: 3, supervisionOpenLevels: [], supervisionDueAt: null });
    // A new step starts a fresh ladder.
    expect(step(answered, { action: 'RETURN', reason: '非本部门' }, handler('fire-rescue'), '2026-11-02T16:00')).toMatchObject({ supervisionLevel: null });
  });

  it('dispatches jointly: each co-handler submits its part by its deadline, then the lead submits', () => {
    let event = step(reported(), { action: 'REGISTER' }, dispatcher, '2026-11-02T10:00');
    const twice = {
      action: 'DISPATCH' as const,
      coHandlers: [
        { department: 'housing', part: 'a' },
        { department: 'housing', part: 'b' },
      ],
    };
    expect(errorOf(() => decide(event, twice, dispatcher, cst('2026-11-02T11:00'), domain)).message).toMatch(
      /coHandlers\[1\]\.department: housing is named twice/,
    );
    const lead = { action: 'DISPATCH' as const, coHandlers: [{ department: 'fire-rescue', part: 'a' }] };
    expect(errorOf(() => decide(event, lead, dispatcher, cst('2026-11-02T11:00'), domain)).message).toMatch(/fire-rescue leads this dispatch/);
    const tooLong = { action: 'DISPATCH' as const, coHandlers: [{ department: 'housing', part: 'a', workingDays: 6 }] };
    expect(errorOf(() => decide(event, tooLong, dispatcher, cst('2026-11-02T11:00'), domain)).message).toMatch(
      /workingDays must be a whole number from 1 to 5/,
    );
    const joint = decide(
      event,
      { action: 'DISPATCH', coHandlers: [{ department: 'housing', part: '排查房屋线路', workingDays: 3 }] },
      dispatcher,
      cst('2026-11-02T11:00'),
      domain,
    );
    expect(joint.effects).toEqual([
      {
        kind: 'OPEN_CO_HANDLERS',
        rows: [expect.objectContaining({ department: 'housing', part: '排查房屋线路', deadline: cst('2026-11-05T11:00'), dispatchSequence: 1 })],
      },
    ]);
    event = { ...event, ...joint.patch, version: event.version + 1 };
    event = step(event, { action: 'ACCEPT' }, handler('fire-rescue'), '2026-11-02T12:00');
    expect(
      errorOf(() => decide(event, { action: 'SUBMIT_HANDLING', result: '已处置' }, handler('fire-rescue'), cst('2026-11-03T09:00'), domain)).message,
    ).toMatch(/waits for its co-handlers' parts \(housing\)/);
    expect(errorOf(() => decide(event, { action: 'SUBMIT_CO_HANDLING', result: 'x' }, handler('education'), cst('2026-11-03T09:00'), domain)).reason).toBe(
      'WRONG_DEPARTMENT',
    );
    event = step(event, { action: 'SUBMIT_CO_HANDLING', result: '线路已排查' }, handler('housing'), '2026-11-03T09:00');
    expect(event.coHandlersPending).toEqual([]);
    expect(errorOf(() => decide(event, { action: 'SUBMIT_CO_HANDLING', result: 'x' }, handler('housing'), cst('2026-11-03T09:30'), domain)).message).toMatch(
      /already submitted/,
    );
    expect(step(event, { action: 'SUBMIT_HANDLING', result: '已处置' }, handler('fire-rescue'), '2026-11-03T10:00').status).toBe('HANDLED');
  });

  it('sets the 10-working-day progress report for extended items ("1-5-10")', () => {
    let event = step(reported(), { action: 'REGISTER' }, dispatcher, '2026-11-02T10:00');
    event = step(event, { action: 'DISPATCH' }, dispatcher, '2026-11-02T11:00');
    event = step(event, { action: 'ACCEPT' }, handler('fire-rescue'), '2026-11-02T12:00');
    expect(errorOf(() => decide(event, { action: 'REPORT_PROGRESS', progress: 'x' }, handler('fire-rescue'), cst('2026-11-03T12:00'), domain)).message).toMatch(
      /not an extended item/,
    );
    event = step(event, { action: 'REQUEST_EXTENSION', workingDays: 5, reason: '需停电整改' }, handler('fire-rescue'), '2026-11-05T12:00');
    event = step(event, { action: 'DECIDE_EXTENSION', approve: true }, leader('fire-rescue'), '2026-11-05T13:00');
    // 10 working days from dispatch (Mon 2 Nov 11:00): Mon 16 Nov 11:00.
    expect(event.progressDeadline).toEqual(cst('2026-11-16T11:00'));
    const reported_ = decide(event, { action: 'REPORT_PROGRESS', progress: '已完成主线路改造' }, handler('fire-rescue'), cst('2026-11-12T09:00'), domain);
    expect(reported_.transition).toMatchObject({ action: 'REPORT_PROGRESS', fromStatus: 'ACCEPTED', toStatus: 'ACCEPTED', details: { onTime: true } });
    expect(GRID).toBe(event.gridCode);
  });
});
