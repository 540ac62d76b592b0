import { CallerTokenSigner } from '../../platform/caller-token';
import { auditRecordOf } from '../helpers/audit-records';
import { postGraphQL, startTestFederation, testBackends, TestFederation } from '../helpers/federation';
import { loadPolicyFixtures, PolicyFixtures } from '../policies/fixtures';

/**
 * Filtering a list on a field tells the field's value of every row that passes: a department that
 * sees a birth date as its month, or tags only as welfare tags, could otherwise learn the day of
 * birth or who is a key person by probing filters. Each department tries every filter; what this
 * table does not list as allowed must be refused, FORBIDDEN naming the argument and the field,
 * before any value is looked at (so the answer cannot depend on data). The table is written here,
 * not derived from the policy, so a policy that starts letting a department filter fails this test.
 */
const PERSON_ROWS = [
  'public-security',
  'health',
  'civil-affairs',
  'grid-command',
  'housing',
  'human-resources-social-security',
  'fire-rescue',
  'emergency-management',
];
const REGISTRATION = ['public-security', 'health', 'civil-affairs', 'grid-command', 'housing', 'human-resources-social-security'];
const ENTITY_ROWS = [
  'public-security',
  'fire-rescue',
  'emergency-management',
  'health',
  'civil-affairs',
  'market-regulation',
  'housing',
  'urban-management',
  'human-resources-social-security',
  'grid-command',
  'hotline-12345',
  'wechat',
];
const DEPARTMENTS = [...ENTITY_ROWS, 'education', 'audit-office'];

const CASES: { field: 'persons' | 'legalEntities' | 'houses'; filter: string; value: string; reads: string; allowed: string[] }[] = [
  { field: 'persons', filter: 'tag', value: 'KEY_PERSON', reads: 'Person.tags', allowed: ['public-security'] },
  { field: 'persons', filter: 'tag', value: 'ELDERLY_ALONE', reads: 'Person.tags', allowed: ['public-security'] },
  { field: 'persons', filter: 'ageMin', value: '60', reads: 'Person.birthDate', allowed: ['public-security'] },
  { field: 'persons', filter: 'ageMax', value: '6', reads: 'Person.birthDate', allowed: ['public-security'] },
  { field: 'persons', filter: 'gender', value: 'FEMALE', reads: 'Person.gender', allowed: PERSON_ROWS },
  { field: 'persons', filter: 'residenceType', value: 'FOREIGN', reads: 'Person.residenceType', allowed: REGISTRATION },
  { field: 'persons', filter: 'movedInFrom', value: '"2020-01-01"', reads: 'Person.movedInOn', allowed: REGISTRATION },
  { field: 'persons', filter: 'movedInTo', value: '"2020-01-01"', reads: 'Person.movedInOn', allowed: REGISTRATION },
  { field: 'legalEntities', filter: 'type', value: 'COMPANY', reads: 'LegalEntity.type', allowed: ENTITY_ROWS },
  { field: 'legalEntities', filter: 'industry', value: '"餐饮业"', reads: 'LegalEntity.industry', allowed: ENTITY_ROWS },
  { field: 'legalEntities', filter: 'licenceStatus', value: 'REVOKED', reads: 'LegalEntity.licenceStatus', allowed: ENTITY_ROWS },
  {
    field: 'legalEntities',
    filter: 'fireKeyUnit',
    value: 'true',
    reads: 'LegalEntity.fireKeyUnit',
    allowed: ['market-regulation', 'public-security', 'fire-rescue', 'emergency-management', 'grid-command'],
  },
  {
    field: 'legalEntities',
    filter: 'hasFoodLicence',
    value: 'true',
    reads: 'LegalEntity.foodLicence',
    allowed: ['market-regulation', 'health', 'grid-command'],
  },
  { field: 'houses', filter: 'use', value: 'SHOP', reads: 'House.use', allowed: DEPARTMENTS },
  {
    field: 'houses',
    filter: 'occupancy',
    value: 'RENTED',
    reads: 'House.occupancy',
    allowed: ['housing', 'public-security', 'fire-rescue', 'emergency-management', 'grid-command', 'civil-affairs', 'health', 'urban-management'],
  },
  {
    field: 'houses',
    filter: 'rentalRegistered',
    value: 'true',
    reads: 'House.rentalRegisteredOn',
    allowed: ['housing', 'public-security', 'grid-command', 'fire-rescue'],
  },
];

