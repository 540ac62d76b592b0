import { once } from 'node:events';
import type { TokenClaims } from '../../gateway/src/dev-tokens';
import { verifySignature } from '../../subgraphs/kit/src/webhooks/signature';
import { testBackends } from '../helpers/federation';
import { as, cst, TestClock } from '../helpers/events';
import { SplitFederation, startSplitFederation } from '../helpers/events-split';
import { WebhookReceiver } from '../helpers/webhook-receiver';

/**
 * Signed webhooks from the transactional outbox, to a real HTTP receiver, across a restart of the
 * events subgraph in the middle of a delivery: every notification arrives and is processed exactly
 * once (by delivery id), every signature verifies, a failed attempt is retried after its back-off
 * (driven by the injected clock), the log shows each attempt, a replay resends the same delivery,
 * and a department hears only of its own dispatches.
 */
describe.each(testBackends())('webhooks on %s', (backend) => {
  const clock = new TestClock('2026-11-02T09:00');
  const receiver = new WebhookReceiver();
  let split: SplitFederation;
  let grid: string;
  beforeAll(async () => {
    await receiver.start();
    split = await startSplitFederation(backend, clock.now);
    grid = (await split.events().db.sql.query<{ code: string }>(`SELECT code FROM grid_reference WHERE level = 'GRID' ORDER BY code LIMIT 1`)).rows[0]!.code;
    // The seeded backlog's supervision and alerts come due now, before anyone subscribes.
    await split.events().background.sweep();
  });
  afterAll(async () => {
    await split?.stop();
    await receiver.stop();
  });

  const run = async (who: TokenClaims, mutation: string, input: Record<string, unknown>, selection = 'event { id version status }') => {
    const { body } = await split.queryAs(
      who,
      `mutation ($input: ${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $input) { ${selection} } }`,
      { input },
    );
    if (body.errors) throw new Error(`${mutation}: ${JSON.stringify(body.errors)}`);
    return body.data[mutation];
  };
  const subscribe = (who: TokenClaims, path: string, topics: string[]) =>
    run(who, 'createWebhookSubscription', { url: `${receiver.url}${path}`, topics }, 'subscription { id } secret');
  const deliveries = async (who: TokenClaims, subscriptionId: string) => {
    const { body } = await split.queryAs(
      who,
      `query ($id: ID!) { webhookDeliveries(subscriptionId: $id) { edges { node { id topic eventId status attempts log { attempt statusCode } } } } }`,
      { id: subscriptionId },
    );
    expect(body.errors).toBeUndefined();
    return body.data.webhookDeliveries.edges.map((e: { node: unknown }) => e.node) as {
      id: string;
      topic: string;
      status: string;
      attempts: number;
      log: { statusCode: number }[];
    }[];
  };

  it('delivers exactly once across a restart mid-delivery, retries with back-off, replays, and signs every request', async () => {
    const um = await subscribe(as.leader('urban-management'), '/um', [
      'DISPATCHED',
      'SUPERVISED',
      'DEADLINE_APPROACHING',
      'DEADLINE_PASSED',
      'REOPENED',
      'RETURNED',
    ]);
    const gc = await subscribe(as.dispatcher(), '/gc', ['DISPATCHED', 'RETURNED', 'HANDED_OVER']);
    const fire = await subscribe(as.leader('fire-rescue'), '/fire', ['DISPATCHED', 'SUPERVISED']);
    const secrets: Record<string, string> = { '/um': um.secret, '/gc': gc.secret, '/fire': fire.secret };

    // A pothole, dispatched to urban-management: one notification for it, one for the command centre.
    const worker: TokenClaims = { department: 'grid-command', user: `gw-${grid}`, role: 'grid-worker', level: 'community', jurisdiction: [grid] };
    const { event } = await run(
      worker,
      'reportEvent',
      { idempotencyKey: 'webhook-test-0001', categoryCode: 'road.pothole', description: '坑洼', gridCode: grid },
      'event { id }',
    );
    const id = event.id as string;
    clock.set('2026-11-02T09:30');
    await run(as.dispatcher(), 'registerEvent', { id, expectedVersion: 1 });
    receiver.hold = true;
    clock.set('2026-11-02T10:00');
    await run(as.dispatcher(), 'dispatchEvent', { id, expectedVersion: 2 });
    await receiver.waitForRequests(2);

    // Both requests are in flight, unanswered: stop the events subgraph now, and answer once it is stopping.
    const closed = once(split.events().http.server, 'close');
    const stopping = split.stopEvents();
    await closed;
    receiver.release();
    await stopping;
    await split.startEvents();
    // The restarted subgraph delivers what is pending at start: nothing, as both answers were recorded.
    await split.events().background.deliver();
    expect(receiver.requests.map((r) => [r.path, r.topic, r.status]).sort()).toEqual([
      ['/gc', 'DISPATCHED', 204],
      ['/um', 'DISPATCHED', 204],
    ]);

    // The restarted subgraph notifies again: the warning point raises 电子催办 and an approaching deadline.
    await run(as.handler('urban-management'), 'acceptEvent', { id, expectedVersion: 3 });
    receiver.failNext = 1;
    clock.set('2026-11-06T10:00'); // 80 % of 5 working days from Mon 2 Nov 10:00
    const swept = await split.events().background.sweep();
    expect(swept.queued).toBeGreaterThanOrEqual(2);
    await split.events().background.deliver();
    expect(
      receiver.requests
        .slice(2)
        .map((r) => r.status)
        .sort(),
    ).toEqual([204, 500]);
    // Retried after its back-off (30 s), by the clock, not by waiting.
    clock.set('2026-11-06T10:00:29');
    await split.events().background.deliver();
    expect(receiver.requests).toHaveLength(4);
    clock.set('2026-11-06T10:00:31');
    await split.events().background.deliver();
    expect(receiver.requests).toHaveLength(5);

    const umLog = await deliveries(as.leader('urban-management'), um.subscription.id);
    expect(umLog.map((d) => d.topic).sort()).toEqual(['DEADLINE_APPROACHING', 'DISPATCHED', 'SUPERVISED']);
    expect(umLog.every((d) => d.status === 'DELIVERED')).toBe(true);
    expect(umLog.map((d) => d.log.map((a) => a.statusCode)).sort()).toEqual([[204], [204], [500, 204]]);
    const gcLog = await deliveries(as.dispatcher(), gc.subscription.id);
    expect(gcLog.map((d) => [d.topic, d.status])).toEqual([['DISPATCHED', 'DELIVERED']]);
    // Fire and rescue subscribed too, but nothing was theirs.
    expect(await deliveries(as.leader('fire-rescue'), fire.subscription.id)).toEqual([]);
    expect(receiver.requests.filter((r) => r.path === '/fire')).toEqual([]);

    // Exactly once, by delivery id: every delivery of the outbox processed once, nothing else.
    const all = [...umLog, ...gcLog].map((d) => d.id).sort();
    expect([...receiver.processed.keys()].sort()).toEqual(all);
    expect(receiver.repeats.size).toBe(0);
    for (const request of receiver.requests) {
      expect(verifySignature(secrets[request.path]!, request.signature, request.body, clock.now().getTime() / 1000, 7 * 86_400)).toBe(true);
      expect(verifySignature(secrets[request.path === '/um' ? '/gc' : '/um']!, request.signature, request.body, clock.now().getTime() / 1000, 7 * 86_400)).toBe(
        false,
      );
      const body = JSON.parse(request.body);
      expect(body).toMatchObject({ id: request.deliveryId, topic: request.topic, event: { id, gridCode: grid } });
      expect(request.body).not.toMatch(/contactName|contactPhone|description|坑洼/);
    }

    // A replay resends the same delivery (same id and body, fresh signature); the receiver does not act twice.
    const dispatchedId = umLog.find((d) => d.topic === 'DISPATCHED')!.id;
    const { replayed } = await run(
      as.leader('urban-management'),
      'replayWebhookDeliveries',
      { subscriptionId: um.subscription.id, deliveryIds: [dispatchedId] },
      'replayed',
    );
    expect(replayed).toBe(1);
    await split.events().background.deliver();
    const again = receiver.requests.at(-1)!;
    expect(again).toMatchObject({ deliveryId: dispatchedId, status: 204, body: receiver.processed.get(dispatchedId) });
    expect(receiver.repeats.get(dispatchedId)).toBe(1);
    expect(clock.now()).toEqual(cst('2026-11-06T10:00:31'));
  });
});
