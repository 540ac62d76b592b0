import type { EventRow } from '../prisma';
import { EventAction, EventStatus, NEXT_ACTIONS } from './actions';
import type { Actor } from './actors';
import { allowedActions } from './allowed';
import { Command, decide } from './decide';
import type { WorkflowAction } from './permissions';
import { cst, dispatcher, domain, gridWorkerOf, handler, leader, OTHER_GRID, reported, service, step, worker } from './test-fixtures';

/** A well-formed command for each step, so that only who and when decide whether it succeeds. */
const COMMANDS: Record<WorkflowAction, Command> = {
  REGISTER: { action: 'REGISTER' },
  REJECT: { action: 'REJECT', reason: '不属实' },
  DISPATCH: { action: 'DISPATCH' },
  ACCEPT: { action: 'ACCEPT' },
  RETURN: { action: 'RETURN', reason: '非本部门职责' },
  REQUEST_EXTENSION: { action: 'REQUEST_EXTENSION', workingDays: 1, reason: '需协调' },
  DECIDE_EXTENSION: { action: 'DECIDE_EXTENSION', approve: true },
  SUBMIT_HANDLING: { action: 'SUBMIT_HANDLING', result: '已处置' },
  VERIFY: { action: 'VERIFY', passed: true },
  EVALUATE: { action: 'EVALUATE', satisfaction: 4 },
  DIRECT_ANSWER: { action: 'DIRECT_ANSWER', answer: '已电话答复政策' },
  HAND_UP: { action: 'HAND_UP', reason: '本级无法协调' },
  HAND_DOWN: { action: 'HAND_DOWN' },
  SUPERVISE: { action: 'SUPERVISE', level: 1, note: '请加快办理' },
  RESPOND_SUPERVISION: { action: 'RESPOND_SUPERVISION', response: '已安排人员处理' },
  REPORT_PROGRESS: { action: 'REPORT_PROGRESS', progress: '已完成一半，正协调业主' },
  SUBMIT_CO_HANDLING: { action: 'SUBMIT_CO_HANDLING', result: '配合部分已完成' },
};
const ACTIONS = Object.keys(COMMANDS) as WorkflowAction[];

/** One event in every state, for a category with extensions, one without, and one grid-command mediates. */
function eventsInEveryState(categoryCode: string): EventRow[] {
  const at = (day: number, hour: number) => `2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00`;
  const events: EventRow[] = [];
  let event = reported(categoryCode);
  events.push(event, step(event, COMMANDS.REJECT, dispatcher, at(2, 10)));
  event = step(event, COMMANDS.REGISTER, dispatcher, at(2, 10));
  events.push(event);
  event = step(event, COMMANDS.DISPATCH, dispatcher, at(2, 11));
  events.push(event, step(event, COMMANDS.RETURN, handler(event.department!), at(2, 12)));
  const department = event.department!;
  event = step(event, COMMANDS.ACCEPT, handler(department), at(2, 12));
  events.push(event);
  if (NEXT_ACTIONS[event.status].includes('REQUEST_EXTENSION') && domain.catalogue.byCode.get(categoryCode)!.extension.allowed) {
    events.push(step(event, COMMANDS.REQUEST_EXTENSION, handler(department), at(3, 9)));
  }
  event = step(event, COMMANDS.SUBMIT_HANDLING, handler(department), at(3, 10));
  events.push(event);
  event = step(event, COMMANDS.VERIFY, worker, at(3, 11));
  events.push(event, step(event, COMMANDS.EVALUATE, worker, at(3, 12)));
  return events;
}

/**
 * Events beside the main line: held by a town's centre, supervised (open and awaiting a leader),
 * extended (progress due), jointly handled (a part outstanding), and a consultation.
 */
function eventsBesideTheLoop(): EventRow[] {
  const town = step(reported(), COMMANDS.HAND_DOWN, dispatcher, '2026-11-02T09:30');
  const supervised = step(
    step(reported(), COMMANDS.SUPERVISE, dispatcher, '2026-11-02T09:30'),
    { action: 'SUPERVISE', level: 3, note: '交责任主体' },
    leader('grid-command'),
    '2026-11-02T09:40',
  );
  const leaderOnly = step(supervised, COMMANDS.RESPOND_SUPERVISION, dispatcher, '2026-11-02T09:50');
  let dispatched = step(step(reported(), COMMANDS.REGISTER, dispatcher, '2026-11-02T10:00'), COMMANDS.DISPATCH, dispatcher, '2026-11-02T11:00');
  const handlingSupervised = step(dispatched, { action: 'SUPERVISE', level: 2, note: '请回复' }, dispatcher, '2026-11-02T11:30');
  dispatched = step(dispatched, COMMANDS.ACCEPT, handler('fire-rescue'), '2026-11-02T12:00');
  dispatched = step(dispatched, COMMANDS.REQUEST_EXTENSION, handler('fire-rescue'), '2026-11-03T12:00');
  const extended = step(dispatched, COMMANDS.DECIDE_EXTENSION, leader('fire-rescue'), '2026-11-03T13:00');
  const joint = step(
    step(reported(), COMMANDS.REGISTER, dispatcher, '2026-11-02T10:00'),
    { action: 'DISPATCH', coHandlers: [{ department: 'housing', part: '房屋安全' }] },
    dispatcher,
    '2026-11-02T11:00',
  );
  const consultation = reported('labour.policy-consultation');
  return [town, supervised, leaderOnly, handlingSupervised, extended, joint, consultation];
}

