import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../platform/config';
import { FeedFollower, FollowerTimer, MAX_BACKOFF_MS } from '../../subgraphs/events/src/feeds/follower';
import { feedSources, populationSource } from '../../subgraphs/events/src/feeds/sources';
import { readCommittedSupergraph } from '../../platform/schema-artifacts';
import { FEED_FOLLOWER_IDENTITY, followerToken, supergraphHasQueryField } from '../../runner/system/feed-follower';
import { auditRecordsMentioning } from '../helpers/audit-records';
import { TestClock } from '../helpers/events';
import { postGraphQL, testBackends, TestFederation } from '../helpers/federation';
import {
  APPROVE_POPULATION,
  END_REGISTRATION,
  errorOf,
  gridWorker,
  key,
  LivingCity,
  newIdNumber,
  REGISTER_ARRIVAL,
  registrar,
  startLivingCity,
  SUBMIT_POPULATION,
} from '../helpers/living';

/**
 * #12 item 4: the events subgraph's reference tables are fed by the owners' change feeds, read
 * through the gateway by the events subgraph's feed follower (grid-command's service identity), not
 * frozen at the seed. Walked as users do: public security registers an arrival and a grid worker
 * reports an event involving that person at once, with nothing restarted.
 */

const REPORT = `mutation ($input: ReportEventInput!) { reportEvent(input: $input) { event { id status } } }`;

/** The follower's timers, held by the test: each scheduled pull runs when the test fires it. */
class HeldTimer implements FollowerTimer {
  delays: number[] = [];
  private pending: (() => void) | undefined;
  private waiting: (() => void) | undefined;
  set(run: () => void, ms: number) {
    this.delays.push(ms);
    this.pending = run;
    this.waiting?.();
    return run;
  }
  clear() {
    this.pending = undefined;
  }
  /** Runs the scheduled pull and resolves once it has scheduled the next one (its outcome decided). */
  fire(): Promise<void> {
    const run = this.pending;
    if (!run) throw new Error('nothing scheduled');
    this.pending = undefined;
    const scheduled = new Promise<void>((resolve) => {
      this.waiting = resolve;
    });
    run();
    return scheduled;
  }
}

