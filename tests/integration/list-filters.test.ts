import { startTestFederation, testBackends, TestFederation } from '../helpers/federation';
import type { TokenClaims } from '../../gateway/src/dev-tokens';

/**
 * The list filters against the seeded city's truth: every expectation is computed here, in SQL on the
 * subgraph's own database (ages with PostgreSQL's age() on the request's local date), never by the
 * code under test. Each filter is checked alone, combined, paged, and under a community-level
 * jurisdiction; bad values are BAD_USER_INPUT naming the argument.
 */

// 17:30 UTC is already the next day in China: ages must be counted on 2026-03-01, not 2026-02-28.
const NOW = new Date('2026-02-28T17:30:00Z');
const LOCAL_DATE = '2026-03-01';

type Sub = 'population' | 'legal-entities' | 'housing';

describe.each(testBackends())('list filters on %s', (backend) => {
  let federation: TestFederation;
  let town: string;
  let community: string;

  beforeAll(async () => {
    federation = await startTestFederation({ backend, now: () => NOW });
    const { rows } = await federation.system.subgraphs.address!.db.sql.query<{ code: string; parent_code: string }>(
      `SELECT code, parent_code FROM grid WHERE level = 'COMMUNITY' ORDER BY code LIMIT 1`,
    );
    community = rows[0].code;
    town = rows[0].parent_code;
  });
  afterAll(() => federation?.stop());

  const truth = async (subgraph: Sub, sql: string, params: unknown[] = []) =>
    (await federation.system.subgraphs[subgraph]!.db.sql.query<{ k: string }>(sql, params)).rows.map((r) => r.k).sort();

  /** Every key a list returns, page by page, with its totalCount (which must agree). */
  const listAll = async (field: string, key: string, args: string, claims?: TokenClaims, first = 500) => {
    const keys: string[] = [];
    let after: string | null = null;
    let totalCount = -1;
    for (let page = 0; page < 200; page++) {
      const query = `query ($after: String) { list: ${field}(${args}, first: ${first}, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { ${key} } } } }`;
      const { body }: { body: any } = claims ? await federation.queryAs(claims, query, { after }) : await federation.query(query, { after });
      expect(body.errors).toBeUndefined();
      totalCount = body.data.list.totalCount;
      keys.push(...body.data.list.edges.map((e: { node: Record<string, string> }) => e.node[key]));
      if (!body.data.list.pageInfo.hasNextPage) break;
      after = body.data.list.pageInfo.endCursor;
    }
    expect(totalCount).toBe(keys.length);
    expect(new Set(keys).size).toBe(keys.length);
    return keys.sort();
  };

  const personsWhere = (condition: string, params: unknown[] = []) =>
    truth('population', `SELECT id AS k FROM person WHERE grid_code LIKE $1 AND (${condition})`, [`${town.slice(0, 9)}%`, ...params]);
  const age = `date_part('year', age('${LOCAL_DATE}'::date, birth_date))`;

  describe('persons', () => {
    it.each([
      ['a tag', 'tag: ELDERLY_ALONE', `'ELDERLY_ALONE' = ANY(tags)`],
      ['another tag', 'tag: PRESCHOOL_CHILD', `'PRESCHOOL_CHILD' = ANY(tags)`],
      ['an age range', 'ageMin: 60, ageMax: 79', `${age} BETWEEN 60 AND 79`],
      ['a single age', 'ageMin: 30, ageMax: 30', `${age} = 30`],
      ['a minimum age alone', 'ageMin: 80', `${age} >= 80`],
      ['a maximum age alone', 'ageMax: 5', `${age} <= 5`],
      ['gender', 'gender: FEMALE', `gender = 'FEMALE'`],
      ['residence type', 'residenceType: MIGRANT', `residence_type = 'MIGRANT'`],
      ['foreign residents', 'residenceType: FOREIGN', `residence_type = 'FOREIGN'`],
      ['a moved-in period', 'movedInFrom: "2020-01-01", movedInTo: "2022-12-31"', `moved_in_on BETWEEN '2020-01-01' AND '2022-12-31'`],
      ['moved in since', 'movedInFrom: "2024-06-01"', `moved_in_on >= '2024-06-01'`],
      [
        'filters combined',
        'gender: MALE, ageMin: 18, ageMax: 59, residenceType: MIGRANT, movedInFrom: "2015-01-01"',
        `gender = 'MALE' AND ${age} BETWEEN 18 AND 59 AND residence_type = 'MIGRANT' AND moved_in_on >= '2015-01-01'`,
      ],
    ])('by %s', async (_label, args, condition) => {
      const expected = await personsWhere(condition);
      expect(expected.length).toBeGreaterThan(0);
      expect(await listAll('persons', 'id', `gridCode: "${town}", ${args}`)).toEqual(expected);
    });

    it("counts ages on the request's local date, not the UTC date", async () => {
      // Born on 1 March (or 29 February): a year older on the local date (1 March) than on the UTC date.
      const { rows } = await federation.system.subgraphs.population!.db.sql.query<{ id: string; a: number; utc: number; grid_code: string }>(
        `SELECT id, ${age}::int AS a, date_part('year', age('2026-02-28'::date, birth_date))::int AS utc, grid_code
           FROM person WHERE to_char(birth_date, 'MM-DD') IN ('03-01', '02-29') ORDER BY id LIMIT 1`,
      );
      expect(rows).toHaveLength(1);
      const [p] = rows;
      expect(p.a).toBe(p.utc + 1);
      expect(await listAll('persons', 'id', `gridCode: "${p.grid_code}", ageMin: ${p.a}, ageMax: ${p.a}`)).toContain(p.id);
      expect(await listAll('persons', 'id', `gridCode: "${p.grid_code}", ageMin: ${p.utc}, ageMax: ${p.utc}`)).not.toContain(p.id);
    });

    it('pages a filtered list without skipping or repeating', async () => {
      const expected = await personsWhere(`gender = 'FEMALE'`);
      expect(await listAll('persons', 'id', `gridCode: "${town}", gender: FEMALE`, undefined, 7)).toEqual(expected);
    });

    it("keeps to the caller's jurisdiction: a community officer filtering the town gets its community's matches only", async () => {
      const claims = { department: 'public-security', level: 'community' as const, jurisdiction: [community] };
      const inCommunity = await truth('population', `SELECT id AS k FROM person WHERE grid_code LIKE $1 AND gender = 'FEMALE'`, [`${community}%`]);
      const inTown = await personsWhere(`gender = 'FEMALE'`);
      expect(inTown.length).toBeGreaterThan(inCommunity.length);
      expect(await listAll('persons', 'id', `gridCode: "${town}", gender: FEMALE`, claims)).toEqual(inCommunity);
    });

    it('treats a null filter as no filter', async () => {
      const expected = await personsWhere('true');
      expect(await listAll('persons', 'id', `gridCode: "${town}", tag: null, ageMin: null`)).toEqual(expected);
    });
  });

  describe('legal entities', () => {
    // Market regulation owns them (public security may not read food licences, so may not filter on them).
    const owner = { department: 'market-regulation' };
    const entitiesWhere = (condition: string, params: unknown[] = []) =>
      truth('legal-entities', `SELECT uscc AS k FROM legal_entity WHERE grid_code LIKE $1 AND (${condition})`, [`${town.slice(0, 9)}%`, ...params]);

    it.each([
      ['type', 'type: INDIVIDUAL_BUSINESS', `type = 'INDIVIDUAL_BUSINESS'`],
      ['licence status', 'licenceStatus: ACTIVE', `licence_status = 'ACTIVE'`],
      ['fire key unit', 'fireKeyUnit: true', 'fire_key_unit'],
      ['not a fire key unit', 'fireKeyUnit: false', 'NOT fire_key_unit'],
      ['a food licence', 'hasFoodLicence: true', 'food_licence IS NOT NULL'],
      ['no food licence', 'hasFoodLicence: false', 'food_licence IS NULL'],
      [
        'type and food licence',
        'type: COMPANY, hasFoodLicence: false, licenceStatus: ACTIVE',
        `type = 'COMPANY' AND food_licence IS NULL AND licence_status = 'ACTIVE'`,
      ],
    ])('by %s', async (_label, args, condition) => {
      const expected = await entitiesWhere(condition);
      expect(expected.length).toBeGreaterThan(0);
      expect(await listAll('legalEntities', 'uscc', `gridCode: "${town}", ${args}`, owner)).toEqual(expected);
    });

    it('by industry, exactly as registered', async () => {
      const [industry] = await truth('legal-entities', `SELECT industry AS k FROM legal_entity GROUP BY industry ORDER BY count(*) DESC LIMIT 1`);
      const expected = await entitiesWhere('industry = $2', [industry]);
      expect(await listAll('legalEntities', 'uscc', `gridCode: "${town}", industry: ${JSON.stringify(industry)}`, owner)).toEqual(expected);
    });
  });

  describe('buildings and houses', () => {
    const where = (table: 'building' | 'house', condition: string) =>
      truth('housing', `SELECT code AS k FROM ${table} WHERE grid_code LIKE $1 AND (${condition})`, [`${town.slice(0, 9)}%`]);

    it('buildings by use', async () => {
      const expected = await where('building', `use = 'RESIDENTIAL'`);
      expect(expected.length).toBeGreaterThan(0);
      expect(await listAll('buildings', 'code', `gridCode: "${town}", use: RESIDENTIAL`)).toEqual(expected);
    });

    it.each([
      ['no filter', '', 'true'],
      ['use', ', use: SHOP', `use = 'SHOP'`],
      ['occupancy', ', occupancy: RENTED', `occupancy = 'RENTED'`],
      ['rental registration', ', rentalRegistered: true', 'rental_registered_on IS NOT NULL'],
      ['no rental registration', ', rentalRegistered: false', 'rental_registered_on IS NULL'],
      ['use and occupancy', ', use: RESIDENTIAL, occupancy: VACANT', `use = 'RESIDENTIAL' AND occupancy = 'VACANT'`],
    ])('houses by %s', async (_label, args, condition) => {
      const expected = await where('house', condition);
      expect(expected.length).toBeGreaterThan(0);
      expect(await listAll('houses', 'code', `gridCode: "${town}"${args}`)).toEqual(expected);
    });

    it("houses keep to the caller's jurisdiction", async () => {
      const claims = { department: 'grid-command', level: 'community' as const, jurisdiction: [community] };
      const expected = await truth('housing', `SELECT code AS k FROM house WHERE grid_code LIKE $1 AND occupancy = 'RENTED'`, [`${community}%`]);
      expect(expected.length).toBeGreaterThan(0);
      expect(await listAll('houses', 'code', `gridCode: "${town}", occupancy: RENTED`, claims)).toEqual(expected);
    });
  });

  describe('bad filter values', () => {
    it.each([
      ['an inverted age range', 'persons', 'ageMin: 60, ageMax: 20', 'ageMin', /^ageMin \(60\) must not be after ageMax \(20\)$/],
      ['a negative age', 'persons', 'ageMin: -1', 'ageMin', /^ageMin must be an age in whole years from 0 to 150, got -1$/],
      ['an age past any person', 'persons', 'ageMax: 1000', 'ageMax', /^ageMax must be an age in whole years from 0 to 150, got 1000$/],
      [
        'a malformed date',
        'persons',
        'movedInFrom: "2020-1-1"',
        'movedInFrom',
        /^movedInFrom must be a date YYYY-MM-DD from 1900-01-01 to 2099-12-31, got "2020-1-1"$/,
      ],
      ['a day that does not exist', 'persons', 'movedInTo: "2023-02-29"', 'movedInTo', /^movedInTo must be a date YYYY-MM-DD .*, got "2023-02-29"$/],
      [
        'an inverted period',
        'persons',
        'movedInFrom: "2024-01-01", movedInTo: "2023-01-01"',
        'movedInFrom',
        /^movedInFrom \(2024-01-01\) must not be after movedInTo \(2023-01-01\)$/,
      ],
      ['an empty industry', 'legalEntities', 'industry: ""', 'industry', /^industry must be 1 to 100 characters without control characters, got ""$/],
      ['an over-long industry', 'legalEntities', `industry: "${'x'.repeat(5000)}"`, 'industry', /^industry must be 1 to 100 characters .*, got "x{40}…"$/],
    ])('refuses %s with BAD_USER_INPUT naming the argument', async (_label, field, args, argument, message) => {
      const { status, body } = await federation.queryAs(
        { department: field === 'persons' ? 'public-security' : 'market-regulation' },
        `{ ${field}(gridCode: "${town}", ${args}) { totalCount } }`,
      );
      expect(status).toBeLessThan(500);
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.errors?.[0]?.extensions?.argument).toBe(argument);
      expect(body.errors?.[0]?.message).toMatch(message);
    });

    it.each([
      ['tag', 'PersonTag', 'persons'],
      ['occupancy', 'Occupancy', 'houses'],
      ['licenceStatus', 'LicenceStatus', 'legalEntities'],
    ])('refuses an unknown %s value with BAD_USER_INPUT naming the variable', async (argument, type, field) => {
      const { status, body } = await federation.query(`query ($v: ${type}) { ${field}(gridCode: "${town}", ${argument}: $v) { totalCount } }`, {
        v: 'NO_SUCH_VALUE',
      });
      expect(status).toBe(400);
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.errors?.[0]?.message).toMatch(/\$v.*NO_SUCH_VALUE/);
    });

    it('refuses an unknown enum literal before anything runs', async () => {
      const { status, body } = await federation.query(`{ persons(gridCode: "${town}", gender: UNKNOWN) { totalCount } }`);
      expect(status).toBe(400);
      expect(body.errors?.[0]?.message).toMatch(/UNKNOWN.*Gender/);
    });
  });
});
