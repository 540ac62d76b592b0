import { postGraphQL, startTestFederation, testBackends, testKeys, TestFederation } from '../helpers/federation';
import { signDepartmentToken } from '../../gateway/src/dev-tokens';
import { loadConfig } from '../../platform/config';

/** One sample's value from a Prometheus exposition, by metric name and the labels it must carry. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^(\w+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const has = Object.entries(labels).every(([key, value]) => match[2].includes(`${key}="${value}"`));
    if (has) total += Number(match[3]);
  }
  return total;
}

describe('operators read metrics on a listener of their own', () => {
  it('binds the metrics listener to loopback unless told otherwise, and names the setting when its port is taken', () => {
    const config = loadConfig({});
    expect(config.metricsHost).toBe('127.0.0.1');
    expect(config.metricsPort).toBe(9464);
    expect(() => loadConfig({ GRIDSHARE_METRICS_PORT: 'ninety' })).toThrow(/GRIDSHARE_METRICS_PORT/);
  });

  describe.each(testBackends())('on %s', (backend) => {
    let federation: TestFederation;
    beforeAll(async () => {
      federation = await startTestFederation({ backend });
    });
    afterAll(() => federation?.stop());

    const scrape = async () => {
      const response = await fetch(federation.system.metricsUrl);
      expect(response.status).toBe(200);
      return response.text();
    };

    it('serves no metrics on any public port: a caller cannot read every department’s traffic', async () => {
      for (const url of [federation.gatewayUrl, federation.subgraphUrl('population'), federation.subgraphUrl('audit')]) {
        expect((await fetch(url.replace(/\/graphql$/, '/metrics'))).status).toBe(404);
      }
      expect(new URL(federation.system.metricsUrl).hostname).toBe('127.0.0.1');
    });

    it('counts operations by root field and outcome, never by the name a caller chose, and times their subgraph fetches', async () => {
      const before = await scrape();
      const chosenName = `Probe${Date.now()}`;
      const answer = await federation.query(`query ${chosenName} { person(id: "P000000001") { id } }`);
      expect(answer.body.errors).toBeUndefined();
      const after = await scrape();
      const labels = { type: 'query', root_field: 'Query.person', outcome: 'ok' };
      expect(sample(after, 'gridshare_graphql_operations_total', labels) - sample(before, 'gridshare_graphql_operations_total', labels)).toBe(1);
      expect(after).not.toContain(chosenName);
      expect(sample(after, 'gridshare_graphql_operation_duration_seconds_count', { type: 'query', outcome: 'ok' })).toBeGreaterThan(0);
      // The fetch the gateway sent to population for it, counted and timed.
      const fetched = { subgraph: 'population', outcome: 'ok' };
      const timed = (text: string) => sample(text, 'gridshare_subgraph_fetch_duration_seconds_count', fetched);
      expect(timed(after) - timed(before)).toBe(1);
      expect(sample(after, 'gridshare_subgraph_fetches_total', { subgraph: 'population', outcome: 'sent' })).toBeGreaterThan(0);
    });

    it('counts errors by code, and codes outside the declared set as OTHER', async () => {
      const before = await scrape();
      const refused = await federation.query('{ personByIdNumber(idNumber: "44190019900101123") { id } }');
      expect(refused.body.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      const after = await scrape();
      const delta = (code: string) => sample(after, 'gridshare_graphql_errors_total', { code }) - sample(before, 'gridshare_graphql_errors_total', { code });
      expect(delta('BAD_USER_INPUT')).toBeGreaterThanOrEqual(1);
      expect(after).toMatch(/gridshare_graphql_operations_total\{[^}]*root_field="Query.personByIdNumber"[^}]*outcome="error"/);
    });

    it('counts refused tokens by kind: none, forged, expired', async () => {
      const before = await scrape();
      const forger = testKeys();
      const forged = await signDepartmentToken(forger.privateKey, { department: 'public-security' });
      const expired = await federation.token({ department: 'public-security' }, { ttlSeconds: 60, now: Date.now() - 3_600_000 });
      const query = '{ person(id: "P000000001") { id } }';
      expect((await postGraphQL(federation.gatewayUrl, query)).status).toBe(401);
      expect((await postGraphQL(federation.gatewayUrl, query, undefined, { authorization: `Bearer ${forged}` })).status).toBe(401);
      expect((await postGraphQL(federation.gatewayUrl, query, undefined, { authorization: `Bearer ${expired}` })).status).toBe(401);
      const after = await scrape();
      const delta = (kind: string) =>
        sample(after, 'gridshare_auth_failures_total', { code: 'UNAUTHENTICATED', kind }) -
        sample(before, 'gridshare_auth_failures_total', { code: 'UNAUTHENTICATED', kind });
      expect([delta('NO_TOKEN'), delta('BAD_SIGNATURE'), delta('EXPIRED')]).toEqual([1, 1, 1]);
    });

    it('counts the audit trail’s group commits and the records they made durable', async () => {
      const before = await scrape();
      await Promise.all([1, 2, 3].map(() => federation.query('{ person(id: "P000000001") { id } }')));
      const after = await scrape();
      const records = (text: string) => sample(text, 'gridshare_audit_records_total', { outcome: 'committed' });
      expect(records(after) - records(before)).toBeGreaterThanOrEqual(3);
      expect(sample(after, 'gridshare_audit_commit_duration_seconds_count', { outcome: 'committed' })).toBeGreaterThan(0);
    });

    it('serves every service of the process in one exposition, told apart by the service label', async () => {
      await federation.query('{ person(id: "P000000001") { id residence { building { address { fullText } } } } }');
      const text = await scrape();
      for (const service of ['gateway', 'population', 'housing', 'address']) {
        expect(text).toMatch(new RegExp(`gridshare_http_request_duration_seconds_count\\{[^}]*service="${service}"`));
      }
      // One family per name: a second HELP line for the same metric would make the exposition invalid.
      expect(text.match(/^# HELP gridshare_http_request_duration_seconds /gm)).toHaveLength(1);
    });
  });
});
