import { startTestFederation, testBackends, TestFederation } from '../helpers/federation';
import { auditRecordOf } from '../helpers/audit-records';

/** A document far over the token limit, yet small in bytes and within depth and alias limits. */
const MANY_TOKENS = `{ ${Array.from({ length: 800 }, () => 'grid(code: "449900") { code }').join(' ')} }`;

/**
 * Cost doubles with each fragment level (every spread is counted), so a short document that stays
 * within depth, alias and token limits still costs far more than the limit.
 */
function costlyDocument(levels: number): string {
  const fragments = [`fragment F0 on Grid { code name level }`];
  for (let i = 1; i <= levels; i++) fragments.push(`fragment F${i} on Grid { children { ...F${i - 1} ...F${i - 1} ...F${i - 1} } }`);
  return `{ grid(code: "449900") { ...F${levels} } } ${fragments.join(' ')}`;
}

describe.each(testBackends())('bad input at the gateway is a 400 naming the problem, on %s', (backend) => {
  let federation: TestFederation;
  beforeAll(async () => {
    federation = await startTestFederation({ backend });
  });
  afterAll(() => federation?.stop());

  const post = async (payload: Record<string, unknown>) => {
    const token = await federation.token({ department: 'grid-command', user: 'gc-probe' });
    const response = await fetch(federation.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(payload),
    });
    return { status: response.status, body: (await response.json()) as any, requestId: response.headers.get('x-request-id') };
  };

  it.each([
    [
      'several operations without operationName',
      { query: 'query A { grid(code: "449900") { code } } query B { grid(code: "449900") { name } }' },
      'OPERATION_RESOLUTION_FAILURE',
      /2 operations \(A, B\).*operationName/,
    ],
    [
      'an operationName the document does not hold',
      { query: 'query A { grid(code: "449900") { code } }', operationName: 'Nope' },
      'OPERATION_RESOLUTION_FAILURE',
      /no operation named "Nope".*A/,
    ],
    [
      'several anonymous operations',
      { query: '{ grid(code: "449900") { code } } { grid(code: "449900") { name } }' },
      'GRAPHQL_VALIDATION_FAILED',
      /anonymous operation must be the only defined operation/,
    ],
    ['a document over the token limit', { query: MANY_TOKENS }, 'GRAPHQL_PARSE_FAILED', /more than 3000 tokens/],
  ])('answers %s with 400, a code and the reason, and audits it', async (_label, payload, code, message) => {
    const { status, body, requestId } = await post(payload);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors[0].extensions.code).toBe(code);
    expect(body.errors[0].message).toMatch(message);
    const record = await auditRecordOf(federation, requestId);
    expect(record).toMatchObject({ department: 'grid-command', userId: 'gc-probe', httpStatus: 400, outcome: 'REJECTED' });
    expect(record.denialReasons.length).toBeGreaterThan(0);
  });

  it('says the cost limit is a cost limit, not a syntax error', async () => {
    const { status, body } = await post({ query: costlyDocument(10) });
    expect(status).toBe(400);
    expect(body.errors[0].message).toMatch(/cost/i);
    expect(body.errors[0].message).not.toMatch(/Syntax Error/i);
  });
});
