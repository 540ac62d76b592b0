import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { CallerTokenSigner, CALLER_TOKEN_ISSUER } from '../../platform/caller-token';
import { keyId } from '../../platform/key-set';
import { postGraphQL } from '../helpers/federation';
import { startTestSubgraph, TestSubgraph } from '../helpers/subgraph';

const CALLER = { user: 'u1', department: 'public-security', level: 'city' as const, jurisdiction: [] };

describe('subgraphs refuse anything that did not come through the gateway', () => {
  let subgraph: TestSubgraph;
  let population: string;
  beforeAll(async () => {
    subgraph = await startTestSubgraph('population');
    population = subgraph.url;
  });
  afterAll(() => subgraph?.stop());

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const unsignedToken = () => {
    const encode = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    return `${encode({ alg: 'none', typ: 'gridshare-caller+jwt' })}.${encode({
      iss: CALLER_TOKEN_ISSUER,
      aud: 'population',
      sub: 'x',
      dep: 'public-security',
      lvl: 'city',
      iat: now,
      exp: now + 60,
    })}.`;
  };

  const attempts: [string, (request: { query: string }) => Promise<Record<string, string>>, RegExp][] = [
    ['no token', async () => ({}), /no caller token/],
    [
      'a token for another subgraph',
      async (request) => bearer(await new CallerTokenSigner(subgraph.keys.privateKey).sign(CALLER, 'housing', request)),
      /not for the population subgraph/,
    ],
    [
      'an expired token',
      async (request) => bearer(await new CallerTokenSigner(subgraph.keys.privateKey, () => Date.now() - 3_600_000).sign(CALLER, 'population', request)),
      /expired/,
    ],
    [
      'a token signed by another key',
      async (request) => bearer(await new CallerTokenSigner(generateKeyPairSync('ed25519').privateKey).sign(CALLER, 'population', request)),
      /signed by key "[\w-]+", which is not in the gateway key set/,
    ],
    [
      "a token signed by another key that names the gateway's key",
      async (request) =>
        bearer(
          await new CallerTokenSigner({ kid: keyId(subgraph.keys.publicKey), privateKey: generateKeyPairSync('ed25519').privateKey }).sign(
            CALLER,
            'population',
            request,
          ),
        ),
      /signature/,
    ],
    ['an unsigned (alg: none) token', async () => bearer(unsignedToken()), /algorithm|malformed|invalid/],
    [
      'a token with another algorithm (HS256 with the public key as secret)',
      async () =>
        bearer(
          await new SignJWT({ dep: 'public-security', lvl: 'city' })
            .setProtectedHeader({ alg: 'HS256', typ: 'gridshare-caller+jwt' })
            .setIssuer(CALLER_TOKEN_ISSUER)
            .setAudience('population')
            .setSubject('x')
            .setExpirationTime('1m')
            .sign(new Uint8Array(subgraph.keys.publicKey.export({ format: 'der', type: 'spki' }))),
        ),
      /algorithm|invalid/,
    ],
    ['a garbage token', async () => bearer('not.a.token'), /malformed|invalid/],
  ];

  for (const operation of [
    ['a query', '{ person(id: "P000000001") { id name } }'],
    ['_service', '{ _service { sdl } }'],
    ['_entities', '{ _entities(representations: [{ __typename: "Person", id: "P000000001" }]) { ... on Person { name idNumber } } }'],
  ]) {
    it.each(attempts)(`answers ${operation[0]} with ${'%s'} by 401 UNAUTHENTICATED and no data`, async (_label, headers, reason) => {
      const { status, body } = await postGraphQL(population, operation[1], undefined, await headers({ query: operation[1] }));
      expect(status).toBe(401);
      expect(body.data).toBeUndefined();
      expect(body.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      expect(body.errors![0].extensions!.reason).toMatch(reason);
    });
  }

  it('serves the same request when the gateway signed it for this subgraph', async () => {
    const query = '{ _service { sdl } }';
    const token = await new CallerTokenSigner(subgraph.keys.privateKey).sign(CALLER, 'population', { query });
    const { status, body } = await postGraphQL(population, query, undefined, bearer(token));
    expect(status).toBe(200);
    expect(body.data._service.sdl).toContain('type Person');
  });

  it('logs every refusal with its reason', () => {
    const refusals = subgraph.logs.events('access.unauthenticated');
    expect(refusals.length).toBeGreaterThanOrEqual(attempts.length * 3);
    expect(refusals.every((r) => typeof r.reason === 'string' && typeof r.requestId === 'string')).toBe(true);
  });
});
