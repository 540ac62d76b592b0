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

const serverUrl = process.env.GRIDSHARE_TEST_POSTGRES_URL;
const describeWithPostgres = serverUrl ? describe : describe.skip;

/** The production shape: one process per service, each subgraph on its own PostgreSQL database. */
describeWithPostgres('one process per service on PostgreSQL', () => {
  const prefix = `gs_serve_${randomBytes(3).toString('hex')}`;
  let dataDir: string;
  let env: Record<string, string>;
  const children: ChildProcess[] = [];

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-serve-'));
    const url = new URL(serverUrl!);
    url.pathname = `/${prefix}`;
    env = { GRIDSHARE_DATA_DIR: dataDir, DATABASE_URL: url.toString(), GRIDSHARE_SEED_SCALE: 'tiny', LOG_LEVEL: 'warn', ...anyPorts() };
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
    const gatewayUrl = await serve('gateway', Object.fromEntries(SUBGRAPHS.map((s, i) => [`GRIDSHARE_${envStem(s.name)}_URL`, subgraphUrls[i]])));
    const token = runCli(['token', '--department', 'public-security'], env).stdout.trim();
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
});
