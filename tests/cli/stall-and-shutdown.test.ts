import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadOrCreateKeyPair } from '../../platform/keys';
import { envStem } from '../../platform/services';
import { postGraphQL } from '../helpers/federation';
import { anyPorts, runCli, serveCli } from '../helpers/cli';
import { writeDataDirectory } from '../helpers/test-stores';
import { until } from '../helpers/until';

/**
 * One process per service on embedded stores, as faults reach them in production: a subgraph that
 * stops answering (SIGSTOP: its socket still accepts, nothing answers) and a gateway told to stop
 * (SIGTERM) while a request is in flight.
 */
// Four service processes started on a loaded 2-core machine.
jest.setTimeout(300_000);

const QUERY = (name: string) => `query ${name} { grid(code: "449900") { name } persons(gridCode: "449900101001", first: 1) { totalCount } }`;

describe('a stalled subgraph and a gateway stopped with a request in flight', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let address: ReturnType<typeof serveCli>;
  let population: ReturnType<typeof serveCli>;
  let subgraphUrls: Record<string, string>;
  let token: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-stall-'));
    env = {
      GRIDSHARE_DATA_DIR: dataDir,
      ...anyPorts(),
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      // As in production: Apollo Server installs its own signal handlers unless told not to (tests set NODE_ENV=test).
      NODE_ENV: 'production',
      GRIDSHARE_AUDIT_CHECKPOINT_SECONDS: '3600',
    };
    await writeDataDirectory(dataDir, ['address', 'population', 'audit']);
    loadOrCreateKeyPair(path.join(dataDir, 'keys'), 'gateway-caller');
    address = serveCli('address', env);
    population = serveCli('population', env);
    subgraphUrls = {
      [`GRIDSHARE_${envStem('address')}_URL`]: await address.url,
      [`GRIDSHARE_${envStem('population')}_URL`]: await population.url,
    };
    token = runCli(['token', '--department', 'public-security'], env).stdout.trim();
  });

  const gateways: ReturnType<typeof serveCli>[] = [];
  const serveGateway = (extra: Record<string, string>) => {
    const gateway = serveCli('gateway', { ...env, ...subgraphUrls, ...extra });
    gateways.push(gateway);
    return gateway;
  };

  afterAll(async () => {
    // Whatever a failed test left: a stopped subgraph, a gateway still holding the audit store.
    for (const service of [address, population, ...gateways]) {
      service?.child.kill('SIGCONT');
      service?.child.kill('SIGKILL');
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const ask = (url: string, name: string) => postGraphQL(url, QUERY(name), undefined, { authorization: `Bearer ${token}` });
  const ready = async (url: string) => {
    const response = await fetch(url.replace(/\/graphql$/, '/ready'));
    return { status: response.status, body: (await response.json()) as { status: string; requestsInFlight: number } };
  };

  it("answers within the fetch timeout with the other subgraphs' data and an error naming the stalled one; stays ready", async () => {
    const gateway = serveGateway({ GRIDSHARE_SUBGRAPH_TIMEOUT_SECONDS: '2' });
    const url = await gateway.url;
    // A subgraph's first answer (cold caches, JIT) can outlast the 2 s deadline on a loaded machine,
    // on the stock fetch as on ours: wait until both answer whole before stalling one.
    await until(async () => (await ask(url, 'Before')).body.errors === undefined, 'a whole answer before the stall', 60_000);
    population.child.kill('SIGSTOP');
    try {
      const started = Date.now();
      const { status, body } = await ask(url, 'Stalled');
      const ms = Date.now() - started;
      expect(status).toBe(200);
      expect(body.data.grid.name).toEqual(expect.any(String));
      expect(body.data.persons).toBeNull();
      expect(body.errors).toEqual([
        expect.objectContaining({
          message: 'The population subgraph did not answer within 2000 ms',
          extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'population', reason: 'TIMEOUT' }),
        }),
      ]);
      expect(ms).toBeLessThan(2000 + 3000);
      // What the gateway itself needs is there: a stalled subgraph must not pull it out of the balancer.
      expect((await ready(url)).status).toBe(200);
    } finally {
      population.child.kill('SIGCONT');
    }
    expect((await ask(url, 'After')).body.errors).toBeUndefined();
    gateway.child.kill('SIGTERM');
    expect(await gateway.exited).toBe(0);
  });

  it('on SIGTERM stops being ready, answers and audits the request in flight, seals the trail and exits 0', async () => {
    const gateway = serveGateway({ GRIDSHARE_SUBGRAPH_TIMEOUT_SECONDS: '120', GRIDSHARE_SHUTDOWN_GRACE_SECONDS: '120' });
    const url = await gateway.url;
    population.child.kill('SIGSTOP');
    let inFlight: ReturnType<typeof ask>;
    try {
      inFlight = ask(url, 'InFlightAtStop');
      await until(async () => (await ready(url)).body.requestsInFlight === 1, 'the request in flight at the gateway', 30_000);
      gateway.child.kill('SIGTERM');
      await until(async () => (await ready(url)).status === 503, 'the gateway not ready once stopping', 30_000);
      expect((await ready(url)).body.status).toBe('stopping');
      const late = await ask(url, 'ArrivedWhileStopping');
      expect(late.status).toBe(503);
      expect(late.body.errors![0].extensions).toEqual(expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', reason: 'STOPPING' }));
    } finally {
      population.child.kill('SIGCONT');
    }
    const answered = await inFlight!;
    expect(answered.status).toBe(200);
    expect(answered.body.errors).toBeUndefined();
    expect(answered.body.data).toEqual({ grid: { name: expect.any(String) }, persons: { totalCount: expect.any(Number) } });
    expect(await gateway.exited).toBe(0);
    expect(gateway.output().stderr).toBe('');

    // The stores are closed: no lock left on the audit database, and the trail verifies to the last record.
    expect(fs.existsSync(path.join(dataDir, 'audit', '.gridshare.lock'))).toBe(false);
    const trail = fs
      .readdirSync(path.join(dataDir, 'audit-trail'))
      .map((f) => fs.readFileSync(path.join(dataDir, 'audit-trail', f), 'utf8'))
      .join('');
    expect(trail).toMatch(/InFlightAtStop/);
    expect(trail).toMatch(/ArrivedWhileStopping|STOPPING/);
    const verified = runCli(['audit', 'verify'], env);
    expect(verified.stderr).toBe('');
    expect(verified.status).toBe(0);
    expect(verified.stdout).toMatch(/vouches for every record/);

    // A subgraph stops the same way: exit 0, its embedded database closed and unlocked.
    population.child.kill('SIGTERM');
    expect(await population.exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'population', '.gridshare.lock'))).toBe(false);
  });
});