const ROSTER: Actor[] = [
  worker,
  gridWorkerOf('grid-command', 'gw-2'),
  gridWorkerOf('grid-command', 'gw-9', [OTHER_GRID]),
  gridWorkerOf('grid-command', 'gw-city', []),
  gridWorkerOf('grid-command', handler('grid-command').user),
  gridWorkerOf('fire-rescue'),
  gridWorkerOf('education'),
  dispatcher,
  { ...dispatcher, jurisdiction: [OTHER_GRID] },
  { ...dispatcher, user: 'town-cmd', level: 'town', jurisdiction: ['449900101000'] },
  { ...dispatcher, user: 'other-town-cmd', level: 'town', jurisdiction: ['449900102000'] },
  { ...dispatcher, user: 'station', level: 'community', jurisdiction: ['449900101201'] },
  { ...leader('grid-command'), level: 'town', jurisdiction: ['449900101000'] },
  handler('housing'),
  leader('grid-command'),
  handler('grid-command'),
  service('grid-command'),
  handler('fire-rescue'),
  leader('fire-rescue'),
  handler('urban-management'),
  leader('housing'),
  service('public-security'),
  service('hotline-12345'),
  { user: 'nobody', department: 'health', jurisdiction: [] },
];

describe('nextActions and the mutations cannot disagree', () => {
  const events = [...['fire.illegal-wiring', 'fire.blocked-escape-route', 'dispute.neighbours'].flatMap(eventsInEveryState), ...eventsBesideTheLoop()];

  it('covers every state', () => {
    const statuses = new Set(events.map((e) => e.status));
    expect([...statuses].sort()).toEqual(Object.keys(NEXT_ACTIONS).sort() as EventStatus[]);
  });

  it('offers a caller exactly the steps decide lets that caller take', () => {
    let offered = 0;
    for (const event of events) {
      for (const actor of ROSTER) {
        const allowed: EventAction[] = [...allowedActions(event, actor, domain)].sort();
        const succeeding = ACTIONS.filter((action) => {
          try {
            decide(event, COMMANDS[action], actor, cst('2026-11-03T13:00'), domain);
            return true;
          } catch {
            return false;
          }
        });
        expect({ status: event.status, category: event.categoryCode, actor, allowed }).toEqual({
          status: event.status,
          category: event.categoryCode,
          actor,
          allowed: succeeding.sort(),
        });
        offered += allowed.length;
      }
    }
    // Not vacuous: most states offer someone something, and every step is offered to someone.
    expect(offered).toBeGreaterThan(20);
    const everOffered = new Set(events.flatMap((event) => ROSTER.flatMap((actor) => allowedActions(event, actor, domain))));
    expect([...everOffered].sort()).toEqual([...ACTIONS].sort());
  });

  it('does not offer an extension where the category allows none', () => {
    const accepted = eventsInEveryState('fire.blocked-escape-route').find((e) => e.status === 'ACCEPTED')!;
    expect(allowedActions(accepted, handler('fire-rescue'), domain)).toEqual(['SUBMIT_HANDLING']);
    const withExtension = eventsInEveryState('fire.illegal-wiring').find((e) => e.status === 'ACCEPTED')!;
    expect(allowedActions(withExtension, handler('fire-rescue'), domain)).toEqual(['REQUEST_EXTENSION', 'SUBMIT_HANDLING']);
  });

  it('offers the command steps to the holding level only, and the leadership what was assigned to it', () => {
    const [town, supervised, leaderOnly] = eventsBesideTheLoop();
    expect(allowedActions(town!, dispatcher, domain)).toEqual(['SUPERVISE']);
    const townDispatcher: Actor = { ...dispatcher, level: 'town', jurisdiction: ['449900101000'] };
    expect(allowedActions(town!, townDispatcher, domain)).toEqual(['REGISTER', 'REJECT', 'HAND_UP', 'HAND_DOWN', 'SUPERVISE']);
    expect(allowedActions(supervised!, dispatcher, domain)).toContain('RESPOND_SUPERVISION');
    expect(allowedActions(leaderOnly!, dispatcher, domain)).not.toContain('RESPOND_SUPERVISION');
    expect(allowedActions(leaderOnly!, leader('grid-command'), domain)).toContain('RESPOND_SUPERVISION');
  });
});
