import type { TokenClaims } from '../../gateway/src/dev-tokens';
import { testBackends } from '../helpers/federation';
import { as, firstError, mutate, newKey, step, useEventsCity } from '../helpers/events';
import { repositoryPolicies } from '../../access-policies/runtime/load';

/** A role the token's department does not hold (departments.yaml): the gateway refuses the token itself. */
const holdsRole = (who: TokenClaims) =>
  !who.role || (repositoryPolicies().departments.get(who.department)?.roles as readonly string[] | undefined)?.includes(who.role) === true;

/**
 * Who may close and rate a case, tried as a determined caller would through the real gateway: each
 * attack is refused with FORBIDDEN and a reason and changes nothing; the one the rule names succeeds.
 * On-site verification (核查) is the grid's own grid worker's (grid-command, jurisdiction covering
 * the grid), never the handling department's; evaluation is the reporter's or the reporting
 * channel's; attachments are https URLs; nextActions is what this caller may do.
 */
describe.each(testBackends())('who may close and rate an event, on %s', (backend) => {
  const city = useEventsCity('2026-11-02T09:00', backend);
  const grid = () => city.base.gridCode;
  const dispatcher = as.dispatcher();

  /** A community-level token of `department` in the event's grid, with `role`. */
  const inGrid = (department: string, role: string, user = `${department}-${role}`): TokenClaims => ({
    department,
    user,
    role,
    level: 'community',
    jurisdiction: [grid()],
  });

  const status = async (id: string) =>
    (await city.federation.queryAs(dispatcher, `query ($id: ID!) { event(id: $id) { status version } }`, { id })).body.data.event;
  const nextActionsOf = async (who: TokenClaims, id: string): Promise<string[]> => {
    const { body } = await city.federation.queryAs(who, `query ($id: ID!) { event(id: $id) { nextActions } }`, { id });
    expect(body.errors).toBeUndefined();
    return body.data.event.nextActions;
  };

  /** Reported by the grid's worker (or `reporter`), registered and dispatched; returns id and department. */
  async function dispatched(categoryCode: string, reporter: TokenClaims = as.gridWorker(grid())) {
    const reported = await step(city.federation, reporter, 'reportEvent', {
      idempotencyKey: newKey('roles'),
      categoryCode,
      description: '角色测试',
      gridCode: grid(),
    });
    await step(city.federation, dispatcher, 'registerEvent', { id: reported.id, expectedVersion: 1 });
    const event = await step(city.federation, dispatcher, 'dispatchEvent', { id: reported.id, expectedVersion: 2 });
    return { id: event.id as string, department: event.department as string };
  }

  /** Dispatched, accepted and handled by the catalogue's department: waiting for the on-site check (version 5). */
  async function handled(categoryCode = 'road.pothole', reporter?: TokenClaims) {
    const event = await dispatched(categoryCode, reporter);
    await step(city.federation, as.handler(event.department), 'acceptEvent', { id: event.id, expectedVersion: 3 });
    await step(city.federation, as.handler(event.department), 'submitHandling', { id: event.id, expectedVersion: 4, result: '已处置' });
    return event;
  }

  /** Handled and closed by the grid's worker: waiting for evaluation (version 6). */
  async function closed(reporter?: TokenClaims) {
    const event = await handled('road.pothole', reporter);
    await step(city.federation, as.gridWorker(grid()), 'verifyEvent', { id: event.id, expectedVersion: 5, passed: true });
    return event;
  }

  async function expectRefused(who: TokenClaims, mutation: string, input: Record<string, unknown>, reason: string, message: RegExp) {
    const before = await status(input.id as string);
    const result = await mutate(city.federation, who, mutation, input);
    if (holdsRole(who)) {
      expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason });
      expect(firstError(result)?.message).toMatch(message);
    } else {
      // Refused before the events subgraph is asked: a department's officials hold only its roles.
      expect(result.status).toBe(401);
      expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: expect.stringMatching(/is not a role of/) });
    }
    expect(await status(input.id as string)).toEqual(before);
  }

  describe('on-site verification', () => {
    it("refuses the handling department's own grid worker, and lets the grid's own grid worker close", async () => {
      const { id, department } = await handled();
      expect(department).toBe('urban-management');
      const own = inGrid(department, 'grid-worker');
      await expectRefused(own, 'verifyEvent', { id, expectedVersion: 5, passed: true }, 'NOT_THE_GRIDS_WORKER', /grid's own grid worker/);
      expect(await nextActionsOf(as.handler(department), id)).toEqual([]);
      expect(await nextActionsOf(as.gridWorker(grid()), id)).toEqual(['VERIFY']);
      const closedEvent = await step(city.federation, as.gridWorker(grid()), 'verifyEvent', { id, expectedVersion: 5, passed: true });
      expect(closedEvent).toMatchObject({ status: 'CLOSED', version: 6 });
    });

    it("refuses another department's grid worker, a city-wide one and one of another grid", async () => {
      const { id } = await handled();
      const otherGrid = grid().endsWith('001') ? `${grid().slice(0, 12)}002` : `${grid().slice(0, 12)}001`;
      const attempts: [TokenClaims, string, RegExp][] = [
        [inGrid('education', 'grid-worker'), 'NOT_THE_GRIDS_WORKER', /grid's own grid worker/],
        [{ department: 'grid-command', user: 'gw-everywhere', role: 'grid-worker' }, 'NOT_THE_GRIDS_WORKER', /names no grid/],
        [as.gridWorker(otherGrid), 'OUT_OF_JURISDICTION', /outside your jurisdiction/],
      ];
      for (const [who, reason, message] of attempts) {
        await expectRefused(who, 'verifyEvent', { id, expectedVersion: 5, passed: true }, reason, message);
        // The worker of another grid cannot read the event at all (row scope); the others see no step.
        if (reason !== 'OUT_OF_JURISDICTION' && holdsRole(who)) expect(await nextActionsOf(who, id)).toEqual([]);
      }
      expect((await step(city.federation, as.gridWorker(grid()), 'verifyEvent', { id, expectedVersion: 5, passed: true })).status).toBe('CLOSED');
    });

    it('keeps the check from whoever handled it when grid-command itself was the handling department', async () => {
      const { id, department } = await handled('dispute.neighbours');
      expect(department).toBe('grid-command');
      // The mediator who submitted the handling, now with a grid worker's token for the same grid.
      const mediatorAsWorker = inGrid('grid-command', 'grid-worker', as.handler('grid-command').user);
      await expectRefused(mediatorAsWorker, 'verifyEvent', { id, expectedVersion: 5, passed: true }, 'SEPARATION_OF_DUTIES', /submitted the handling/);
      expect(await nextActionsOf(mediatorAsWorker, id)).toEqual([]);
      expect((await step(city.federation, as.gridWorker(grid()), 'verifyEvent', { id, expectedVersion: 5, passed: true })).status).toBe('CLOSED');
    });
  });

  describe('evaluation', () => {
    it('refuses a grid-command reporter-service, dispatcher or leader and another grid worker; the reporting worker rates', async () => {
      const { id } = await closed();
      const attempts: [TokenClaims, string, RegExp][] = [
        [{ department: 'grid-command', user: 'cmd-bot', role: 'reporter-service' }, 'NOT_THE_REPORTER', /only the grid worker who reported it/],
        [dispatcher, 'NOT_THE_REPORTER', /only the grid worker who reported it/],
        [as.leader('grid-command'), 'WRONG_ROLE', /evaluateEvent needs the role grid-worker or reporter-service or dispatcher/],
        [as.gridWorker(grid(), 'gw-colleague'), 'NOT_THE_REPORTER', /only the grid worker who reported it/],
      ];
      for (const [who, reason, message] of attempts) {
        await expectRefused(who, 'evaluateEvent', { id, expectedVersion: 6, satisfaction: 1 }, reason, message);
        if (holdsRole(who)) expect(await nextActionsOf(who, id)).toEqual([]);
      }
      expect(await nextActionsOf(as.gridWorker(grid()), id)).toEqual(['EVALUATE']);
      const rated = await step(city.federation, as.gridWorker(grid()), 'evaluateEvent', { id, expectedVersion: 6, satisfaction: 5 });
      expect(rated).toMatchObject({ status: 'EVALUATED', version: 7 });
    });

    it('lets only the channel that took a citizen report rate it', async () => {
      const { id } = await closed(as.police110());
      const attempts: [TokenClaims, string, RegExp][] = [
        [{ department: 'hotline-12345', user: 'hotline-12345-gateway', role: 'reporter-service' }, 'NOT_THE_REPORTER', /came through NON_EMERGENCY_110/],
        [{ department: 'grid-command', user: 'police-110-transfer', role: 'reporter-service' }, 'NOT_THE_REPORTER', /came through NON_EMERGENCY_110/],
        [as.gridWorker(grid()), 'NOT_THE_REPORTER', /came through NON_EMERGENCY_110/],
      ];
      for (const [who, reason, message] of attempts) {
        await expectRefused(who, 'evaluateEvent', { id, expectedVersion: 6, satisfaction: 1 }, reason, message);
      }
      expect(await nextActionsOf(as.police110(), id)).toEqual(['EVALUATE']);
      expect((await step(city.federation, as.police110(), 'evaluateEvent', { id, expectedVersion: 6, satisfaction: 4 })).status).toBe('EVALUATED');
    });
  });

  describe('attachments', () => {
    it.each([
      ['a javascript: URI', 'javascript:alert(document.cookie)', /must be an https URL/],
      ['a data: URI', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==', /must be an https URL/],
      ['plain http', 'http://evidence.example/1.jpg', /must be an https URL/],
      ['credentials in the URL', 'https://admin:secret@evidence.example/1.jpg', /must not carry a user name or password/],
      ['a tab the URL parser would silently drop', 'https://evid\tence.example/1.jpg', /must not contain spaces or control characters/],
      ['an over-long URL', `https://evidence.example/${'a'.repeat(500)}.jpg`, /at most 500 are allowed/],
      ['no URL at all', 'photo-1.jpg', /must be an https URL/],
    ])('refuses %s and keeps the event as it was', async (_, attachment, message) => {
      const { id, department } = await dispatched('road.pothole');
      await step(city.federation, as.handler(department), 'acceptEvent', { id, expectedVersion: 3 });
      const before = await status(id);
      const result = await mutate(city.federation, as.handler(department), 'submitHandling', {
        id,
        expectedVersion: 4,
        result: '已处置',
        attachments: ['https://evidence.example/ok.jpg', attachment],
      });
      expect(firstError(result)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringMatching(message) });
      expect(firstError(result)?.message).toMatch(/^attachments\[1\]/);
      expect(await status(id)).toEqual(before);
    });

    it('stores https URLs in the URL parser’s normal form', async () => {
      const { id, department } = await dispatched('road.pothole');
      await step(city.federation, as.handler(department), 'acceptEvent', { id, expectedVersion: 3 });
      const result = await mutate(
        city.federation,
        as.handler(department),
        'submitHandling',
        { id, expectedVersion: 4, result: '已处置', attachments: ['HTTPS://Evidence.Example/e/1.jpg', 'https://evidence.example/e/照片.jpg'] },
        'event { attachments }',
      );
      expect(result.body.errors).toBeUndefined();
      expect(result.body.data.submitHandling.event.attachments).toEqual([
        'https://evidence.example/e/1.jpg',
        'https://evidence.example/e/%E7%85%A7%E7%89%87.jpg',
      ]);
    });
  });

  it('lists for each caller exactly the steps it may take', async () => {
    const reported = await step(city.federation, as.gridWorker(grid()), 'reportEvent', {
      idempotencyKey: newKey('next'),
      categoryCode: 'fire.blocked-escape-route',
      description: '消防通道堆放杂物',
      gridCode: grid(),
    });
    const id = reported.id;
    expect(reported.nextActions).toEqual([]);
    // The city's dispatcher holds the command steps: it may also hand them down to the town, or supervise its own step.
    expect(await nextActionsOf(dispatcher, id)).toEqual(['REGISTER', 'REJECT', 'HAND_DOWN', 'SUPERVISE']);
    expect(await nextActionsOf(as.handler('fire-rescue'), id)).toEqual([]);
    await step(city.federation, dispatcher, 'registerEvent', { id, expectedVersion: 1 });
    await step(city.federation, dispatcher, 'dispatchEvent', { id, expectedVersion: 2 });
    expect(await nextActionsOf(as.handler('fire-rescue'), id)).toEqual(['ACCEPT', 'RETURN']);
    expect(await nextActionsOf(as.handler('housing'), id)).toEqual([]);
    expect(await nextActionsOf(dispatcher, id)).toEqual(['SUPERVISE']);
    const accepted = await step(city.federation, as.handler('fire-rescue'), 'acceptEvent', { id, expectedVersion: 3 });
    // The category allows no extension: requesting one could only fail, so it is not offered.
    expect(accepted.nextActions).toEqual(['SUBMIT_HANDLING']);
    expect(await nextActionsOf(as.leader('fire-rescue'), id)).toEqual([]);
  });
});
