import { startTestFederation, testBackends, TestFederation } from '../helpers/federation';

/** Names that exist in the supergraph but in none of the education, health and grid-command contracts. */
const HIDDEN = ['AuditRecord', 'AccessRecordFilter', 'accessRecords', 'personByIdNumber'];

const expectNothingHidden = (body: unknown) => {
  const text = JSON.stringify(body);
  for (const name of HIDDEN) expect(text).not.toContain(name);
};

/**
 * Run as in production (NODE_ENV=production, where Apollo would switch introspection off): a
 * department's own contract can still be introspected, and nothing beyond it can be seen.
 */
describe.each(testBackends())('introspection and validation against the contract on %s', (backend) => {
  let federation: TestFederation;
  beforeAll(async () => {
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      federation = await startTestFederation({ backend });
    } finally {
      process.env.NODE_ENV = before;
    }
  });
  afterAll(() => federation?.stop());

  const asEducation = (query: string, variables?: Record<string, unknown>) => federation.queryAs({ department: 'education' }, query, variables);

  it('answers introspection of the own contract in production', async () => {
    const { status, body } = await asEducation('{ __schema { queryType { fields { name } } } }');
    expect(status).toBe(200);
    const roots = body.data.__schema.queryType.fields.map((f: { name: string }) => f.name);
    expect(roots).toContain('grid');
    expect(roots).not.toContain('person');
    expectNothingHidden(body);
  });

  it.each([
    ['inside a named fragment', '{ ...Schema } fragment Schema on Query { __schema { types { name fields { name } } } }'],
    ['inside an inline fragment', '{ ... on Query { __schema { types { name fields { name } } } } }'],
    ['aliased', '{ s: __schema { types { name fields { name } } } t: __type(name: "AuditRecord") { name } }'],
    ['through a variable', 'query ($t: String!) { __type(name: $t) { name fields { name } } }'],
  ])('answers introspection %s from the contract', async (_label, query) => {
    const { status, body } = await asEducation(query, { t: 'AuditRecord' });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expectNothingHidden(body);
  });

  it.each([
    ['beside a data field', '{ grid(code: "449900") { name } __schema { types { name fields { name } } } }'],
    ['beside a data field, inside a fragment', '{ grid(code: "449900") { name } ...Schema } fragment Schema on Query { __schema { types { name } } }'],
    ['aliased beside a data field', '{ g: grid(code: "449900") { name } t: __type(name: "Query") { fields { name } } }'],
  ])('refuses introspection %s with a clear 400', async (_label, query) => {
    const { status, body } = await asEducation(query);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors![0].message).toMatch(/__schema and __type .*operation of their own/);
    expectNothingHidden(body);
  });

  /** The error a department gets, with the probed name replaced, so a hidden name and a made-up one compare. */
  const errorFor = async (department: string, query: string, probe: string) => {
    const { status, body } = await federation.queryAs({ department }, query);
    return { status, errors: JSON.stringify(body.errors).split(probe).join('<name>') };
  };

  it.each([
    [
      'a field one letter off a hidden one',
      'health',
      '{ personByIdNumbe(idNumber: "x") { id } }',
      'personByIdNumbe',
      '{ qzxwvutsrqpomnl(idNumber: "x") { id } }',
      'qzxwvutsrqpomnl',
    ],
    [
      'a hidden field given an argument of the wrong type',
      'health',
      '{ personByIdNumber(idNumber: 5) { id } }',
      'personByIdNumber',
      '{ qzxwvutsrqpomnlk(idNumber: 5) { id } }',
      'qzxwvutsrqpomnlk',
    ],
    [
      'a hidden field of a visible type, misspelt',
      'grid-command',
      '{ person(id: "P1") { ethnicit } }',
      'ethnicit',
      '{ person(id: "P1") { qzxwvut } }',
      'qzxwvut',
    ],
    ['a hidden type in a fragment', 'health', '{ ... on AuditRecord { seq } }', 'AuditRecord', '{ ... on QzxwvutRecord { seq } }', 'QzxwvutRecord'],
    [
      'a hidden input type as a variable type',
      'health',
      'query ($f: AccessRecordFilter) { grid(code: "449900") { code } }',
      'AccessRecordFilter',
      'query ($f: QzxwvutRecordFilter) { grid(code: "449900") { code } }',
      'QzxwvutRecordFilter',
    ],
  ])('cannot tell %s from a name that does not exist', async (_label, department, hiddenQuery, hiddenName, madeUpQuery, madeUpName) => {
    const hidden = await errorFor(department, hiddenQuery, hiddenName);
    const madeUp = await errorFor(department, madeUpQuery, madeUpName);
    expect(hidden.status).toBe(400);
    expect(hidden).toEqual(madeUp);
    expect(hidden.errors).not.toMatch(/Suggestion|Did you mean/i);
  });
});
