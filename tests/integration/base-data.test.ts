import { startTestFederation, testBackends, TestFederation } from '../helpers/federation';

describe.each(testBackends())('base data through the gateway on %s', (backend) => {
  let federation: TestFederation;
  let person: { id: string; id_number: string; house_code: string; employer_uscc: string; grid_code: string };
  let townCode: string;

  beforeAll(async () => {
    federation = await startTestFederation({ backend });
    const population = federation.system.subgraphs.population!.db.sql;
    [person] = (
      await population.query<typeof person>(
        `SELECT id, id_number, house_code, employer_uscc, grid_code FROM person
          WHERE house_code IS NOT NULL AND employer_uscc IS NOT NULL ORDER BY id LIMIT 1`,
      )
    ).rows;
    const address = federation.system.subgraphs.address!.db.sql;
    [{ code: townCode }] = (await address.query<{ code: string }>(`SELECT code FROM grid WHERE level = 'TOWN' LIMIT 1`)).rows;
  });
  afterAll(() => federation?.stop());

  it('joins a person to house, building, address, grid and employer across four subgraphs', async () => {
    const { status, body } = await federation.query(
      `query ($idNumber: String!) {
        personByIdNumber(idNumber: $idNumber) {
          id idNumber name gender birthDate
          residence { code roomNumber building { code address { fullText grid { code level parent { level } } } } }
          employer { uscc name legalRepresentative { id } }
        }
      }`,
      { idNumber: person.id_number },
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const found = body.data.personByIdNumber;
    expect(found.id).toBe(person.id);
    expect(found.idNumber).toBe(person.id_number);
    expect(found.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(found.residence.code).toBe(person.house_code);
    expect(found.residence.building.code).toBe(person.house_code.slice(0, found.residence.building.code.length));
    expect(found.residence.building.address.grid.code).toBe(person.grid_code);
    expect(found.residence.building.address.grid.level).toBe('GRID');
    expect(found.residence.building.address.grid.parent.level).toBe('COMMUNITY');
    expect(found.employer.uscc).toBe(person.employer_uscc);
    expect(typeof found.employer.name).toBe('string');
  });

  it('lists a whole town from its code, in pages that neither skip nor repeat', async () => {
    const page = (after?: string) =>
      federation.query(
        `query ($grid: ID!, $after: String) { persons(gridCode: $grid, first: 100, after: $after) {
          totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`,
        { grid: townCode, after },
      );
    const seen: string[] = [];
    let after: string | undefined;
    let total = 0;
    for (let i = 0; i < 100; i++) {
      const { body } = await page(after);
      expect(body.errors).toBeUndefined();
      const connection = body.data.persons;
      total = connection.totalCount;
      seen.push(...connection.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    const population = federation.system.subgraphs.population!.db.sql;
    const { rows } = await population.query<{ n: number }>(`SELECT count(*)::int AS n FROM person WHERE grid_code LIKE $1`, [`${townCode.slice(0, 9)}%`]);
    expect(total).toBe(rows[0].n);
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('answers reverse links and counts contributed by other subgraphs', async () => {
    const { body } = await federation.query(
      `query ($house: ID!, $grid: ID!) {
        house(code: $house) { code residents { id } legalEntities { uscc } building { houses { code } } }
        grid(code: $grid) { code level populationCount buildingCount houseCount legalEntityCount children { code } }
      }`,
      { house: person.house_code, grid: townCode },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.house.residents.map((r: { id: string }) => r.id)).toContain(person.id);
    expect(body.data.house.building.houses.map((h: { code: string }) => h.code)).toContain(person.house_code);
    const grid = body.data.grid;
    expect(grid.level).toBe('TOWN');
    expect(grid.populationCount).toBeGreaterThan(0);
    expect(grid.buildingCount).toBeGreaterThan(0);
    expect(grid.houseCount).toBeGreaterThanOrEqual(grid.buildingCount);
    expect(grid.legalEntityCount).toBeGreaterThan(0);
    expect(grid.children.length).toBeGreaterThan(0);
  });

  it('returns null, not an error, for well-formed keys that do not exist', async () => {
    const { body } = await federation.query(
      `{ person(id: "P999999999") { id } personByIdNumber(idNumber: "11010519491231002X") { id }
         legalEntity(uscc: "91350100M000100Y43") { uscc } grid(code: "449900999999") { code } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ person: null, personByIdNumber: null, legalEntity: null, grid: null });
  });

  it.each([
    ['an ID number of the wrong length', `{ personByIdNumber(idNumber: "44190019900101123") { id } }`, /18 characters/],
    ['an ID number with a wrong check character', `{ personByIdNumber(idNumber: "110105194912310021") { id } }`, /check character/],
    ['an ID number with an impossible birth date', `{ personByIdNumber(idNumber: "110105194902310027") { id } }`, /date/],
    ['a credit code with a forbidden letter', `{ legalEntity(uscc: "91350100M000100YI3") { uscc } }`, /not allowed|character/],
    ['a credit code with a wrong check character', `{ legalEntity(uscc: "91350100M000100Y44") { uscc } }`, /check character/],
    ['a page larger than the maximum', `{ persons(gridCode: "449900", first: 501) { totalCount } }`, /first must be between 1 and 500/],
    ['a page smaller than one', `{ buildings(gridCode: "449900", first: 0) { totalCount } }`, /first must be between 1 and 500/],
    ['a malformed cursor', `{ legalEntities(gridCode: "449900", after: "not-a-cursor") { totalCount } }`, /cursor/],
    ['a malformed grid code', `{ persons(gridCode: "44x9") { totalCount } }`, /gridCode/],
  ])('refuses %s with BAD_USER_INPUT saying what is wrong', async (_label, query, message) => {
    const { body } = await federation.query(query);
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(body.errors![0].message).toMatch(message);
  });
});
