import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGateway, Gateway } from '../../gateway/src/server';
import { createJwtAuthenticator } from '../../gateway/src/auth';
import { signDepartmentToken, TokenClaims } from '../../gateway/src/dev-tokens';
import { repositoryPolicies } from '../../access-policies/runtime/load';
import { DEVELOPMENT_ISSUER } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { createGatewayMetrics, GatewayMetrics } from '../../platform/metrics';
import type { RunningHttpService } from '../../platform/http/serve';
import { readCommittedSupergraph } from '../../platform/schema-artifacts';
import { postGraphQL, testBackends, testKeys } from '../helpers/federation';
import { startTestSubgraph, TestSubgraph } from '../helpers/subgraph';

/**
 * The gateway shares one subgraph fetch among identical queries in flight at once, but only within
 * one caller identity. The attack: two callers whose answers must differ (two departments, two
 * purposes of one department) send the same query at the same moment. A barrier in front of the
 * population subgraph holds the first fetch until the second one reaches the subgraph, or until the
 * gateway reports that it shared the first fetch instead: either way both were in flight together.
 */
const QUERY = '{ person(id: "P000000001") { id name idNumber } }';

/** Holds subgraph requests until released; counts what arrives. */
class Barrier {
  private held: (() => void)[] = [];
  private holding = false;
  private waiters: { count: number; resolve: () => void }[] = [];
  arrivals = 0;
  readonly server: http.Server;

  constructor(private readonly target: string) {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        const forward = () => void this.forward(request, Buffer.concat(chunks), response);
        this.arrivals += 1;
        if (this.holding) this.held.push(forward);
        else forward();
        for (const waiter of this.waiters.filter((w) => this.arrivals >= w.count)) waiter.resolve();
      });
    });
  }

  hold() {
    this.holding = true;
    this.arrivals = 0;
  }

  release() {
    this.holding = false;
    for (const forward of this.held.splice(0)) forward();
  }

  arrived(count: number): Promise<void> {
    if (this.arrivals >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  private async forward(request: http.IncomingMessage, body: Buffer, response: http.ServerResponse) {
    const answer = await fetch(this.target, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: String(request.headers.authorization ?? ''),
        'x-request-id': String(request.headers['x-request-id'] ?? ''),
      },
      body,
    });
    response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    response.end(Buffer.from(await answer.arrayBuffer()));
  }
}

describe.each(testBackends())('identical subgraph fetches in flight are shared within one caller identity only (%s)', (backend) => {
  let population: TestSubgraph;
  let barrier: Barrier;
  let gateway: Gateway;
  let listening: RunningHttpService;
  let metrics: GatewayMetrics;
  const issuer = testKeys();

  beforeAll(async () => {
    population = await startTestSubgraph('population', { backend });
    barrier = new Barrier(population.url);
    await new Promise<void>((resolve) => barrier.server.listen(0, '127.0.0.1', resolve));
    const proxyUrl = `http://127.0.0.1:${(barrier.server.address() as AddressInfo).port}/graphql`;
    metrics = createGatewayMetrics();
    gateway = await createGateway({
      supergraphSdl: readCommittedSupergraph(),
      subgraphUrls: { population: proxyUrl },
      signingKey: population.keys.privateKey,
      logger: createLogger({ level: 'silent' }),
      metrics,
      maxBodyBytes: 262_144,
      authenticate: createJwtAuthenticator({
        key: issuer.publicKey,
        issuer: DEVELOPMENT_ISSUER,
        audience: 'gridshare',
        departments: repositoryPolicies().departments,
      }),
      subgraphTimeouts: { queryMs: 30_000, mutationMs: 30_000 },
    });
    listening = await gateway.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await listening?.close();
    await gateway?.stop();
    await new Promise((resolve) => barrier?.server.close(resolve));
    await population?.stop();
  });

  const ask = async (claims: TokenClaims & { purpose?: string }) => {
    const headers: Record<string, string> = { authorization: `Bearer ${await signDepartmentToken(issuer.privateKey, claims)}` };
    if (claims.purpose) headers['x-purpose'] = claims.purpose;
    return postGraphQL(listening.url + '/graphql', QUERY, undefined, headers);
  };

  const shared = async () => {
    const { values } = await metrics.subgraphFetches.get();
    return values.filter((v) => v.labels.outcome === 'shared').reduce((sum, v) => sum + v.value, 0);
  };

  /** Resolves once the gateway has counted a shared fetch more than `before`, unless `stop` says to give up. */
  const sharedBeyond = async (before: number, stop: { done: boolean }) => {
    while (!stop.done) {
      if ((await shared()) > before) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  /** Each caller's answer to the same query, asked while the other's is in flight. */
  async function overlapping(first: TokenClaims & { purpose?: string }, second: TokenClaims & { purpose?: string }) {
    const before = await shared();
    barrier.hold();
    const firstAnswer = ask(first);
    await barrier.arrived(1);
    const secondAnswer = ask(second);
    const stop = { done: false };
    await Promise.race([barrier.arrived(2), sharedBeyond(before, stop)]);
    stop.done = true;
    const fetchesReachingTheSubgraph = barrier.arrivals;
    barrier.release();
    return { first: await firstAnswer, second: await secondAnswer, fetchesReachingTheSubgraph, shared: (await shared()) - before };
  }

  /** Each caller's answer alone, nothing in flight beside it: what it must get when overlapping too. */
  const alone = async (claims: TokenClaims & { purpose?: string }) => (await ask(claims)).body;

  it('two departments: public security gets the raw ID number and health only its masked form, each as alone', async () => {
    const police = { department: 'public-security', user: 'officer-1' };
    const health = { department: 'health', user: 'officer-1' };
    const policeAlone = await alone(police);
    const healthAlone = await alone(health);
    expect(policeAlone.data.person.idNumber).toMatch(/^\d{17}[\dX]$/);
    expect(healthAlone.data.person.idNumber).not.toEqual(policeAlone.data.person.idNumber);

    const { first, second, fetchesReachingTheSubgraph, shared: sharedFetches } = await overlapping(police, health);
    expect(first.body).toEqual(policeAlone);
    expect(second.body).toEqual(healthAlone);
    expect(second.body.data?.person?.idNumber).not.toEqual(policeAlone.data.person.idNumber);
    expect(fetchesReachingTheSubgraph).toBe(2);
    expect(sharedFetches).toBe(0);
  });

  it('one department, two purposes: housing reads the masked number for rental management and not for building safety', async () => {
    const rental = { department: 'housing', user: 'clerk-1', purpose: 'rental-management' };
    const safety = { department: 'housing', user: 'clerk-1', purpose: 'building-safety' };
    const rentalAlone = await alone(rental);
    const safetyAlone = await alone(safety);
    expect(rentalAlone).not.toEqual(safetyAlone);

    const { first, second, fetchesReachingTheSubgraph } = await overlapping(rental, safety);
    expect(first.body).toEqual(rentalAlone);
    expect(second.body).toEqual(safetyAlone);
    expect(fetchesReachingTheSubgraph).toBe(2);
  });

  it('the same caller asking twice at once shares one fetch, and each answer is whole', async () => {
    const police = { department: 'public-security', user: 'officer-2' };
    const policeAlone = await alone(police);
    const { first, second, fetchesReachingTheSubgraph, shared: sharedFetches } = await overlapping(police, police);
    expect(first.body).toEqual(policeAlone);
    expect(second.body).toEqual(policeAlone);
    expect(fetchesReachingTheSubgraph).toBe(1);
    expect(sharedFetches).toBe(1);
  });
});
