import { startTestFederation, testBackends, TestFederation } from '../helpers/federation';
import { auditRecordOf, auditRecordsMentioning } from '../helpers/audit-records';
import { loadPolicyFixtures, PolicyFixtures } from '../policies/fixtures';
import { subjectDigest } from '../../audit-trail/subject-digest';

const GRID = '{ grid(code: "449900") { code } }';

/**
 * Every access and every refusal leaves a record naming who (when the token was valid), what and
 * why, under a request id the gateway chose itself.
 */
describe.each(testBackends())('refusals and accesses on the audit trail, on %s', (backend) => {
  let federation: TestFederation;
  let fixtures: PolicyFixtures;
  let token: string;
  beforeAll(async () => {
    federation = await startTestFederation({ backend });
    fixtures = await loadPolicyFixtures(federation);
    token = await federation.token({ department: 'housing', user: 'hs-probe' });
  });
  afterAll(() => federation?.stop());

  const send = async (body: string, headers: Record<string, string> = {}) => {
    const response = await fetch(federation.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body,
    });
    const text = await response.text();
    return { status: response.status, text, requestId: response.headers.get('x-request-id') };
  };
  const expectRecorded = async (requestId: string | null, status: number, reason: RegExp) => {
    const record = await auditRecordOf(federation, requestId);
    expect(record).toMatchObject({ department: 'housing', userId: 'hs-probe', httpStatus: status, outcome: 'REJECTED' });
    expect(record.denialReasons.join(' ')).toMatch(reason);
    return record;
  };

  it.each<[string, () => Promise<{ status: number; requestId: string | null }>, number, RegExp]>([
    ['a batched body (a JSON array)', () => send(JSON.stringify([{ query: GRID }, { query: GRID }])), 400, /BATCH/],
    ['a body over the size limit', () => send(JSON.stringify({ query: GRID, variables: { pad: 'x'.repeat(300 * 1024) } })), 413, /PAYLOAD_TOO_LARGE/],
    ['a request blocked as cross-site request forgery', () => send(JSON.stringify({ query: GRID }), { 'content-type': 'text/plain' }), 400, /CSRF/],
    [
      'a document over the token limit',
      () => send(JSON.stringify({ query: `{ ${Array.from({ length: 800 }, () => GRID.slice(2, -2)).join(' ')} }` })),
      400,
      /TOO_MANY_TOKENS/,
    ],
    ['several operations without a name to choose', () => send(JSON.stringify({ query: `query A ${GRID} query B ${GRID}` })), 400, /OPERATION_NOT_CHOSEN/],
    ['an unknown operation name', () => send(JSON.stringify({ query: `query A ${GRID}`, operationName: 'B' })), 400, /UNKNOWN_OPERATION/],
  ])('records %s with who, what and why', async (_label, attempt, status, reason) => {
    const { status: answered, requestId } = await attempt();
    expect(answered).toBe(status);
    await expectRecorded(requestId, status, reason);
  });

  it('records a refused purpose with the department and user who stated it', async () => {
    const { status, requestId } = await send(JSON.stringify({ query: GRID }), { 'x-purpose': 'epidemic-prevention' });
    expect(status).toBe(403);
    await expectRecorded(requestId, 403, /PURPOSE_NOT_PERMITTED/);
  });

  it("assigns its own request id and keeps the client's beside it", async () => {
    const first = await send(JSON.stringify({ query: GRID }));
    const clientChosen = first.requestId!;
    const second = await send(JSON.stringify({ query: GRID }), { 'x-request-id': clientChosen });
    expect(second.requestId).not.toBe(clientChosen);
    const record = await auditRecordOf(federation, second.requestId);
    expect(record).toMatchObject({ requestId: second.requestId, clientRequestId: clientChosen, httpStatus: 200 });
    // The first request keeps the only record under its id.
    expect((await auditRecordOf(federation, clientChosen)).clientRequestId).toBeUndefined();
    expect(await auditRecordsMentioning(federation, clientChosen)).toHaveLength(2);
  });

  it("records a legal representative's name, served by legal-entities through @provides, like any Person field", async () => {
    const response = await federation.queryAs(
      { department: 'market-regulation', user: 'mr-probe', purpose: 'licensing' },
      'query ($u: String!) { legalEntity(uscc: $u) { name legalRepresentative { name } } }',
      { u: fixtures.entity.uscc },
    );
    expect(response.body.data.legalEntity.legalRepresentative.name).toBe(fixtures.entity.representativeName);
    const record = await auditRecordOf(federation, response.headers.get('x-request-id'));
    expect(record.fieldsGranted).toContain('Person.name');
    const representative = record.accesses.find((a) => a.entityType === 'Person');
    expect(representative).toMatchObject({ entityKey: fixtures.entity.representativeId, subgraph: 'legal-entities', raw: ['Person.name'] });
    const idNumber = (
      await federation.system.subgraphs.population!.db.sql.query<{ id_number: string }>('SELECT id_number FROM person WHERE id = $1', [
        fixtures.entity.representativeId,
      ])
    ).rows[0].id_number;
    expect(representative!.subjectDigest).toBe(subjectDigest(federation.subjectDigestKey, idNumber));
  });
});
