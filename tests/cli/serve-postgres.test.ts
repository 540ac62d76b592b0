import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { loadOrCreateKeyPair } from '../../platform/keys';
import { SUBGRAPHS, envStem } from '../../platform/services';
import { postGraphQL } from '../helpers/federation';
import { anyPorts, runCli, serveCli } from '../helpers/cli';
import { ReceivedSpan, startOtlpReceiver } from '../helpers/otlp-receiver';
import { until } from '../helpers/until';

const serverUrl = process.env.GRIDSHARE_TEST_POSTGRES_URL;
const describeWithPostgres = serverUrl ? describe : describe.skip;

/** The production shape: one process per service, each subgraph on its own PostgreSQL database. */
describeWithPostgres('one process per service on PostgreSQL', () => {
  const prefix = `gs_serve_${randomBytes(3).toString('hex')}`;
  let dataDir: string;
  let env: Record<string, string>;
  const children: ChildProcess[] = [];
  let collector: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let gatewayUrl: string;
  let token: string;

  beforeAll(async () => {
    // Every process exports its traces here, as to an OpenTelemetry collector (a short batch delay:
    // the test reads what arrived).
    collector = await startOtlpReceiver();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-serve-'));
    const url = new URL(serverUrl!);
    url.pathname = `/${prefix}`;
    env = {
      GRIDSHARE_DATA_DIR: dataDir,
      DATABASE_URL: url.toString(),
      GRIDSHARE_SEED_SCALE: 'tiny',
      LOG_LEVEL: 'warn',
      ...anyPorts(),
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    };
    // The gateway's key pair, provisioned before any service starts, as in a deployment of one
    // process per service: a subgraph refuses to start without its public half.
    loadOrCreateKeyPair(path.join(dataDir, 'keys'), 'gateway-caller');
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    const pool = new Pool({ connectionString: serverUrl, max: 1 });
    for (const s of SUBGRAPHS) await pool.query(`DROP DATABASE IF EXISTS "${prefix}_${s.name.replace(/-/g, '_')}" WITH (FORCE)`);
    await pool.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
    await collector?.close();
  });

  /** Serves one service and resolves with the address it printed (each picks its own port). */
  const serve = (service: string, extraEnv: Record<string, string> = {}) => {
    const started = serveCli(service, { ...env, ...extraEnv });
    children.push(started.child);
    return started.url;
  };

  it('migrates, seeds and serves the joined city across processes', async () => {
    const migrate = runCli(['migrate'], env);
    expect(migrate.status).toBe(0);
    expect(runCli(['migrate', '--status'], env).stdout).toMatch(/population: up to date/);
    const seed = runCli(['seed'], env);
    expect(seed.stderr).toBe('');
    expect(seed.stdout).toMatch(/seeded \d+ rows/);
    // The subgraphs first: the gateway is told where they listen.
    const subgraphUrls = await Promise.all(SUBGRAPHS.map((s) => serve(s.name)));
    gatewayUrl = await serve('gateway', Object.fromEntries(SUBGRAPHS.map((s, i) => [`GRIDSHARE_${envStem(s.name)}_URL`, subgraphUrls[i]])));
    token = runCli(['token', '--department', 'public-security'], env).stdout.trim();
    const { body } = await postGraphQL(
      gatewayUrl,
      '{ persons(gridCode: "449900", first: 3) { totalCount edges { node { name residence { building { address { grid { parent { name } } } } } employer { name } } } } }',
      undefined,
      { authorization: `Bearer ${token}` },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.persons.totalCount).toBeGreaterThan(100);
    expect(body.data.persons.edges[0].node.residence.building.address.grid.parent.name).toEqual(expect.any(String));
    const verify = runCli(['audit', 'verify'], env);
    expect(verify.status).toBe(0);
  });

  it("traces a request across the gateway, the subgraphs and PostgreSQL, continuing the caller's W3C traceparent", async () => {
    const traceId = randomBytes(16).toString('hex');
    const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
    const idNumber = '110105194912310020';
    const { body } = await postGraphQL(
      gatewayUrl,
      `{ persons(gridCode: "449900", first: 2) { edges { node { name residence { building { address { fullText } } } } } } personByIdNumber(idNumber: "${idNumber}") { id } }`,
      undefined,
      { authorization: `Bearer ${token}`, traceparent },
    );
    expect(body.data.persons.edges).toHaveLength(2);
    const inTrace = () => collector.spans.filter((span) => span.traceId === traceId);
    const has = (service: string, test: (span: ReceivedSpan) => boolean) => inTrace().some((span) => span.service === service && test(span));
    const SERVER = 2;
    const CLIENT = 3;
    await until(
      () =>
        has('gridshare-gateway', (s) => s.kind === SERVER) &&
        has('gridshare-gateway', (s) => s.kind === CLIENT) &&
        ['gridshare-population', 'gridshare-housing', 'gridshare-address'].every((service) => has(service, (s) => s.kind === SERVER)) &&
        has('gridshare-population', (s) => s.attributes['db.system'] === 'postgresql' || s.attributes['db.system.name'] === 'postgresql'),
      'the gateway, three subgraphs and their SQL in the caller’s trace',
      30_000,
      100,
    );
    // Each subgraph's server span is a child of a span the gateway sent: the traceparent crossed the hop.
    const gatewaySpans = new Set(
      inTrace()
        .filter((s) => s.service === 'gridshare-gateway')
        .map((s) => s.spanId),
    );
    const population = inTrace().filter((s) => s.service === 'gridshare-population' && s.kind === SERVER);
    expect(population.every((s) => s.parentSpanId && gatewaySpans.has(s.parentSpanId))).toBe(true);
    // Spans carry no values: not the ID number asked for, not a name answered.
    const exported = JSON.stringify(inTrace());
    expect(exported).not.toContain(idNumber);
    expect(exported).not.toContain(body.data.persons.edges[0].node.name);
    // Traces only: metrics are Prometheus' (the metrics listener), logs pino's.
    expect(collector.otherPaths).toEqual([]);
  });
});
