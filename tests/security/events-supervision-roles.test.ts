import type { TokenClaims } from '../../gateway/src/dev-tokens';
import { testBackends } from '../helpers/federation';
import { as, firstError, mutate, newKey, step, useEventsCity } from '../helpers/events';

/**
 * Who may move events between command levels, supervise, answer supervision, submit a co-handler's
 * part, subscribe to webhooks and keep the grid roster, tried as a determined caller would through
 * the real gateway: each attack is refused (with its reason) and changes nothing; the role the rule
 * names succeeds.
 */
describe.each(testBackends())('who may escalate, supervise and subscribe, on %s', (backend) => {
  const city = useEventsCity('2026-11-02T09:00', backend);
  const grid = () => city.base.gridCode;
  const town = () => city.base.townCode;
  const community = () => grid().slice(0, 12);
  const otherTown = () => (town().slice(6, 9) === '101' ? `${town().slice(0, 6)}102000` : `${town().slice(0, 6)}101000`);

  const state = async (id: string) =>
    (await city.federation.queryAs(as.dispatcher(), `query ($id: ID!) { event(id: $id) { status version commandLevel supervisionLevel } }`, { id })).body.data
      .event;

  async function expectRefused(who: TokenClaims, mutation: string, input: Record<string, unknown>, code: string, reason: string | undefined, message: RegExp) {
    const before = await state(input.id as string);
    const result = await mutate(city.federation, who, mutation, input);
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ code, ...(reason ? { reason } : {}) });
    expect(firstError(result)?.message).toMatch(message);
    expect(await state(input.id as string)).toEqual(before);
  }

  const reported = async () =>
    (
      await step(city.federation, as.gridWorker(grid()), 'reportEvent', {
        idempotencyKey: newKey('lv'),
        categoryCode: 'road.pothole',
        description: '井盖缺失',
        gridCode: grid(),
      })
    ).id as string;

  it('moves command steps between levels by the holding level only', async () => {
    const id = await reported();
    const attempts: [TokenClaims, string, string, RegExp][] = [
      [as.handler('urban-management'), 'handDownEvent', 'WRONG_ROLE', /needs the role dispatcher or leader/],
      [as.townCommand(town()), 'handDownEvent', 'WRONG_COMMAND_LEVEL', /held by the city command centre \(CITY\); only the city command centre may do this/],
      [as.leader('urban-management'), 'handDownEvent', 'WRONG_DEPARTMENT', /for the grid command centre/],
      [as.townCommand(town()), 'registerEvent', 'WRONG_COMMAND_LEVEL', /held by the city command centre/],
    ];
    for (const [who, mutation, reason, message] of attempts) {
      await expectRefused(who, mutation, { id, expectedVersion: 1 }, 'FORBIDDEN', reason, message);
    }
    await step(city.federation, as.dispatcher(), 'handDownEvent', { id, expectedVersion: 1, note: '属地镇街处置' });
    expect(await state(id)).toMatchObject({ commandLevel: 'TOWN', status: 'REPORTED', version: 2 });

    // Now the town's: the city may no longer register it, another town may not touch it, the station not yet.
    await expectRefused(as.dispatcher(), 'registerEvent', { id, expectedVersion: 2 }, 'FORBIDDEN', 'WRONG_COMMAND_LEVEL', /held by the town's command centre/);
    await expectRefused(
      as.townCommand(otherTown()),
      'registerEvent',
      { id, expectedVersion: 2 },
      'FORBIDDEN',
      'OUT_OF_JURISDICTION',
      /outside your jurisdiction/,
    );
    await expectRefused(
      as.stationCommand(community()),
      'handUpEvent',
      { id, expectedVersion: 2, reason: 'x' },
      'FORBIDDEN',
      'WRONG_COMMAND_LEVEL',
      /you act for the community's station/,
    );
    await step(city.federation, as.townCommand(town()), 'handDownEvent', { id, expectedVersion: 2 });
    await expectRefused(as.stationCommand(community()), 'handDownEvent', { id, expectedVersion: 3 }, 'BAD_USER_INPUT', undefined, /no level below/);
    await expectRefused(
      as.stationCommand(community()),
      'handUpEvent',
      { id, expectedVersion: 3, reason: '' },
      'BAD_USER_INPUT',
      undefined,
      /reason must not be empty/,
    );
    await step(city.federation, as.stationCommand(community()), 'handUpEvent', { id, expectedVersion: 3, reason: '涉及市政管网，社区无法处置' });
    await step(city.federation, as.townCommand(town(), 'leader'), 'handUpEvent', { id, expectedVersion: 4, reason: '需市级协调' });
    expect(await state(id)).toMatchObject({ commandLevel: 'CITY', version: 5 });
    const { body } = await city.federation.queryAs(as.dispatcher(), `query ($id: ID!) { event(id: $id) { timeline { action actor { user } } } }`, { id });
    expect(body.data.event.timeline.slice(1).map((t: { action: string; actor: { user: string } }) => `${t.action}:${t.actor.user}`)).toEqual([
      'HAND_DOWN:cmd-dispatcher',
      'HAND_DOWN:town-dispatcher',
      'HAND_UP:station-dispatcher',
      'HAND_UP:town-leader',
    ]);
  });

  it('lets only the command centre at or above the holding level supervise, and only the holder answer', async () => {
    const id = await reported();
    await step(city.federation, as.dispatcher(), 'registerEvent', { id, expectedVersion: 1 });
    await step(city.federation, as.dispatcher(), 'dispatchEvent', { id, expectedVersion: 2 });
    const supervise = { id, expectedVersion: 3, level: 'RESPONSIBLE_UNIT_ASSIGNMENT', note: '请单位负责人督促' };
    await expectRefused(as.handler('urban-management'), 'superviseEvent', supervise, 'FORBIDDEN', 'WRONG_ROLE', /needs the role dispatcher or leader/);
    await expectRefused(as.leader('urban-management'), 'superviseEvent', supervise, 'FORBIDDEN', 'WRONG_DEPARTMENT', /for the grid command centre/);
    await expectRefused(as.stationCommand(community()), 'superviseEvent', supervise, 'FORBIDDEN', 'WRONG_COMMAND_LEVEL', /or a level above it/);
    await expectRefused(as.dispatcher(), 'superviseEvent', { ...supervise, note: '   ' }, 'BAD_USER_INPUT', undefined, /note must not be empty/);
    await step(city.federation, as.leader('grid-command'), 'superviseEvent', supervise);

    const respond = { id, expectedVersion: 4, response: '收到' };
    await expectRefused(as.dispatcher(), 'respondToSupervision', respond, 'FORBIDDEN', 'WRONG_DEPARTMENT', /whose handlers and leaders answer/);
    await expectRefused(as.leader('housing'), 'respondToSupervision', respond, 'FORBIDDEN', 'WRONG_DEPARTMENT', /assigned to urban-management/);
    await expectRefused(as.handler('urban-management'), 'respondToSupervision', respond, 'FORBIDDEN', 'WRONG_ROLE', /a leader must answer it/);
    await step(city.federation, as.leader('urban-management'), 'respondToSupervision', { ...respond, response: '分管领导已部署' });
    await expectRefused(
      as.leader('urban-management'),
      'respondToSupervision',
      { ...respond, expectedVersion: 5 },
      'BAD_USER_INPUT',
      undefined,
      /No supervision of event .* awaits an answer/,
    );
  });

  it('keeps webhook subscriptions to leaders, within their jurisdiction, and each department to its own', async () => {
    const subscribe = (who: TokenClaims, input: Record<string, unknown>) =>
      city.federation.queryAs(
        who,
        `mutation ($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { subscription { id department gridPrefixes topics } secret } }`,
        {
          input: { url: 'https://hooks.example.gov.cn/gridshare', topics: ['DISPATCHED'], ...input },
        },
      );
    const handler = await subscribe(as.handler('housing'), {});
    expect(handler.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'WRONG_ROLE' });
    // The channels and the audit office are not even offered the mutation (their contract lacks it).
    const hotline = await subscribe({ department: 'hotline-12345', user: 'hotline-gw', role: 'reporter-service' }, {});
    expect(hotline.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const plainHttp = await subscribe(as.leader('housing'), { url: 'http://hooks.example.gov.cn/x' });
    expect(plainHttp.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/must be https/) });
    const townLeader: TokenClaims = { department: 'housing', user: 'housing-town-leader', role: 'leader', level: 'town', jurisdiction: [town()] };
    const outside = await subscribe(townLeader, { gridCode: otherTown() });
    expect(outside.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUT_OF_JURISDICTION' });
    const mine = await subscribe(townLeader, {});
    expect(mine.body.errors).toBeUndefined();
    expect(mine.body.data.createWebhookSubscription).toMatchObject({
      subscription: { department: 'housing', gridPrefixes: [town().slice(0, 9)], topics: ['DISPATCHED'] },
      secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const id = mine.body.data.createWebhookSubscription.subscription.id;
    // Another department can neither see it nor replay its deliveries, nor turn it off.
    const list = await city.federation.queryAs(as.leader('fire-rescue'), `{ webhookSubscriptions { id } }`);
    expect(list.body.data.webhookSubscriptions.map((s: { id: string }) => s.id)).not.toContain(id);
    const replay = await city.federation.queryAs(
      as.leader('fire-rescue'),
      `mutation ($id: ID!) { replayWebhookDeliveries(input: { subscriptionId: $id, since: "2026-01-01T00:00:00Z" }) { replayed } }`,
      { id },
    );
    expect(replay.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const off = await city.federation.queryAs(
      as.leader('fire-rescue'),
      `mutation ($id: ID!) { deactivateWebhookSubscription(input: { id: $id }) { subscription { active } } }`,
      { id },
    );
    expect(off.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const secretAgain = await city.federation.queryAs(townLeader, `{ webhookSubscriptions { id url } }`);
    expect(JSON.stringify(secretAgain.body)).not.toContain(mine.body.data.createWebhookSubscription.secret);
  });

  it('keeps the roster to leaders: full-time grid workers to the command centre, members to their own department', async () => {
    const assign = (who: TokenClaims, input: Record<string, unknown>) =>
      city.federation.queryAs(who, `mutation ($input: AssignGridWorkerInput!) { assignGridWorker(input: $input) { assignment { id } } }`, {
        input: { gridCode: grid(), ...input },
      });
    const attempts: [TokenClaims, Record<string, unknown>, string][] = [
      [as.handler('grid-command'), { user: 'gw-x', duty: 'FULL_TIME' }, 'WRONG_ROLE'],
      [as.leader('housing'), { user: 'gw-x', duty: 'FULL_TIME' }, 'WRONG_DEPARTMENT'],
      [
        { department: 'housing', user: 'h-town', role: 'leader', level: 'town', jurisdiction: [otherTown()] },
        { user: 'h-x', duty: 'DEPARTMENT_MEMBER' },
        'OUT_OF_JURISDICTION',
      ],
    ];
    for (const [who, input, reason] of attempts) {
      const result = await assign(who, input);
      expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason });
    }
    const { body } = await city.federation.queryAs(as.dispatcher(), `query ($grid: ID!) { grid(code: $grid) { gridWorkers { user } } }`, { grid: grid() });
    expect(body.data.grid.gridWorkers.map((w: { user: string }) => w.user)).not.toContain('gw-x');
    expect(body.data.grid.gridWorkers.map((w: { user: string }) => w.user)).not.toContain('h-x');
  });
});
