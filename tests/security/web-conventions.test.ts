import { parse, specifiedRules, validate } from 'graphql';
import { loadContracts } from '../../gateway/src/plugins/contract';
import { limitMessage, MAX_COST, MAX_DEPTH, operationLimits } from '../../gateway/src/plugins/limits';
import { ConfigError, loadConfig } from '../../platform/config';
import { startTestFederation, testBackends, TestFederation } from '../helpers/federation';

/**
 * A browser app on another origin, and a client without a valid token, as the web's conventions
 * expect (#16 item 4): CORS by an allowlist with preflights answered, and a Bearer challenge on 401.
 */
const APP = 'https://grid-app.example.gov.cn';
const STRANGER = 'https://evil.example.com';
const QUERY = JSON.stringify({ query: '{ persons(gridCode: "449900", first: 1) { totalCount } }' });

describe.each(testBackends())('web conventions at the gateway on %s', (backend) => {
  let federation: TestFederation;
  let graphql: string;
  beforeAll(async () => {
    federation = await startTestFederation({ backend, subgraphs: ['population'], corsOrigins: [APP, 'http://localhost:5173'] });
    graphql = federation.gatewayUrl;
  });
  afterAll(() => federation?.stop());

  const preflight = (origin: string) =>
    fetch(graphql, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, x-purpose' },
    });

  it('answers a preflight from an allowed origin with what a browser app sends', async () => {
    const answer = await preflight(APP);
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(APP);
    expect(answer.headers.get('access-control-allow-methods')).toContain('POST');
    expect(answer.headers.get('access-control-allow-headers')!.split(', ')).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-purpose']));
    // Bearer tokens only: no page may ride on a cookie, so credentials are never allowed.
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
    expect(answer.headers.get('vary')).toContain('Origin');
  });

  it('lets the allowed origin read an answer and its request id', async () => {
    const token = await federation.token({ department: 'public-security', user: 'app-dev' });
    const answer = await fetch(graphql, {
      method: 'POST',
      headers: { origin: APP, 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'population-management' },
      body: QUERY,
    });
    const body = (await answer.json()) as any;
    expect([answer.status, body.errors]).toEqual([200, undefined]);
    expect(answer.headers.get('access-control-allow-origin')).toBe(APP);
    expect(answer.headers.get('access-control-expose-headers')).toBe('x-request-id');
    expect(body.data.persons.totalCount).toBeGreaterThan(0);
  });

  it('refuses a preflight from any other origin, naming it and the setting, and gives its answers no CORS header', async () => {
    const refused = await preflight(STRANGER);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(((await refused.json()) as any).error).toBe(
      `origin ${STRANGER} may not call this gateway from a browser: an operator adds it to GRIDSHARE_CORS_ORIGINS (allowed: ${APP}, http://localhost:5173)`,
    );
    const token = await federation.token({ department: 'public-security', user: 'app-dev' });
    const answer = await fetch(graphql, {
      method: 'POST',
      headers: { origin: STRANGER, 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: QUERY,
    });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    await answer.text();
  });

  it('reports a field refused on every row of a page once, with the count of rows', async () => {
    // Health reads phones only for epidemic prevention: without that purpose, every row's phone is refused.
    const page = '{ persons(gridCode: "449900", first: 40) { edges { node { id name phone } } } }';
    const { status, body } = await federation.queryAs({ department: 'health', user: 'dr-dev' }, page);
    expect(status).toBe(200);
    expect(body.data.persons.edges).toHaveLength(40);
    expect(body.data.persons.edges.every((e: any) => e.node.phone === null && e.node.name)).toBe(true);
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({
      path: ['persons', 'edges', 0, 'node', 'phone'],
      extensions: {
        code: 'FORBIDDEN',
        rows: 40,
        paths: [
          ['persons', 'edges', 0, 'node', 'phone'],
          ['persons', 'edges', 1, 'node', 'phone'],
          ['persons', 'edges', 2, 'node', 'phone'],
        ],
      },
    });
    expect(body.errors![0].message).toMatch(/purpose/i);
  });

  it('challenges a request without a token, and says why a token was refused', async () => {
    const none = await fetch(graphql, { method: 'POST', headers: { 'content-type': 'application/json' }, body: QUERY });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="gridshare"');
    await none.text();

    const expired = await federation.token({ department: 'public-security' }, { ttlSeconds: 60, now: Date.now() - 3_600_000 });
    const late = await fetch(graphql, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${expired}` }, body: QUERY });
    expect(late.status).toBe(401);
    expect(late.headers.get('www-authenticate')).toMatch(/^Bearer realm="gridshare", error="invalid_token", error_description="[^"]*expired[^"]*"$/);
    await late.text();

    const forged = await fetch(graphql, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer not.a.token' }, body: QUERY });
    expect([forged.status, forged.headers.get('www-authenticate')]).toEqual([401, expect.stringContaining('error="invalid_token"')]);
    await forged.text();

    const console = await fetch(new URL('/console/api/matrix.json', graphql));
    expect([console.status, console.headers.get('www-authenticate')]).toEqual([401, 'Bearer realm="gridshare"']);
    await console.text();
  });
});

describe('the CORS setting', () => {
  it('allows no origin by default, takes a list, and refuses a wildcard or a path naming the variable', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ GRIDSHARE_CORS_ORIGINS: 'https://a.example.cn, http://localhost:5173' }).corsOrigins).toEqual([
      'https://a.example.cn',
      'http://localhost:5173',
    ]);
    for (const bad of ['*', 'https://a.example.cn/app', 'a.example.cn']) {
      expect(() => loadConfig({ GRIDSHARE_CORS_ORIGINS: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ GRIDSHARE_CORS_ORIGINS: bad })).toThrow(/^GRIDSHARE_CORS_ORIGINS=.* is invalid: must be a comma-separated list of origins/);
    }
  });
});

describe('operation limits say what to change', () => {
  // Person → residence (House) → landlord (Person) → …: the contract's own cycle makes a query as deep as wanted.
  const nested = (levels: number, personFields: string) => {
    const person = (left: number): string => (left === 0 ? personFields : `${personFields} residence { ${house(left - 1)} }`);
    const house = (left: number): string => (left === 0 ? 'code' : `code landlord { ${person(left - 1)} }`);
    return `query Deep($id: ID!) { person(id: $id) { ${person(levels)} } }`;
  };
  const refusal = (query: string) => {
    const contract = loadContracts().get('public-security')!;
    const limits = operationLimits();
    const errors = validate(contract, parse(query), [...specifiedRules, ...limits.validationRules]);
    expect(errors.map((e) => e.message)).toHaveLength(1);
    return limitMessage(errors[0]);
  };

  it('names the depth limit and how to fit under it', () => {
    expect(refusal(nested(MAX_DEPTH, 'id name'))).toMatch(
      new RegExp(
        `^Query depth limit of ${MAX_DEPTH} exceeded, found \\d+\\. To fit: nest fewer selections: fetch the deeper part with a second operation by its id\\.$`,
      ),
    );
  });

  it('names the cost limit and how to fit under it', () => {
    // A fragment spread is counted every time it is spread: a short document can cost a great deal.
    const spreads = Array.from({ length: 8 }, () => '...Wide').join(' ');
    const query = `${nested(10, spreads)} fragment Wide on Person { name gender birthDate phone residenceType movedInOn status householdRegistration ethnicity }`;
    expect(refusal(query)).toMatch(new RegExp(`^Query Cost limit of ${MAX_COST} exceeded, found [\\d.]+\\. To fit: select fewer fields`));
  });
});
