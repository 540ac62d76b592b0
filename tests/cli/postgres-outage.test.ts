import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { CallerTokenSigner } from '../../platform/caller-token';
import { loadOrCreateKeyPair } from '../../platform/keys';
import { envStem, SUBGRAPHS } from '../../platform/services';
import { postGraphQL } from '../helpers/federation';
import { anyPorts, runCli, serveCli } from '../helpers/cli';
import { faultCluster } from '../helpers/fault-postgres';
import { until } from '../helpers/until';

const cluster = faultCluster();
const describeWithFaultCluster = cluster ? describe : describe.skip;

// Seeding, three service processes and a database outage on a loaded 2-core machine.
jest.setTimeout(600_000);

const GATEWAY_QUERY = '{ grid(code: "449900") { name } persons(gridCode: "449900101001", first: 1) { totalCount } }';
const POPULATION_QUERY = '{ persons(gridCode: "449900101001", first: 1) { totalCount } }';

/**
 * PostgreSQL stops under load and comes back, with one process per service as in production. No
 * process may crash; each answers fast errors (the gateway 503 AUDIT_UNAVAILABLE, a subgraph an error
 * and no data) and says it is not ready while its database is gone, and each serves again by itself
 * once the database is back.
 */
describeWithFaultCluster('PostgreSQL stopped and restarted under load, one process per service', () => {
  const prefix = `gs_outage_${randomBytes(3).toString('hex')}`;
  let dataDir: string;
  const services: Record<string, ReturnType<typeof serveCli>> = {};

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-outage-'));
  });

  afterAll(async () => {
    for (const service of Object.values(services)) service.child.kill('SIGKILL');
    try {
      cluster!.start();
    } catch {
      // already running
    }
    const pool = new Pool({ connectionString: cluster!.url, max: 1 });
    for (const s of SUBGRAPHS) await pool.query(`DROP DATABASE IF EXISTS "${prefix}_${s.name.replace(/-/g, '_')}" WITH (FORCE)`);
    await pool.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers fast errors during the outage, crashes nothing, and recovers by itself', async () => {
    const databaseUrl = new URL(cluster!.url);
    databaseUrl.pathname = `/${prefix}`;
    const env = {
      GRIDSHARE_DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl.toString(),
      GRIDSHARE_SEED_SCALE: 'tiny',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      ...anyPorts(),
    };
    const keys = loadOrCreateKeyPair(path.join(dataDir, 'keys'), 'gateway-caller');
    expect(runCli(['migrate'], env).status).toBe(0);
    expect(runCli(['seed'], env, 300_000).status).toBe(0);
    services.address = serveCli('address', env);
    services.population = serveCli('population', env);
    const subgraphUrls = {
      [`GRIDSHARE_${envStem('address')}_URL`]: await services.address.url,
      [`GRIDSHARE_${envStem('population')}_URL`]: await services.population.url,
    };
    services.gateway = serveCli('gateway', { ...env, ...subgraphUrls });
    const urls = { address: await services.address.url, population: await services.population.url, gateway: await services.gateway.url };
    const token = runCli(['token', '--department', 'public-security'], env).stdout.trim();
    const signer = new CallerTokenSigner(keys.privateKey!);

    type Answer = { target: string; status: number; ok: boolean; code?: string; ms: number; phase: string };
    const answers: Answer[] = [];
    let phase = 'before';
    let running = true;
    const ask = async (target: 'gateway' | 'population') => {
      const started = Date.now();
      const authorization =
        target === 'gateway'
          ? `Bearer ${token}`
          : `Bearer ${signer.sign({ department: 'public-security', user: 'probe', level: 'city', jurisdiction: [] }, 'population', { query: POPULATION_QUERY })}`;
      const { status, body } = await postGraphQL(urls[target], target === 'gateway' ? GATEWAY_QUERY : POPULATION_QUERY, undefined, { authorization });
      const ok = status === 200 && !body.errors && body.data?.persons?.totalCount !== undefined;
      answers.push({ target, status, ok, code: body.errors?.[0]?.extensions?.code as string | undefined, ms: Date.now() - started, phase });
    };
    const worker = (target: 'gateway' | 'population') => async () => {
      while (running) await ask(target);
    };
    const workers = [worker('gateway'), worker('gateway'), worker('population'), worker('population')].map((w) => w());
    const count = (target: string, where: (a: Answer) => boolean) => answers.filter((a) => a.target === target && where(a)).length;
    const ready = async (service: string) => (await fetch(urls[service as keyof typeof urls].replace(/\/graphql$/, '/ready'))).status;
    try {
      await until(() => count('gateway', (a) => a.ok) >= 10 && count('population', (a) => a.ok) >= 10, 'answers before the outage', 60_000);
      phase = 'down';
      cluster!.stop();
      await until(
        () => count('gateway', (a) => a.phase === 'down') >= 20 && count('population', (a) => a.phase === 'down') >= 20,
        'answers during the outage',
        120_000,
      );
      for (const service of ['gateway', 'address', 'population']) {
        expect({ service, ready: await ready(service) }).toEqual({ service, ready: 503 });
        expect({ service, health: (await fetch(urls[service as keyof typeof urls].replace(/\/graphql$/, '/health'))).status }).toEqual({
          service,
          health: 200,
        });
      }
      phase = 'up';
      cluster!.start();
      const upAt = Date.now();
      await until(
        () => count('gateway', (a) => a.phase === 'up' && a.ok) > 0 && count('population', (a) => a.phase === 'up' && a.ok) > 0,
        'answers after the database returned',
        30_000,
      );
      expect(Date.now() - upAt).toBeLessThan(20_000);
      phase = 'recovered';
      await until(
        () => count('gateway', (a) => a.phase === 'recovered') >= 10 && count('population', (a) => a.phase === 'recovered') >= 10,
        'answers after recovery',
        60_000,
      );
    } finally {
      running = false;
      await Promise.allSettled(workers);
      try {
        cluster!.start();
      } catch {
        // already running
      }
    }
    for (const [name, service] of Object.entries(services)) expect({ name, exitCode: service.child.exitCode }).toEqual({ name, exitCode: null });

    // The first answers of the outage may have been in flight when it began.
    const down = (target: string) => answers.filter((a) => a.target === target && a.phase === 'down').slice(4);
    expect(down('gateway').filter((a) => a.status !== 503 || a.code !== 'AUDIT_UNAVAILABLE')).toEqual([]);
    expect(down('population').filter((a) => a.ok || a.code !== 'SERVICE_UNAVAILABLE')).toEqual([]);
    for (const target of ['gateway', 'population'])
      expect({ target, slowest: Math.max(...down(target).map((a) => a.ms)) < 6000 }).toEqual({ target, slowest: true });
    expect(answers.filter((a) => a.phase === 'recovered' && !a.ok)).toEqual([]);
    for (const service of ['gateway', 'address', 'population']) expect({ service, ready: await ready(service) }).toEqual({ service, ready: 200 });
    for (const service of Object.values(services)) service.child.kill('SIGTERM');
    for (const [name, service] of Object.entries(services)) expect({ name, code: await service.exited }).toEqual({ name, code: 0 });
  });
});
