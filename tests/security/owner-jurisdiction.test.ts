import { startTestFederation, testBackends, TestFederation } from '../helpers/federation';
import { loadPolicyFixtures, PolicyFixtures } from '../policies/fixtures';

/**
 * Hole 2 of the security issue: a data owner's community-level token read the whole city. Owning data
 * means more fields, never more rows: each owner below city level lists and reads another community
 * and gets none of its rows (and, so the test cannot pass by seeing nothing at all, its own).
 */
describe.each(testBackends())('data owners stay inside their jurisdiction on %s', (backend) => {
  let federation: TestFederation;
  let fixtures: PolicyFixtures;
  let other: { building: string; house: string; address: string; grid: string; uscc: string; event: string | undefined };
  beforeAll(async () => {
    federation = await startTestFederation({ backend });
    fixtures = await loadPolicyFixtures(federation);
    const first = async (subgraph: 'housing' | 'legal-entities' | 'address' | 'events', sql: string) =>
      (await federation.system.subgraphs[subgraph]!.db.sql.query<{ k: string }>(sql, [`${fixtures.communityB}%`])).rows[0]?.k;
    other = {
      building: await first('housing', 'SELECT code AS k FROM building WHERE grid_code LIKE $1 ORDER BY code LIMIT 1'),
      house: await first('housing', 'SELECT code AS k FROM house WHERE grid_code LIKE $1 ORDER BY code LIMIT 1'),
      address: await first('address', 'SELECT code AS k FROM address WHERE grid_code LIKE $1 ORDER BY code LIMIT 1'),
      grid: await first('address', `SELECT code AS k FROM grid WHERE code LIKE $1 AND level = 'GRID' ORDER BY code LIMIT 1`),
      uscc: await first('legal-entities', 'SELECT uscc AS k FROM legal_entity WHERE grid_code LIKE $1 ORDER BY uscc LIMIT 1'),
      event: await first('events', 'SELECT id AS k FROM event WHERE grid_code LIKE $1 ORDER BY id LIMIT 1'),
    };
  });
  afterAll(() => federation?.stop());

  const community = (department: string) => ({ department, level: 'community' as const, jurisdiction: [fixtures.communityA] });
  const noRowOf = (body: unknown, ...values: (string | undefined)[]) => {
    const text = JSON.stringify(body);
    for (const value of values) if (value) expect(text).not.toContain(value);
  };

  it('public security (owner of persons) lists and reads no person of another community', async () => {
    const { body } = await federation.queryAs(
      community('public-security'),
      `query ($other: ID!, $mine: ID!, $id: ID!, $n: String!) {
        theirs: persons(gridCode: $other, first: 500) { totalCount edges { node { id idNumber } } }
        town: persons(gridCode: $mine, first: 500) { totalCount edges { node { id } } }
        person(id: $id) { id idNumber }
        personByIdNumber(idNumber: $n) { id }
      }`,
      { other: fixtures.communityB, mine: fixtures.town, id: fixtures.personB.id, n: fixtures.personB.idNumber },
    );
    expect(body.data.theirs).toEqual({ totalCount: 0, edges: [] });
    const inA = (
      await federation.system.subgraphs.population!.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM person WHERE grid_code LIKE $1', [
        `${fixtures.communityA}%`,
      ])
    ).rows[0].n;
    expect(inA).toBeGreaterThan(0);
    expect(body.data.town.totalCount).toBe(inA);
    expect(body.data.person).toBeNull();
    expect(body.data.personByIdNumber).toBeNull();
    for (const path of ['person', 'personByIdNumber']) {
      expect(body.errors).toContainEqual(expect.objectContaining({ path: [path], extensions: expect.objectContaining({ reason: 'OUT_OF_JURISDICTION' }) }));
    }
    noRowOf(body, fixtures.personB.idNumber, fixtures.personB.id);
  });

  it('the grid command centre (owner of grids, addresses and events) reads no grid, address or event of another community', async () => {
    expect(other.event).toBeDefined();
    const { body } = await federation.queryAs(
      community('grid-command'),
      `query ($c: ID!, $g: ID!, $a: ID!, $e: ID!) {
        community: grid(code: $c) { code name populationCount }
        grid(code: $g) { code name }
        address(code: $a) { code fullText }
        event(id: $e) { id title }
        events(filter: { gridCode: $c }, first: 100) { totalCount edges { node { id } } }
        all: events(first: 100) { edges { node { id grid { code } } } }
        overdue: overdueEvents(first: 100) { edges { node { id grid { code } } } }
      }`,
      { c: fixtures.communityB, g: other.grid, a: other.address, e: other.event },
    );
    expect(body.errors?.filter((e: any) => e.extensions?.code !== 'FORBIDDEN')).toEqual([]);
    expect(body.data.community).toBeNull();
    expect(body.data.grid).toBeNull();
    expect(body.data.address).toBeNull();
    expect(body.data.event).toBeNull();
    expect(body.data.events).toEqual({ totalCount: 0, edges: [] });
    expect(body.data.all.edges.length).toBeGreaterThan(0);
    for (const edge of [...body.data.all.edges, ...body.data.overdue.edges]) expect(edge.node.grid.code.startsWith(fixtures.communityA)).toBe(true);
    noRowOf(body, other.event, other.address);
  });

  it('housing (owner of buildings and houses) lists and reads none of another community', async () => {
    const { body } = await federation.queryAs(
      community('housing'),
      `query ($c: ID!, $b: ID!, $h: ID!) {
        buildings(gridCode: $c, first: 500) { totalCount edges { node { code } } }
        building(code: $b) { code name }
        house(code: $h) { code roomNumber }
        grid(code: $c) { houseCount buildingCount }
      }`,
      { c: fixtures.communityB, b: other.building, h: other.house },
    );
    expect(body.data.buildings).toEqual({ totalCount: 0, edges: [] });
    expect(body.data.building).toBeNull();
    expect(body.data.house).toBeNull();
    expect(body.data.grid).toBeNull();
    noRowOf(body, other.building, other.house);
  });

  it('market regulation (owner of legal entities) lists and reads none of another community', async () => {
    const { body } = await federation.queryAs(
      community('market-regulation'),
      `query ($c: ID!, $u: String!, $t: ID!) {
        legalEntities(gridCode: $c, first: 500) { totalCount edges { node { uscc } } }
        town: legalEntities(gridCode: $t, first: 500) { edges { node { uscc grid { code } } } }
        legalEntity(uscc: $u) { uscc name }
      }`,
      { c: fixtures.communityB, u: other.uscc, t: fixtures.town },
    );
    expect(body.data.legalEntities).toEqual({ totalCount: 0, edges: [] });
    expect(body.data.legalEntity).toBeNull();
    expect(body.data.town.edges.length).toBeGreaterThan(0);
    for (const edge of body.data.town.edges) expect(edge.node.grid.code.startsWith(fixtures.communityA)).toBe(true);
    noRowOf(body, other.uscc);
  });

  it('a city-level owner still reads the whole city', async () => {
    const { body } = await federation.queryAs({ department: 'market-regulation' }, 'query ($u: String!) { legalEntity(uscc: $u) { uscc } }', { u: other.uscc });
    expect(body.data.legalEntity).toEqual({ uscc: other.uscc });
  });
});