describe.each(testBackends())('probing masked and withheld values through list filters, on %s', (backend) => {
  let federation: TestFederation;
  let fixtures: PolicyFixtures;
  beforeAll(async () => {
    federation = await startTestFederation({ backend });
    fixtures = await loadPolicyFixtures(federation);
  });
  afterAll(() => federation?.stop());

  const keyOf = { persons: 'id', legalEntities: 'uscc', houses: 'code' };
  const listQuery = (field: string, filter: string, value: string) =>
    `{ list: ${field}(gridCode: "${fixtures.town}", ${filter}: ${value}, first: 500) { totalCount edges { node { ${keyOf[field as keyof typeof keyOf]} } } } }`;

  const cells = CASES.flatMap((c) => DEPARTMENTS.map((department) => [department, c.field, c.filter, c.value, c] as const));
  it.each(cells)('%s filtering %s by %s: %s', async (department, field, filter, value, c) => {
    const { body } = await federation.queryAs({ department }, listQuery(field, filter, value));
    if (c.allowed.includes(department)) {
      expect(body.errors).toBeUndefined();
      expect(typeof body.data.list.totalCount).toBe('number');
      return;
    }
    expect(body.data?.list ?? null).toBeNull();
    const [error] = body.errors ?? [];
    // Departments whose contract lacks the list cannot even name it; the others are refused by the owner.
    expect(['FORBIDDEN', 'GRAPHQL_VALIDATION_FAILED']).toContain(error?.extensions?.code);
    if (error?.extensions?.code === 'FORBIDDEN' && error.extensions.argument !== undefined) {
      expect(error.extensions).toMatchObject({ argument: filter, field: c.reads, coordinate: `Query.${field}` });
      expect(error.message).toContain(c.reads);
    }
    const listsRows = field === 'persons' ? PERSON_ROWS : field === 'legalEntities' ? ENTITY_ROWS : DEPARTMENTS;
    // A department that may list the rows is refused for the filter itself, by name.
    if (listsRows.includes(department)) expect(error.extensions).toMatchObject({ code: 'FORBIDDEN', argument: filter, field: c.reads });
  });

  it('refuses an age probe the same way whatever the ages asked, valid or not, so no answer depends on a birth date', async () => {
    const answers = [];
    for (const args of ['ageMin: 30, ageMax: 30', 'ageMin: 31, ageMax: 31', 'ageMin: 90, ageMax: 10', 'ageMin: -4']) {
      const { body } = await federation.queryAs(
        { department: 'health' },
        `{ list: persons(gridCode: "${fixtures.town}", ${args}) { totalCount edges { node { id } } } }`,
      );
      expect(body.data?.list).toBeNull();
      answers.push(body.errors?.map((e) => [e.extensions?.code, e.extensions?.argument]));
    }
    expect(answers.every((a) => JSON.stringify(a) === JSON.stringify([['FORBIDDEN', 'ageMin']]))).toBe(true);
  });

  it('refuses a filter passed in a variable, under an alias and inside a fragment', async () => {
    const { body } = await federation.queryAs(
      { department: 'civil-affairs' },
      `query ($t: PersonTag) { ...F }
       fragment F on Query { keyPersons: persons(gridCode: "${fixtures.town}", tag: $t) { edges { node { id } } } }`,
      { t: 'KEY_PERSON' },
    );
    expect(body.data?.keyPersons ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', argument: 'tag', field: 'Person.tags' });
  });

  it('takes a null filter for no filter', async () => {
    const { body } = await federation.queryAs(
      { department: 'civil-affairs' },
      `query ($t: PersonTag) { persons(gridCode: "${fixtures.town}", tag: $t, first: 1) { edges { node { id } } } }`,
      { t: null },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.persons.edges).toHaveLength(1);
  });

  it('refuses the filter at the owning subgraph too, for a caller that goes around the gateway with a valid caller token', async () => {
    const query = `{ persons(gridCode: "${fixtures.town}", tag: KEY_PERSON) { edges { node { id } } } }`;
    const token = await new CallerTokenSigner(federation.keys.privateKey).sign(
      { department: 'grid-command', user: 'probe', level: 'city', jurisdiction: [] },
      'population',
      { query },
    );
    const { body } = await postGraphQL(federation.subgraphUrl('population'), query, undefined, { authorization: `Bearer ${token}` });
    expect(body.data?.persons ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', argument: 'tag', field: 'Person.tags' });
  });

  it('puts the rows a filter passed on the trail as raw reads of the filtered field', async () => {
    const response = await federation.queryAs(
      { department: 'housing' },
      `{ persons(gridCode: "${fixtures.town}", residenceType: MIGRANT, first: 5) { edges { node { id } } } }`,
    );
    expect(response.body.errors).toBeUndefined();
    const ids = response.body.data.persons.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(ids).toHaveLength(5);
    const record = await auditRecordOf(federation, response.headers.get('x-request-id'));
    for (const id of ids) {
      expect(record.accesses.find((a) => a.entityType === 'Person' && a.entityKey === id)?.raw).toEqual(['Person.id', 'Person.residenceType']);
    }
  });
});
