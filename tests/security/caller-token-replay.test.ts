import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { createGateway, Gateway } from '../../gateway/src/server';
import { createJwtAuthenticator } from '../../gateway/src/auth';
import { readCommittedSupergraph } from '../../platform/schema-artifacts';
import { repositoryPolicies } from '../../access-policies/runtime/load';
import { DEVELOPMENT_ISSUER } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { createGatewayMetrics } from '../../platform/metrics';
import type { RunningHttpService } from '../../platform/http/serve';
import { postGraphQL, startTestFederation, testBackends, TestFederation } from '../helpers/federation';
import { loadPolicyFixtures, PolicyFixtures } from '../policies/fixtures';

interface Captured {
  authorization: string;
  body: string;
}

/**
 * A wiretap between a gateway and the population subgraph: it forwards every request unchanged and
 * keeps what it saw, as an attacker on the internal network would.
 */
async function wiretap(target: string): Promise<{ url: string; captured: Captured[]; close(): Promise<void> }> {
  const captured: Captured[] = [];
  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    captured.push({ authorization: String(request.headers.authorization ?? ''), body });
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name))) as Record<
      string,
      string
    >;
    const answer = await fetch(target, { method: 'POST', headers, body });
    response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    response.end(await answer.text());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return {
    url,
    captured,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe.each(testBackends())('gateway-to-subgraph caller tokens on %s', (backend) => {
  let federation: TestFederation;
  let fixtures: PolicyFixtures;
  let tap: Awaited<ReturnType<typeof wiretap>>;
  let gateway: Gateway;
  let listening: RunningHttpService;

  beforeAll(async () => {
    federation = await startTestFederation({ backend });
    fixtures = await loadPolicyFixtures(federation);
    tap = await wiretap(federation.subgraphUrl('population'));
    // A second gateway with the federation's own signing key, reaching population through the tap.
    const subgraphUrls = Object.fromEntries(Object.entries(federation.system.subgraphs).map(([name, s]) => [name, s!.url]));
    gateway = await createGateway({
      supergraphSdl: readCommittedSupergraph(),
      subgraphUrls: { ...subgraphUrls, population: tap.url },
      signingKey: federation.keys.privateKey,
      logger: createLogger({ level: 'silent' }),
      metrics: createGatewayMetrics(),
      maxBodyBytes: 256 * 1024,
      authenticate: createJwtAuthenticator({
        key: federation.issuer.publicKey,
        issuer: DEVELOPMENT_ISSUER,
        audience: 'gridshare',
        departments: repositoryPolicies().departments,
      }),
    });
    listening = await gateway.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await listening?.close();
    await gateway?.stop();
    await tap?.close();
    await federation?.stop();
  });

  const captureOneLookup = async (): Promise<Captured> => {
    const before = tap.captured.length;
    const token = await federation.token({ department: 'public-security', user: 'officer-narrow' });
    const { body } = await postGraphQL(
      `${listening.url}/graphql`,
      'query ($id: ID!) { person(id: $id) { name } }',
      { id: fixtures.personA.id },
      {
        authorization: `Bearer ${token}`,
      },
    );
    expect(body.data.person.name).toBe(fixtures.personA.name);
    expect(tap.captured.length).toBe(before + 1);
    return tap.captured[before];
  };

  it('refuses a captured token replayed for a different, city-wide query', async () => {
    const { authorization } = await captureOneLookup();
    const cityWide = '{ persons(gridCode: "449900", first: 500) { totalCount edges { node { name idNumber } } } }';
    const replay = await postGraphQL(federation.subgraphUrl('population'), cityWide, undefined, { authorization });
    expect(replay.status).toBe(401);
    expect(replay.body.data).toBeUndefined();
    expect(replay.body.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: expect.stringMatching(/not signed for this request/) });
    expect(JSON.stringify(replay.body)).not.toContain(fixtures.personB.idNumber);
  });

  it('refuses the same token a second time, even for the identical request', async () => {
    const { authorization, body } = await captureOneLookup();
    const replay = await fetch(federation.subgraphUrl('population'), { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body });
    expect(replay.status).toBe(401);
    const answer = (await replay.json()) as any;
    expect(answer.data).toBeUndefined();
    expect(answer.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: expect.stringMatching(/already used/) });
  });

  it('signs each subgraph request with its own short-lived token', async () => {
    const first = await captureOneLookup();
    const second = await captureOneLookup();
    expect(second.authorization).not.toBe(first.authorization);
    const claims = decodeJwt(first.authorization.replace(/^Bearer /, ''));
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(30);
    expect(claims.jti).toEqual(expect.any(String));
  });
});
