import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, DEVELOPMENT_ISSUER } from '../../platform/config';
import { SUBGRAPHS } from '../../platform/services';
import { RunningSystem, startSystem } from '../../runner/system/system';
import { createJwtAuthenticator } from '../../gateway/src/auth';
import { repositoryPolicies } from '../../access-policies/runtime/load';
import { TrailFiles } from '../../audit-trail/trail-files';
import { verifyTrail } from '../../audit-trail/verify';
import { FileWitness } from '../../audit-trail/witness';
import { postGraphQL, startTestFederation, TestFederation } from '../helpers/federation';
import { RoundRobinProxy, startRoundRobinProxy } from '../helpers/round-robin-proxy';

const serverUrl = process.env.GRIDSHARE_TEST_POSTGRES_URL;
const describeWithPostgres = serverUrl ? describe : describe.skip;

/** The audit clock: one quota day, whatever today is. */
const NOW = new Date('2026-03-02T10:00:00+08:00');

/**
 * Two gateways and two population subgraphs on one PostgreSQL, behind a round-robin balancer with no
 * sticky sessions (issue #14 item 1). The second gateway used to refuse to start (one writer per
 * trail); before that guard it answered 503 to everything (its commits collided with the first's).
 */
describeWithPostgres('two gateway replicas and two population replicas on one PostgreSQL', () => {
  let first: TestFederation;
  let second: RunningSystem;
  let balancer: RoundRobinProxy;
  let secondDirectory: string;
  let requests = 0;

  beforeAll(async () => {
    first = await startTestFederation({ backend: 'postgres', auditNow: () => new Date(NOW) });
    secondDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-second-gateway-'));
    // The second replica runs its own gateway and population subgraph on the same databases, and
    // reaches the other subgraphs where the first runs them, as a second host would.
    const urls = Object.fromEntries(
      SUBGRAPHS.filter((s) => s.name !== 'population').map((s) => [`GRIDSHARE_${s.name.toUpperCase().replace('-', '_')}_URL`, first.subgraphUrl(s.name)]),
    );
    second = await startSystem({
      config: loadConfig({ LOG_LEVEL: 'silent', ...urls }, { dataDir: secondDirectory }),
      subgraphs: ['population'],
      storeFor: first.storeFor,
      ephemeralPorts: true,
      keys: first.keys,
      subjectDigestKey: first.subjectDigestKey,
      auditDirectory: path.join(secondDirectory, 'trail'),
      auditWitness: first.witnessPath,
      auditNow: () => new Date(NOW),
      authenticate: createJwtAuthenticator({
        key: first.issuer.publicKey,
        issuer: DEVELOPMENT_ISSUER,
        audience: 'gridshare',
        departments: repositoryPolicies().departments,
      }),
    });
    balancer = await startRoundRobinProxy([new URL(first.gatewayUrl).origin, new URL(second.gatewayUrl!).origin]);
  });
  afterAll(async () => {
    await balancer?.close();
    await second?.stop();
    await first?.stop();
    fs.rmSync(secondDirectory, { recursive: true, force: true });
  });

  const through = async (claims: { department: string; purpose?: string }, query: string, variables?: Record<string, unknown>) => {
    const headers: Record<string, string> = { authorization: `Bearer ${await first.token({ ...claims, user: 'replica-test' })}` };
    if (claims.purpose) headers['x-purpose'] = claims.purpose;
    requests++;
    return postGraphQL(`${balancer.url}/graphql`, query, variables, headers);
  };

  it('answer every request through either gateway, each on the trail once', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        through({ department: 'public-security' }, 'query ($g: ID!, $n: Int) { persons(gridCode: $g, first: $n) { edges { node { id name } } } }', {
          g: '449900',
          n: 1 + (i % 5),
        }),
      ),
    );
    for (const [i, { status, body }] of answers.entries()) {
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(body.data.persons.edges).toHaveLength(1 + (i % 5));
    }
    expect(balancer.sent).toEqual([20, 20]);
  });

  it('count the daily quota in the database: concurrent reads through both gateways never exceed it', async () => {
    const quota = repositoryPolicies().departments.get('fire-rescue')!.quotas.sensitive!;
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        through({ department: 'fire-rescue', purpose: 'emergency-rescue' }, '{ persons(gridCode: "449900", first: 500) { edges { node { id tags } } } }'),
      ),
    );
    const served = answers.reduce((sum, { body }) => sum + (body.data?.persons?.edges ?? []).filter((e: any) => e.node.tags !== null).length, 0);
    expect(served).toBe(quota);
    expect(answers.filter(({ body }) => body.errors?.[0]?.extensions?.reason === 'QUOTA_EXCEEDED')).toHaveLength(5);
    expect(await first.system.audit!.quotas.usage('fire-rescue', 'sensitive', NOW)).toEqual({ used: quota, reserved: 0 });
  });

  it('find a persisted query registered on one gateway from the other, unless its text holds a value', async () => {
    const persisted = async (query: string | undefined, hash: string, variables?: Record<string, unknown>) => {
      requests++;
      const response = await fetch(`${balancer.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await first.token({ department: 'public-security', user: 'replica-test' })}` },
        body: JSON.stringify({ query, variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
      });
      return (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
    };
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    const stored = async (hash: string) => (await first.system.audit!.sql.query('SELECT 1 FROM persisted_query WHERE hash = $1', [hash])).rows.length === 1;
    const waitStored = async (hash: string) => {
      // Apollo stores a registration after answering it: polled, not slept.
      for (let i = 0; i < 200 && !(await stored(hash)); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    };

    const byVariables = 'query Grid($code: ID!) { grid(code: $code) { code name } }';
    expect(balancer.sent[0]).toBe(balancer.sent[1]); // the next request goes to the first gateway
    expect((await persisted(byVariables, sha(byVariables), { code: '449900' })).errors).toBeUndefined();
    await waitStored(sha(byVariables));
    const found = await persisted(undefined, sha(byVariables), { code: '449900' }); // the second gateway
    expect(found.errors).toBeUndefined();
    expect(found.data.grid.code).toBe('449900');

    // An ID number written into the text is never kept in the shared store (nor anywhere but one replica's memory).
    const withValue = 'query One { personByIdNumber(idNumber: "110101199003070011") { id } }';
    await persisted(withValue, sha(withValue));
    expect(await stored(sha(withValue))).toBe(false);
    const missed = await persisted(undefined, sha(withValue));
    expect(missed.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('leave one trail that verifies from either gateway’s files, with every request on it', async () => {
    await second.stop();
    await first.system.audit!.writer.checkpoint();
    const { rows } = await first.system.audit!.sql.query<{ n: number; ids: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT request_id)::int AS ids FROM audit_record',
    );
    expect(rows[0]).toEqual({ n: requests, ids: requests });
    for (const directory of [first.auditDirectory, path.join(secondDirectory, 'trail')]) {
      const witness = new FileWitness(first.witnessPath);
      try {
        const result = await verifyTrail({ sql: first.system.audit!.sql, files: new TrailFiles(directory), witness, publicKey: first.keys.publicKey });
        expect(result).toEqual(expect.objectContaining({ ok: true, records: requests, unprotectedRecords: 0 }));
      } finally {
        await witness.close();
      }
    }
    // The trail holds the records of both: each gateway's files hold lines the other committed.
    const lines = (directory: string) =>
      new TrailFiles(directory)
        .files()
        .flatMap((f) => fs.readFileSync(f, 'utf8').split('\n'))
        .filter((l) => l.includes('"kind":"record"')).length;
    expect(lines(path.join(secondDirectory, 'trail'))).toBe(requests);
  });
});
