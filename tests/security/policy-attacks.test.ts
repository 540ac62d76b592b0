import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { CallerTokenSigner } from '../../platform/caller-token';
import type { Caller } from '../../platform/caller';
import { DEVELOPMENT_ISSUER } from '../../platform/config';
import { signDepartmentToken } from '../../gateway/src/dev-tokens';
import { postGraphQL, TestFederation } from '../helpers/federation';
import { PolicyFixtures, startPolicyFederation } from '../policies/fixtures';

describe('attacks on the access policies', () => {
  let federation: TestFederation;
  let fixtures: PolicyFixtures;
  beforeAll(async () => {
    ({ federation, fixtures } = await startPolicyFederation());
  });
  afterAll(() => federation?.stop());

  const asSubgraphCaller = async (subgraph: string, caller: Partial<Caller> & { department: string }, query: string, variables?: Record<string, unknown>) => {
    const token = await new CallerTokenSigner(federation.keys.privateKey).sign({ user: 'probe', level: 'city', jurisdiction: [], ...caller }, subgraph, {
      query,
      variables,
    });
    return postGraphQL(federation.subgraphUrl(subgraph as never), query, variables, { authorization: `Bearer ${token}` });
  };

  describe('department tokens at the gateway', () => {
    const encode = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const now = () => Math.floor(Date.now() / 1000);
    const claims = () => ({ iss: DEVELOPMENT_ISSUER, aud: 'gridshare', sub: 'x', department: 'public-security', iat: now(), exp: now() + 600 });
    const cases: [string, () => Promise<Record<string, string>>, RegExp][] = [
      ['no token', async () => ({}), /no bearer token/],
      ['a non-bearer header', async () => ({ authorization: 'Basic dXNlcjpwYXNz' }), /not "Bearer <token>"/],
      ['a malformed token', async () => ({ authorization: 'Bearer abc.def' }), /malformed/],
      ['alg: none', async () => ({ authorization: `Bearer ${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims())}.` }), /algorithm "none" is not accepted/],
      [
        'HS256 keyed with the public key',
        async () => ({
          authorization: `Bearer ${await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(federation.issuer.publicKey.export({ type: 'spki', format: 'der' })))}`,
        }),
        /algorithm "HS256" is not accepted/,
      ],
      [
        'a forged signature',
        async () => ({ authorization: `Bearer ${await signDepartmentToken(generateKeyPairSync('ed25519').privateKey, { department: 'public-security' })}` }),
        /signature does not verify/,
      ],
      [
        'an expired token',
        async () => ({ authorization: `Bearer ${await federation.token({ department: 'health' }, { now: Date.now() - 86_400_000, ttlSeconds: 60 })}` }),
        /expired/,
      ],
      [
        'another issuer',
        async () => ({
          authorization: `Bearer ${await signDepartmentToken(federation.issuer.privateKey, { department: 'health' }, { issuer: 'someone-else' })}`,
        }),
        /iss claim/,
      ],
      [
        'another audience',
        async () => ({
          authorization: `Bearer ${await signDepartmentToken(federation.issuer.privateKey, { department: 'health' }, { audience: 'other-api' })}`,
        }),
        /aud claim/,
      ],
      [
        'an unknown department',
        async () => ({ authorization: `Bearer ${await federation.token({ department: 'ministry-of-magic' })}` }),
        /unknown department "ministry-of-magic"/,
      ],
      [
        'a town official without jurisdiction',
        async () => ({ authorization: `Bearer ${await federation.token({ department: 'health', level: 'town' })}` }),
        /needs a jurisdiction/,
      ],
      [
        'a jurisdiction that is no grid code',
        async () => ({ authorization: `Bearer ${await federation.token({ department: 'health', level: 'town', jurisdiction: ['44x'] })}` }),
        /not a grid code/,
      ],
    ];
    it.each(cases)('refuses %s with 401 UNAUTHENTICATED and the reason', async (_label, headers, reason) => {
      const { status, body } = await postGraphQL(federation.gatewayUrl, '{ grid(code: "449900") { name } }', undefined, await headers());
      expect(status).toBe(401);
      expect(body.data).toBeUndefined();
      expect(body.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      expect(body.errors![0].extensions!.reason).toMatch(reason);
    });
  });

  it('masks and denies through an alias exactly as without it', async () => {
    const masked = await federation.queryAs({ department: 'civil-affairs' }, 'query ($id: ID!) { person(id: $id) { x: idNumber } }', {
      id: fixtures.personA.id,
    });
    expect(masked.body.data.person.x).toMatch(/^\d{6}\*{12}$/);
    const denied = await federation.queryAs({ department: 'health' }, 'query ($id: ID!) { person(id: $id) { p: phone } }', { id: fixtures.personA.id });
    expect(denied.body.data.person.p).toBeNull();
    expect(denied.body.errors![0]).toEqual(
      expect.objectContaining({ path: ['person', 'p'], extensions: expect.objectContaining({ code: 'FORBIDDEN', reason: 'PURPOSE_REQUIRED' }) }),
    );
  });

  it.each([
    ['a named fragment', 'query ($id: ID!) { person(id: $id) { ...F } } fragment F on Person { ethnicity }'],
    ['an inline fragment', 'query ($id: ID!) { person(id: $id) { ... on Person { ethnicity } } }'],
  ])('refuses a field outside the contract reached through %s', async (_label, query) => {
    const { status, body } = await federation.queryAs({ department: 'grid-command' }, query, { id: fixtures.personA.id });
    expect(status).toBe(400);
    expect(body.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(body)).not.toContain(fixtures.personA.name);
  });

  it('denies fields fetched directly through _entities, whatever the gateway would have allowed', async () => {
    const query = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id name idNumber ethnicity } } }';
    const variables = { r: [{ __typename: 'Person', id: fixtures.personA.id }] };
    const education = await asSubgraphCaller('population', { department: 'education' }, query, variables);
    expect(education.body.data._entities).toEqual([null]);
    expect(education.body.errors![0].extensions).toEqual(expect.objectContaining({ code: 'FORBIDDEN', reason: 'NOT_SHARED' }));
    const gridCommand = await asSubgraphCaller('population', { department: 'grid-command' }, query, variables);
    const entity = gridCommand.body.data._entities[0];
    expect(entity.name).toBe(fixtures.personA.name);
    expect(entity.idNumber).toMatch(/\*{8}/);
    expect(entity.ethnicity).toBeNull();
    expect(gridCommand.body.errors).toEqual([
      expect.objectContaining({ path: ['_entities', 0, 'ethnicity'], extensions: expect.objectContaining({ code: 'FORBIDDEN', reason: 'NOT_SHARED' }) }),
    ]);
    expect(JSON.stringify(gridCommand.body)).not.toContain(fixtures.personA.idNumber);
  });

  it('treats filtering by a field as reading it: no ID-number lookups for those who see it masked', async () => {
    const query = 'query ($n: String!) { personByIdNumber(idNumber: $n) { id } }';
    const atGateway = await federation.queryAs({ department: 'health' }, query, { n: fixtures.personA.idNumber });
    expect(atGateway.status).toBe(400);
    const atSubgraph = await asSubgraphCaller('population', { department: 'health' }, query, { n: fixtures.personA.idNumber });
    expect(atSubgraph.body.data.personByIdNumber).toBeNull();
    expect(atSubgraph.body.errors![0].extensions).toEqual(expect.objectContaining({ code: 'FORBIDDEN', reason: 'NOT_SHARED' }));
    expect(atSubgraph.body.errors![0].message).toMatch(/filters on Person.idNumber/);
    const owner = await federation.queryAs({ department: 'public-security' }, query, { n: fixtures.personA.idNumber });
    expect(owner.body.data.personByIdNumber.id).toBe(fixtures.personA.id);
  });

  it('judges each row of one _entities batch on its own jurisdiction', async () => {
    const { body } = await asSubgraphCaller(
      'population',
      { department: 'health', level: 'community', jurisdiction: [fixtures.communityA] },
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id name } } }',
      {
        r: [
          { __typename: 'Person', id: fixtures.personA.id },
          { __typename: 'Person', id: fixtures.personB.id },
          { __typename: 'Person', id: fixtures.personA.id },
        ],
      },
    );
    expect(body.data._entities).toEqual([
      { id: fixtures.personA.id, name: fixtures.personA.name },
      null,
      { id: fixtures.personA.id, name: fixtures.personA.name },
    ]);
    expect(body.errors).toEqual([expect.objectContaining({ path: ['_entities', 1], extensions: expect.objectContaining({ reason: 'OUT_OF_JURISDICTION' }) })]);
    expect(JSON.stringify(body)).not.toContain(fixtures.personB.name);
  });

  it('limits lists to the jurisdiction in SQL, so pages and totals count only visible rows', async () => {
    const { body } = await federation.queryAs(
      { department: 'health', level: 'community', jurisdiction: [fixtures.communityA] },
      'query ($g: ID!) { persons(gridCode: $g, first: 500) { totalCount edges { node { id } } } }',
      { g: fixtures.town },
    );
    const sql = federation.system.subgraphs.population!.db.sql;
    const inA = (await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM person WHERE grid_code LIKE $1', [`${fixtures.communityA}%`])).rows[0].n;
    expect(body.data.persons.totalCount).toBe(inA);
    expect(body.data.persons.edges).toHaveLength(Math.min(inA, 500));
    expect(body.data.persons.edges.map((e: any) => e.node.id)).not.toContain(fixtures.personB.id);
  });

  it('shows each department its contract in introspection, and never suggests hidden fields', async () => {
    const personFields = async (department: string) => {
      const { body } = await federation.queryAs({ department }, '{ __type(name: "Person") { fields { name } } }');
      return body.data.__type?.fields.map((f: { name: string }) => f.name).sort() ?? null;
    };
    // Education meets persons only as keys (the people involved in an event), never their fields.
    expect(await personFields('education')).toEqual(['id']);
    expect(await personFields('market-regulation')).toEqual(['id', 'name']);
    const health = await personFields('health');
    expect(health).toEqual(expect.arrayContaining(['idNumber', 'phone', 'name', 'tags']));
    expect(await personFields('public-security')).toEqual(expect.arrayContaining(['ethnicity', 'idNumber']));
    const schema = await federation.queryAs({ department: 'education' }, '{ __schema { queryType { fields { name } } } }');
    const roots = schema.body.data.__schema.queryType.fields.map((f: { name: string }) => f.name);
    expect(roots).toContain('grid');
    expect(roots).not.toContain('person');
    const typo = await federation.queryAs({ department: 'education' }, '{ grid(code: "449900") { populationStat } }');
    expect(typo.body.errors![0].message).not.toMatch(/did you mean/i);
  });

  it('refuses operations beyond the depth and alias limits with clear errors', async () => {
    const deep = `{ grid(code: "449900") { ${'children { '.repeat(16)}code${' }'.repeat(16)} } }`;
    const tooDeep = await federation.query(deep);
    expect(tooDeep.body.errors![0].message).toMatch(/depth/i);
    const aliases = `{ ${Array.from({ length: 25 }, (_, i) => `a${i}: grid(code: "449900") { code }`).join(' ')} }`;
    const tooMany = await federation.query(aliases);
    expect(tooMany.body.errors![0].message).toMatch(/alias/i);
  });
});
