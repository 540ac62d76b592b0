import { startTestFederation, testBackends, TestFederation } from '../helpers/federation';

/**
 * A foreign national holds a foreign permanent-residence ID number (2023 card: 9, the issuing
 * province, the nationality's ISO code, then birth date, sequence and check as a resident ID). The
 * places that take or show ID numbers must treat it as one: the lookup by number validates it, the
 * masks show the same parts of it, and an auditor finds the person's accesses by it.
 */
// 9 · 44 · 704 (Viet Nam) · 1990-01-15 · 002 (female) · check 6 (worked out in resident-id.test.ts).
const FOREIGN_NUMBER = '944704199001150026';

describe.each(testBackends())('foreign residents on %s', (backend) => {
  let federation: TestFederation;
  let personId: string;

  beforeAll(async () => {
    federation = await startTestFederation({
      backend,
      // The tiny city holds no foreign national; one of its persons becomes one.
      prepare: async (databases) => {
        await databases.population!.sql.query(
          `UPDATE person SET id_number = $1, birth_date = '1990-01-15', gender = 'FEMALE', residence_type = 'FOREIGN',
                  ethnicity = '外国籍', household_registration = '越南'
            WHERE id = (SELECT min(id) FROM person WHERE house_code IS NOT NULL)`,
          [FOREIGN_NUMBER],
        );
      },
    });
    const { rows } = await federation.system.subgraphs.population!.db.sql.query<{ id: string }>('SELECT id FROM person WHERE id_number = $1', [FOREIGN_NUMBER]);
    personId = rows[0].id;
  });
  afterAll(() => federation?.stop());

  it('is found by its number, which validates like a resident ID', async () => {
    const { body } = await federation.query('query ($n: String!) { personByIdNumber(idNumber: $n) { id idNumber residenceType } }', { n: FOREIGN_NUMBER });
    expect(body.errors).toBeUndefined();
    expect(body.data.personByIdNumber).toEqual({ id: personId, idNumber: FOREIGN_NUMBER, residenceType: 'FOREIGN' });
    const typo = await federation.query('{ personByIdNumber(idNumber: "944704199001150027") { id } }');
    expect(typo.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(typo.body.errors?.[0]?.message).toMatch(/check character should be 6, got 7/);
  });

  it('is masked as a resident ID is: the leading six, or the leading six and the last four', async () => {
    const query = 'query ($id: ID!) { person(id: $id) { idNumber } }';
    const health = await federation.queryAs({ department: 'health' }, query, { id: personId });
    expect(health.body.data.person.idNumber).toBe('944704************');
    const housing = await federation.queryAs({ department: 'housing', purpose: 'rental-management' }, query, { id: personId });
    expect(housing.body.data.person.idNumber).toBe('944704********0026');
  });

  it("lets an auditor find the person's accesses by the number", async () => {
    const read = await federation.query('query ($id: ID!) { person(id: $id) { idNumber } }', { id: personId });
    expect(read.body.errors).toBeUndefined();
    const { body } = await federation.queryAs(
      { department: 'audit-office', user: 'auditor-1' },
      'query ($n: String!) { personAccessHistory(idNumber: $n) { totalCount edges { node { entityKey department } } } }',
      { n: FOREIGN_NUMBER },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.personAccessHistory.edges).toContainEqual({ node: { entityKey: personId, department: 'public-security' } });
  });
});
