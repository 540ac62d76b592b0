import { startTestFederation, TestFederation } from '../helpers/federation';

describe('the gateway under faults and bad requests', () => {
  let federation: TestFederation;
  beforeAll(async () => {
    federation = await startTestFederation();
  });
  afterAll(() => federation?.stop());

  it('serves /health and /ready, and no /metrics on its public port', async () => {
    const base = federation.gatewayUrl.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', service: 'gateway', requestsInFlight: 0 });
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
  });

  it("assigns its own request id, passes it to the subgraphs and back to the client, and logs the client's beside it", async () => {
    const clientRequestId = 'test-request-0001';
    const { headers, body } = await federation.query('{ person(id: "P000000001") { id } }', undefined, { 'x-request-id': clientRequestId });
    expect(body.errors).toBeUndefined();
    const requestId = headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const lines = federation.logs.lines.filter((l) => l.requestId === requestId);
    expect(lines.find((l) => l.event === 'graphql.operation')).toMatchObject({ clientRequestId });
  });

  it('rejects malformed queries and bodies with clear errors', async () => {
    const parse = await federation.query('{ person(id: "x") { id ');
    expect(parse.status).toBe(400);
    expect(parse.body.errors![0].extensions!.code).toBe('GRAPHQL_PARSE_FAILED');
    const unknownField = await federation.query('{ person(id: "x") { shoeSize } }');
    expect(unknownField.body.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const response = await fetch(federation.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(response.status).toBe(400);
  });

  it('refuses an oversized request with 413 before reading it all', async () => {
    const huge = `{ ${'person(id: "P000000001") { id } '.repeat(20_000)} }`;
    const response = await fetch(federation.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: huge }),
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('masks unexpected errors as INTERNAL_SERVER_ERROR and logs them in full', async () => {
    // Break the housing database underneath a running subgraph: a genuine unexpected failure.
    await federation.system.subgraphs.housing!.db.sql.exec('ALTER TABLE house RENAME TO house_gone');
    try {
      const { body } = await federation.query('{ house(code: "4499001010010010001010101") { code floor } }');
      expect(body.errors![0].extensions!.code).toBe('INTERNAL_SERVER_ERROR');
      expect(body.errors![0].message).toBe('Internal server error');
      expect(JSON.stringify(body)).not.toMatch(/house_gone|relation|SELECT|stack/i);
      expect(federation.logs.events('error.unexpected').length).toBeGreaterThan(0);
    } finally {
      await federation.system.subgraphs.housing!.db.sql.exec('ALTER TABLE house_gone RENAME TO house');
    }
  });

  it('returns partial data and an error naming a subgraph that is down, and stays up', async () => {
    const person = (await federation.system.subgraphs.population!.db.sql.query<{ id: string }>('SELECT id FROM person WHERE employer_uscc IS NOT NULL LIMIT 1'))
      .rows[0];
    await federation.system.subgraphs['legal-entities']!.http.close();
    const { status, body } = await federation.query(`{ person(id: "${person.id}") { id name employer { name } } }`);
    expect(status).toBe(200);
    expect(body.data.person.id).toBe(person.id);
    expect(body.data.person.name).toEqual(expect.any(String));
    // The reference comes from population; only what legal-entities would add is missing.
    expect(body.data.person.employer).toEqual({ name: null });
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0].message).toMatch(/legal-entities subgraph is unavailable/);
    expect(body.errors![0].extensions!.code).toBe('SUBGRAPH_UNAVAILABLE');
    const again = await federation.query(`{ person(id: "${person.id}") { id } }`);
    expect(again.body.data.person.id).toBe(person.id);
    // The gateway itself can serve (its audit store answers): a subgraph down must not take every
    // gateway replica out of the load balancer, which would turn this partial answer into none.
    const ready = await fetch(federation.gatewayUrl.replace(/\/graphql$/, '/ready'));
    expect(ready.status).toBe(200);
  });
});
