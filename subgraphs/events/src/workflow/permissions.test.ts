import type { GraphQLError } from 'graphql';
import type { EventRow } from '../prisma';
import type { Actor } from './actors';
import { Command, decide } from './decide';
import { closed, cst, dispatcher, domain, errorOf, GRID, gridWorkerOf, handled, handler, leader, OTHER_GRID, service, worker } from './test-fixtures';

/** Through `decide`, as the mutations go: ALLOWED, or the refusal's reason. */
function outcome(command: Command, actor: Actor, event: EventRow): string {
  try {
    decide(event, command, actor, cst('2026-11-04T09:00'), domain);
    return 'ALLOWED';
  } catch (error) {
    const { extensions } = error as GraphQLError;
    return String(extensions.reason ?? extensions.code);
  }
}
const verify = (actor: Actor, event: EventRow) => outcome({ action: 'VERIFY', passed: true }, actor, event);
const evaluate = (actor: Actor, event: EventRow) => outcome({ action: 'EVALUATE', satisfaction: 1 }, actor, event);
const refusal = (command: Command, actor: Actor, event: EventRow) => errorOf(() => decide(event, command, actor, cst('2026-11-04T09:00'), domain));

describe('who checks handling on site (verifyEvent)', () => {
  const event = handled(); // handled by fire-rescue
  it.each<[string, Actor, string]>([
    ["the grid's own grid worker", worker, 'ALLOWED'],
    ['another grid-command grid worker of the grid', gridWorkerOf('grid-command', 'gw-2'), 'ALLOWED'],
    ["a grid worker for the grid's whole town", gridWorkerOf('grid-command', 'gw-town', ['449900101000']), 'ALLOWED'],
    ["the handling department's own grid worker", gridWorkerOf('fire-rescue'), 'NOT_THE_GRIDS_WORKER'],
    ["another department's grid worker", gridWorkerOf('education'), 'NOT_THE_GRIDS_WORKER'],
    ['a city-wide grid-command grid worker (a token naming no grid)', gridWorkerOf('grid-command', 'gw-city', []), 'NOT_THE_GRIDS_WORKER'],
    ['the grid worker of another grid', gridWorkerOf('grid-command', 'gw-9', [OTHER_GRID]), 'OUT_OF_JURISDICTION'],
    ['the handler who did the work', handler('fire-rescue'), 'WRONG_ROLE'],
    ['a grid-command dispatcher', dispatcher, 'WRONG_ROLE'],
  ])('%s: %s', (_, actor, expected) => {
    expect(verify(actor, event)).toBe(expected);
  });

  it('names the handling department when it tries to check its own work', () => {
    expect(refusal({ action: 'VERIFY', passed: true }, gridWorkerOf('fire-rescue'), event).message).toBe(
      `verifyEvent: the on-site check is for the grid's own grid worker (a grid-command grid worker of grid ${GRID}); you are grid-worker of fire-rescue, the handling department`,
    );
  });

  it('keeps whoever submitted the handling from checking it where grid-command itself handled the event', () => {
    const mediation = handled('dispute.neighbours');
    expect(mediation.department).toBe('grid-command');
    const sameUserAsWorker = gridWorkerOf('grid-command', handler('grid-command').user);
    expect(refusal({ action: 'VERIFY', passed: true }, sameUserAsWorker, mediation)).toEqual({
      code: 'FORBIDDEN',
      reason: 'SEPARATION_OF_DUTIES',
      message: `verifyEvent: you submitted the handling of event ${mediation.id} yourself; another grid worker of grid ${GRID} must check it`,
    });
    expect(verify(worker, mediation)).toBe('ALLOWED');
  });
});

describe('who rates a closed event (evaluateEvent)', () => {
  it.each<[string, Actor, string]>([
    ['the grid worker who reported it', worker, 'ALLOWED'],
    ['another grid worker of the grid', gridWorkerOf('grid-command', 'gw-2'), 'NOT_THE_REPORTER'],
    ['a grid-command reporter-service', service('grid-command', worker.user), 'NOT_THE_REPORTER'],
    ['a grid-command dispatcher', dispatcher, 'NOT_THE_REPORTER'],
    ['a grid-command leader', leader('grid-command'), 'WRONG_ROLE'],
    ['the 12345 hotline service', service('hotline-12345'), 'NOT_THE_REPORTER'],
    ['the handler', handler('fire-rescue'), 'WRONG_ROLE'],
  ])("a grid worker's report: %s", (_, actor, expected) => {
    expect(evaluate(actor, closed())).toBe(expected);
  });

  const police = service('public-security', 'police-110-transfer');
  it.each<[string, Actor, string]>([
    ['the 110 transfer service that reported it', police, 'ALLOWED'],
    ['another instance of the same channel service', service('public-security', 'police-110-transfer-2'), 'ALLOWED'],
    ['the 12345 hotline service', service('hotline-12345'), 'NOT_THE_REPORTER'],
    ['the WeChat service', service('wechat'), 'NOT_THE_REPORTER'],
    ['a grid-command reporter-service with the same user name', service('grid-command', 'police-110-transfer'), 'NOT_THE_REPORTER'],
    ["the grid's grid worker", worker, 'NOT_THE_REPORTER'],
    ['a public-security handler', handler('public-security'), 'WRONG_ROLE'],
  ])('a 110 transfer: %s', (_, actor, expected) => {
    expect(evaluate(actor, closed('fire.illegal-wiring', police, 'NON_EMERGENCY_110'))).toBe(expected);
  });

  it('lets only the dispatcher who saw it on video rate a video-patrol report', () => {
    const patrol = closed('fire.illegal-wiring', dispatcher, 'VIDEO_PATROL');
    expect(evaluate(dispatcher, patrol)).toBe('ALLOWED');
    expect(refusal({ action: 'EVALUATE', satisfaction: 1 }, { ...dispatcher, user: 'cmd-2' }, patrol)).toEqual({
      code: 'FORBIDDEN',
      reason: 'NOT_THE_REPORTER',
      message: `evaluateEvent: event ${patrol.id} came through VIDEO_PATROL; only the dispatcher who reported it may rate it; you are dispatcher of grid-command`,
    });
  });
});
