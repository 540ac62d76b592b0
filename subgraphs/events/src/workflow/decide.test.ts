import { Command, decide } from './decide';
import { cst, dispatcher, domain, errorOf, handler, leader, reported, step, worker } from './test-fixtures';

describe('the event workflow', () => {
  it('dispatches to the managing department, and after its return to the enforcing one', () => {
    let event = step(reported(), { action: 'REGISTER' }, dispatcher, '2026-11-02T10:00');
    const first = decide(event, { action: 'DISPATCH' }, dispatcher, cst('2026-11-02T11:00'), domain);
    expect(first.patch.department).toBe('fire-rescue');
    expect(first.dispatch).toEqual({ open: expect.objectContaining({ sequence: 1, department: 'fire-rescue', override: false }) });
    event = { ...event, ...first.patch, version: event.version + 1 };
    event = step(event, { action: 'RETURN', reason: '非消防职责' }, handler('fire-rescue'), '2026-11-02T13:00');
    expect(event).toMatchObject({ status: 'RETURNED', department: null, returnCount: 1, returnedDepartments: ['fire-rescue'], handleDeadline: null });
    event = step(event, { action: 'DISPATCH' }, dispatcher, '2026-11-02T14:00');
    expect(event).toMatchObject({ status: 'DISPATCHED', department: 'housing', dispatchCount: 2, handleDeadline: cst('2026-11-09T14:00') });
    event = step(event, { action: 'RETURN', reason: '非住建职责' }, handler('housing'), '2026-11-02T15:00');
    expect(errorOf(() => decide(event, { action: 'DISPATCH' }, dispatcher, cst('2026-11-02T16:00'), domain)).message).toMatch(
      /Both catalogue departments \(fire-rescue, housing\) returned event E20261102000001: name a department/,
    );
  });

  it('lets grid-command override the catalogue only with a note', () => {
    const event = step(reported(), { action: 'REGISTER' }, dispatcher, '2026-11-02T10:00');
    const override: Command = { action: 'DISPATCH', department: 'urban-management' };
    expect(errorOf(() => decide(event, override, dispatcher, cst('2026-11-02T11:00'), domain)).message).toMatch(/needs a note/);
    const decision = decide(event, { ...override, note: '涉及占道' }, dispatcher, cst('2026-11-02T11:00'), domain);
    expect(decision.transition.details).toEqual({ override: true, catalogueDepartment: 'fire-rescue' });
    expect(errorOf(() => decide(event, { action: 'DISPATCH', department: 'fire-brigade' }, dispatcher, cst('2026-11-02T11:00'), domain)).code).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('extends the deadline by what the leader grants, within the category maximum', () => {
    let event = step(reported(), { action: 'REGISTER' }, dispatcher, '2026-11-02T10:00');
    event = step(event, { action: 'DISPATCH' }, dispatcher, '2026-11-02T11:00');
    event = step(event, { action: 'ACCEPT' }, handler('fire-rescue'), '2026-11-02T12:00');
    expect(
      errorOf(() => step(event, { action: 'REQUEST_EXTENSION', workingDays: 6, reason: '复杂' }, handler('fire-rescue'), '2026-11-05T12:00')).message,
    ).toMatch(/workingDays must be a whole number from 1 to 5/);
    event = step(event, { action: 'REQUEST_EXTENSION', workingDays: 4, reason: '需停电整改' }, handler('fire-rescue'), '2026-11-05T12:00');
    expect(event).toMatchObject({ status: 'EXTENSION_REQUESTED', pendingExtensionDays: 4 });
    expect(errorOf(() => step(event, { action: 'DECIDE_EXTENSION', approve: true }, leader('housing'), '2026-11-05T13:00')).code).toBe('FORBIDDEN');
    event = step(event, { action: 'DECIDE_EXTENSION', approve: true, workingDays: 2 }, leader('fire-rescue'), '2026-11-05T13:00');
    expect(event).toMatchObject({ status: 'ACCEPTED', extensionDays: 2, pendingExtensionDays: null, handleDeadline: cst('2026-11-11T11:00') });
    event = step(event, { action: 'REQUEST_EXTENSION', workingDays: 3, reason: '仍需时间' }, handler('fire-rescue'), '2026-11-06T12:00');
    event = step(event, { action: 'DECIDE_EXTENSION', approve: true }, leader('grid-command'), '2026-11-06T13:00');
    expect(event.extensionDays).toBe(5);
    expect(
      errorOf(() => step(event, { action: 'REQUEST_EXTENSION', workingDays: 1, reason: '再延' }, handler('fire-rescue'), '2026-11-09T12:00')).message,
    ).toMatch(/already has the 5 extra working days/);
  });

  it('refuses extensions where the category allows none', () => {
    let event = step(reported('fire.blocked-escape-route'), { action: 'REGISTER' }, dispatcher, '2026-11-02T10:00');
    event = step(event, { action: 'DISPATCH' }, dispatcher, '2026-11-02T11:00');
    event = step(event, { action: 'ACCEPT' }, handler('fire-rescue'), '2026-11-02T12:00');
    expect(
      errorOf(() => step(event, { action: 'REQUEST_EXTENSION', workingDays: 1, reason: '复杂' }, handler('fire-rescue'), '2026-11-03T12:00')).message,
    ).toMatch(/does not allow extensions/);
  });

  it('records late handling, reopens on a failed check and closes on a passed one', () => {
    let event = step(reported(), { action: 'REGISTER' }, dispatcher, '2026-11-02T10:00');
    event = step(event, { action: 'DISPATCH' }, dispatcher, '2026-11-02T11:00');
    event = step(event, { action: 'ACCEPT' }, handler('fire-rescue'), '2026-11-02T12:00');
    event = step(
      event,
      { action: 'SUBMIT_HANDLING', result: '已拆除', attachments: ['https://evidence.example/e/1.jpg'] },
      handler('fire-rescue'),
      '2026-11-10T09:00',
    );
    expect(event).toMatchObject({ status: 'HANDLED', handledLate: true });
    expect(errorOf(() => step(event, { action: 'VERIFY', passed: false }, worker, '2026-11-10T10:00')).message).toMatch(/note .* must not be empty/);
    event = step(event, { action: 'VERIFY', passed: false, note: '仍有裸线' }, worker, '2026-11-10T10:00');
    expect(event).toMatchObject({ status: 'ACCEPTED', handledAt: null, handledLate: null });
    event = step(event, { action: 'SUBMIT_HANDLING', result: '已规范整改' }, handler('fire-rescue'), '2026-11-10T12:00');
    event = step(event, { action: 'VERIFY', passed: true }, worker, '2026-11-10T14:00');
    expect(event).toMatchObject({ status: 'CLOSED', closedAt: cst('2026-11-10T14:00') });
    expect(errorOf(() => step(event, { action: 'EVALUATE', satisfaction: 6 }, worker, '2026-11-10T15:00')).message).toMatch(
      /satisfaction must be a whole number from 1 to 5, got 6/,
    );
    expect(errorOf(() => step(event, { action: 'EVALUATE', satisfaction: 4 }, { ...worker, user: 'gw-2' }, '2026-11-10T15:00')).code).toBe('FORBIDDEN');
    event = step(event, { action: 'EVALUATE', satisfaction: 4 }, worker, '2026-11-10T15:00');
    expect(event).toMatchObject({ status: 'EVALUATED', satisfaction: 4 });
  });

  it('names the current state and the allowed next steps on an invalid transition', () => {
    const error = errorOf(() => decide(reported(), { action: 'ACCEPT' }, handler('fire-rescue'), cst('2026-11-02T10:00'), domain));
    expect(error).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'Cannot acceptEvent: event E20261102000001 is REPORTED; allowed next steps: registerEvent, rejectEvent, answerEventDirectly',
    });
    const rejected = step(reported(), { action: 'REJECT', reason: '不属实' }, dispatcher, '2026-11-02T10:00');
    expect(errorOf(() => decide(rejected, { action: 'REGISTER' }, dispatcher, cst('2026-11-02T11:00'), domain)).message).toMatch(
      /is REJECTED; it is final: no further steps/,
    );
  });

  it('keeps each step to its role, department and jurisdiction', () => {
    let event = step(reported(), { action: 'REGISTER' }, dispatcher, '2026-11-02T10:00');
    expect(errorOf(() => decide(event, { action: 'DISPATCH' }, { ...dispatcher, department: 'housing' }, cst('2026-11-02T11:00'), domain)).message).toMatch(
      /dispatchEvent is for the grid command centre \(grid-command\)/,
    );
    expect(errorOf(() => decide(event, { action: 'DISPATCH' }, handler('grid-command'), cst('2026-11-02T11:00'), domain)).message).toMatch(
      /dispatchEvent needs the role dispatcher; you are handler of grid-command/,
    );
    const townDispatcher = { ...dispatcher, jurisdiction: ['449900102000'] };
    expect(errorOf(() => decide(event, { action: 'DISPATCH' }, townDispatcher, cst('2026-11-02T11:00'), domain)).message).toMatch(/outside your jurisdiction/);
    event = step(event, { action: 'DISPATCH' }, dispatcher, '2026-11-02T11:00');
    expect(errorOf(() => decide(event, { action: 'ACCEPT' }, handler('housing'), cst('2026-11-02T12:00'), domain)).message).toMatch(
      /assigned to fire-rescue, not housing/,
    );
  });
});