/** A gateway in front of the real one that can be taken down (connections refused) and brought back on the same port. */
class SwitchableGateway {
  private server: http.Server | undefined;
  port = 0;
  constructor(private readonly target: string) {}
  get url() {
    return `http://127.0.0.1:${this.port}/graphql`;
  }
  async up(): Promise<void> {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c) => chunks.push(c));
      request.on('end', async () => {
        const pass = ['authorization', 'content-type', 'x-purpose', 'x-request-id'];
        const headers = Object.fromEntries(pass.filter((h) => typeof request.headers[h] === 'string').map((h) => [h, request.headers[h] as string]));
        const answer = await fetch(this.target, { method: 'POST', headers, body: Buffer.concat(chunks) });
        response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        response.end(Buffer.from(await answer.arrayBuffer()));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

describe.each(testBackends())("events reference tables fed from the owners' change feeds on %s", (backend) => {
  const clock = new TestClock('2026-12-01T10:00');
  let federation: TestFederation;
  let city: LivingCity;
  const events = () => federation.system.subgraphs.events!.db.sql;
  const personRef = async (id: string) =>
    (await events().query<{ status: string; version: number | null }>('SELECT status, version FROM person_reference WHERE id = $1', [id])).rows[0];
  const arrive = async (n: number) => {
    const result = await federation.queryAs(registrar(), REGISTER_ARRIVAL, {
      input: {
        idempotencyKey: key(),
        change: {
          newPerson: {
            name: '测试来人',
            idNumber: newIdNumber('1988-05-06', n % 2 === 0, 40 + n),
            gender: n % 2 === 0 ? 'MALE' : 'FEMALE',
            birthDate: '1988-05-06',
            householdRegistration: '广东省某市某区',
          },
          houseCode: city.vacantHouse.code,
          residenceType: 'MIGRANT',
          movedInOn: '2026-11-30',
        },
      },
    });
    expect(result.body.errors).toBeUndefined();
    return result.body.data.registerArrival.person as { id: string; version: number };
  };
  const report = (personIds: string[], usccs: string[] = []) =>
    federation.queryAs(gridWorker(city.gridA), REPORT, {
      input: {
        idempotencyKey: key(),
        categoryCode: 'road.pothole',
        description: '门口路面破损',
        gridCode: city.gridA,
        involvedPersonIds: personIds,
        involvedLegalEntityUsccs: usccs,
      },
    });

  beforeAll(async () => {
    ({ federation, city } = await startLivingCity(backend, clock));
  });
  afterAll(() => federation?.stop());

  it('lets a grid worker involve a person public security registered a moment ago, with nothing restarted', async () => {
    const person = await arrive(0);
    expect(await personRef(person.id)).toBeUndefined();
    const reported = await report([person.id]);
    expect(reported.body.errors).toBeUndefined();
    expect(reported.body.data.reportEvent.event).toMatchObject({ status: 'REPORTED' });
    expect(await personRef(person.id)).toEqual({ status: 'ACTIVE', version: 1 });
    // A key nobody registered is still refused, after the feeds were read once more.
    const unknown = await report(['P999999999']);
    expect(errorOf(unknown)?.message).toMatch(/involvedPersonIds: there is no person P999999999 in the city/);
  });

  it("counts a grid worker's collected arrival, once approved, in the worker's and the community's month (#17)", async () => {
    const worker = gridWorker(city.gridA, 'gw-collector');
    const submitted = await federation.queryAs(worker, SUBMIT_POPULATION, {
      input: {
        idempotencyKey: key(),
        observedAt: '2026-12-01T09:00:00+08:00',
        arrival: {
          newPerson: {
            name: '测试采集',
            idNumber: newIdNumber('1991-03-04', true, 20),
            gender: 'MALE',
            birthDate: '1991-03-04',
            householdRegistration: '江西省某县',
          },
          houseCode: city.vacantHouse.code,
          residenceType: 'MIGRANT',
          movedInOn: '2026-11-30',
        },
      },
    });
    expect(submitted.body.errors).toBeUndefined();
    const request = submitted.body.data.submitPopulationChangeRequest.changeRequest;
    const leader = { department: 'grid-command', user: 'gc-leader', role: 'leader' };
    const assessed = async (groupBy: 'WORKER' | 'COMMUNITY', unit: string) => {
      const { body } = await federation.queryAs(
        leader,
        `{ gridWorkRanking(month: "2026-12", groupBy: ${groupBy}) { assessment { unit collectionRequestsApproved } } }`,
      );
      expect(body.errors).toBeUndefined();
      return body.data.gridWorkRanking.find((e: any) => e.assessment.unit === unit)?.assessment.collectionRequestsApproved ?? 0;
    };
    // Submitted is not approved: nothing counts yet, whatever the follower reads.
    expect(await federation.system.feedFollower!.pullNow()).toBe(true);
    expect(await assessed('WORKER', 'gw-collector')).toBe(0);

    const approved = await federation.queryAs(registrar(), APPROVE_POPULATION, { input: { id: request.id, expectedVersion: request.version, note: '已核实' } });
    expect(approved.body.errors).toBeUndefined();
    expect(await federation.system.feedFollower!.pullNow()).toBe(true);
    expect(await assessed('WORKER', 'gw-collector')).toBe(1);
    expect(await assessed('COMMUNITY', city.gridA.slice(0, 12))).toBeGreaterThanOrEqual(1);
    // Reading the feed again from the start counts it once.
    await events().query('DELETE FROM feed_cursor');
    expect(await federation.system.feedFollower!.pullNow()).toBe(true);
    expect(await assessed('WORKER', 'gw-collector')).toBe(1);
  });

  it('reflects a death and a deregistration, in feed order, and reading a feed again changes nothing', async () => {
    const person = await arrive(1);
    const died = await federation.queryAs(registrar(), END_REGISTRATION, {
      input: { idempotencyKey: key(), expectedVersion: person.version, change: { personId: person.id, status: 'DECEASED', effectiveOn: '2026-11-30' } },
    });
    expect(died.body.errors).toBeUndefined();
    const entities = federation.system.subgraphs['legal-entities']!.db.sql;
    const entity = (
      await entities.query<{ uscc: string; version: number }>(`SELECT uscc, version FROM legal_entity WHERE licence_status = 'ACTIVE' ORDER BY uscc LIMIT 1`)
    ).rows[0];
    const closed = await federation.queryAs(
      { department: 'market-regulation', user: 'mr-registrar-1', role: 'registrar', purpose: 'licensing' },
      `mutation ($input: DeregisterLegalEntityInput!) { deregisterLegalEntity(input: $input) { version } }`,
      { input: { idempotencyKey: key(), expectedVersion: entity.version, change: { uscc: entity.uscc, deregisteredOn: '2026-11-30' } } },
    );
    expect(closed.body.errors).toBeUndefined();

    expect(await federation.system.feedFollower!.pullNow()).toBe(true);
    expect(await personRef(person.id)).toEqual({ status: 'DECEASED', version: 2 });
    const entityRef = async () => (await events().query('SELECT status, version FROM entity_reference WHERE uscc = $1', [entity.uscc])).rows[0];
    expect(await entityRef()).toEqual({ status: 'DEREGISTERED', version: entity.version + 1 });

    // From the start again (a restored database, a reset cursor): the newer state stays.
    await events().query('DELETE FROM feed_cursor');
    expect(await federation.system.feedFollower!.pullNow()).toBe(true);
    expect(await personRef(person.id)).toEqual({ status: 'DECEASED', version: 2 });
    expect(await entityRef()).toEqual({ status: 'DEREGISTERED', version: entity.version + 1 });
    // An event may still be about them (a death in a flat, a closed shop still trading): they are known.
    const reported = await report([person.id], [entity.uscc]);
    expect(reported.body.errors).toBeUndefined();
  });

  it("puts the follower's reads on the audit trail under its service identity and purpose", async () => {
    await arrive(2);
    expect(await federation.system.feedFollower!.pullNow()).toBe(true);
    const records = (await auditRecordsMentioning(federation, FEED_FOLLOWER_IDENTITY.user)).filter((r) => r.operationName === 'EventsFeedFollower');
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      expect(record).toMatchObject({
        department: 'grid-command',
        userId: 'events-feed-follower',
        purpose: 'event-handling',
        outcome: 'OK',
        identity: 'development',
      });
    }
    // The page that brought the new person in is one of them: the follower's request id is on its record.
    const applied = federation.logs
      .events('events.feed_applied')
      .filter((l) => l.feed === 'population')
      .map((l) => l.requestId);
    expect(applied.length).toBeGreaterThan(0);
    expect(records.map((r) => r.clientRequestId)).toEqual(expect.arrayContaining(applied));
  });

  it("cannot read a person's particulars with the follower's token, nor write the register", async () => {
    const token = await followerToken(loadConfig({}, { dataDir: '/nonexistent-test-data-dir' }), federation.issuer.privateKey)!();
    const headers = { authorization: `Bearer ${token}`, 'x-purpose': 'event-handling' };
    const read = await postGraphQL(federation.gatewayUrl, `query ($id: ID!) { person(id: $id) { id phone idNumber } }`, { id: city.resident.id }, headers);
    const person = read.body.data?.person;
    expect(person?.id).toBe(city.resident.id);
    expect(city.resident.phone).toBeTruthy();
    expect(person.phone).not.toBe(city.resident.phone);
    expect(person.phone === null || /^\d{3}\*{4}\d{4}$/.test(person.phone)).toBe(true);
    expect(person.idNumber === null || /^\d{6}\*+$/.test(person.idNumber)).toBe(true);
    const ethnicity = await postGraphQL(federation.gatewayUrl, `query ($id: ID!) { person(id: $id) { id ethnicity } }`, { id: city.resident.id }, headers);
    expect(ethnicity.body.data).toBeUndefined();
    expect(ethnicity.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const write = await postGraphQL(
      federation.gatewayUrl,
      REGISTER_ARRIVAL,
      {
        input: {
          idempotencyKey: key(),
          change: { personId: city.outsider.id, houseCode: city.vacantHouse.code, residenceType: 'MIGRANT', movedInOn: '2026-11-30' },
        },
      },
      headers,
    );
    expect(write.body.data?.registerArrival ?? null).toBeNull();
    expect(write.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('retries with growing delays while the gateway is down, logs why, and catches up when it is back', async () => {
    const gateway = new SwitchableGateway(federation.gatewayUrl);
    await gateway.up();
    const timer = new HeldTimer();
    const follower = new FeedFollower({
      sql: events(),
      sources: feedSources({ address: false }),
      reader: {
        gatewayUrl: gateway.url,
        token: followerToken(loadConfig({}, { dataDir: '/nonexistent-test-data-dir' }), federation.issuer.privateKey)!,
        timeoutMs: 5000,
      },
      logger: federation.system.logger,
      now: clock.now,
      pollMs: 5000,
      timer,
    });
    try {
      follower.start();
      await timer.fire();
      expect(follower.status()).toMatchObject({ consecutiveFailures: 0, lastError: null });
      await gateway.down();
      const person = await arrive(3);
      await timer.fire();
      await timer.fire();
      expect(timer.delays).toEqual([0, 5000, 10_000, 20_000]);
      expect(follower.status()).toMatchObject({ consecutiveFailures: 2, lastError: { message: expect.stringMatching(/did not answer/) } });
      expect(federation.logs.events('events.feed_follow_failed').some((l) => l.feed === 'population')).toBe(true);
      expect(await personRef(person.id)).toBeUndefined();
      expect(follower.backoffMs()).toBeLessThanOrEqual(MAX_BACKOFF_MS);

      await gateway.up();
      await timer.fire();
      expect(timer.delays.at(-1)).toBe(5000);
      expect(follower.status()).toMatchObject({ consecutiveFailures: 0, lastError: expect.anything() });
      expect(await personRef(person.id)).toEqual({ status: 'ACTIVE', version: 1 });
    } finally {
      await follower.stop();
      await gateway.down();
    }
  });

  it('keeps reading the other feeds when the gateway refuses one, and says which', async () => {
    const refused = { ...populationSource, name: 'unknown-feed', field: 'unknownFeedChanges' };
    const follower = new FeedFollower({
      sql: events(),
      sources: [refused, ...feedSources({ address: false })],
      reader: {
        gatewayUrl: federation.gatewayUrl,
        token: followerToken(loadConfig({}, { dataDir: '/nonexistent-test-data-dir' }), federation.issuer.privateKey)!,
        timeoutMs: 5000,
      },
      logger: federation.system.logger,
      now: clock.now,
      pollMs: 5000,
      timer: new HeldTimer(),
    });
    const person = await arrive(4);
    expect(await follower.pullNow()).toBe(false);
    expect(await personRef(person.id)).toEqual({ status: 'ACTIVE', version: 1 });
    expect(follower.status()).toMatchObject({
      consecutiveFailures: 1,
      lastError: { message: expect.stringMatching(/^unknownFeedChanges: GRAPHQL_VALIDATION_FAILED: Cannot query field "unknownFeedChanges"/) },
    });
    await follower.stop();
  });

  it("shows the follower's state in the events subgraph's /ready", async () => {
    expect(await federation.system.feedFollower!.pullNow()).toBe(true);
    const ready = (await (await fetch(federation.subgraphUrl('events').replace(/\/graphql$/, '/ready'))).json()) as any;
    expect(ready.detail.referenceFeeds).toMatchObject({
      feeds: { population: { behind: false }, 'legal-entities': { behind: false } },
      lastSuccessAt: clock.now().toISOString(),
      lagSeconds: 0,
      consecutiveFailures: 0,
    });
    expect(ready.detail.referenceFeeds.feeds.population.cursor).toEqual(expect.any(String));
  });

  it('adds a grid, an address in it and a person, and reports an event involving them, with nothing restarted (#12 done-when)', async () => {
    expect(supergraphHasQueryField(readCommittedSupergraph(), 'addressChanges')).toBe(true);
    expect(federation.system.feedFollower!.status().feeds.address).toBeDefined();
    expect(feedSources({ address: true }).map((s) => s.name)).toEqual(['address', 'population', 'legal-entities', 'housing']);

    // The grid command centre's registrar adds a grid under grid A's community and an address in it.
    const community = city.gridA.slice(0, 12);
    const addressRegistrar = {
      department: 'grid-command',
      user: 'gc-registrar-1',
      role: 'registrar',
      level: 'community' as const,
      jurisdiction: [community],
      purpose: 'grid-management',
    };
    const grid = await federation.queryAs(addressRegistrar, `mutation ($input: AddGridInput!) { addGrid(input: $input) { grid { code } } }`, {
      input: { idempotencyKey: key(), change: { communityCode: community, name: '事件测试网格' } },
    });
    expect(grid.body.errors).toBeUndefined();
    const gridCode: string = grid.body.data.addGrid.grid.code;
    const near = (
      await federation.system.subgraphs.address!.db.sql.query<any>('SELECT longitude, latitude FROM address WHERE grid_code = $1 LIMIT 1', [city.gridA])
    ).rows[0];
    const added = await federation.queryAs(addressRegistrar, `mutation ($input: AddAddressInput!) { addAddress(input: $input) { address { code version } } }`, {
      input: { idempotencyKey: key(), change: { gridCode, road: '事件路', doorNumber: '3号', longitude: near.longitude, latitude: near.latitude } },
    });
    expect(added.body.errors).toBeUndefined();
    const address = added.body.data.addAddress.address as { code: string; version: number };
    // And public security registers a person arriving in the city.
    const person = await arrive(9);

    // None of them is known to the events subgraph yet; the report pulls the feeds once and goes through.
    const gridRef = async () => (await events().query('SELECT code FROM grid_reference WHERE code = $1', [gridCode])).rows[0];
    expect(await gridRef()).toBeUndefined();
    const reported = await federation.queryAs(gridWorker(city.gridA), REPORT, {
      input: { idempotencyKey: key(), categoryCode: 'road.pothole', description: '新网格路面破损', addressCode: address.code, involvedPersonIds: [person.id] },
    });
    expect(reported.body.errors).toBeUndefined();
    expect(reported.body.data.reportEvent.event).toMatchObject({ status: 'REPORTED' });
    expect(await gridRef()).toEqual({ code: gridCode });

    // Retired by its owner, the address is one to report at no more, once the feed has been read.
    const retired = await federation.queryAs(
      addressRegistrar,
      `mutation ($input: RetireAddressInput!) { retireAddress(input: $input) { address { status } } }`,
      {
        input: { idempotencyKey: key(), expectedVersion: address.version, change: { code: address.code, retiredOn: '2026-11-30' } },
      },
    );
    expect(retired.body.errors).toBeUndefined();
    expect(await federation.system.feedFollower!.pullNow()).toBe(true);
    const refused = await federation.queryAs(gridWorker(city.gridA), REPORT, {
      input: { idempotencyKey: key(), categoryCode: 'road.pothole', description: '新网格路面破损', addressCode: address.code },
    });
    expect(errorOf(refused)?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errorOf(refused)?.message).toContain(address.code);
  });
});
