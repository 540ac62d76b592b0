import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { loadConfig } from '../../platform/config';
import { openDatabase } from '../../platform/database/open-database';
import { SUBGRAPHS, SubgraphName } from '../../platform/services';
import { defaultStore } from '../../runner/system/system';
import { subgraphModule } from '../../runner/system/subgraph-registry';
import { anyPorts, runCli, startCli } from '../helpers/cli';

// A seed, two refused or served starts and a reseed per backend on a loaded 2-core machine.
jest.setTimeout(600_000);

const serverUrl = process.env.GRIDSHARE_TEST_POSTGRES_URL;
const backends: ['pglite' | 'postgres'][] = serverUrl ? [['pglite'], ['postgres']] : [['pglite']];

/**
 * An earlier release seeded without one transaction: killed during the seed, it left part of the city
 * (88 508 of 200 000 persons) and served it at the next start. This release refuses such a database
 * at start, in one line naming the subgraph, what is missing and the command that fixes it.
 */
describe.each(backends)('a partial city an earlier release left (%s)', (backend) => {
  const prefix = `gs_partial_${randomBytes(3).toString('hex')}`;
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-partial-'));
    const url = new URL(serverUrl ?? 'postgres://unused');
    url.pathname = `/${prefix}`;
    env = {
      GRIDSHARE_DATA_DIR: dataDir,
      DATABASE_URL: backend === 'postgres' ? url.toString() : '',
      GRIDSHARE_SEED_SCALE: 'tiny',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      ...anyPorts(),
    };
  });
  afterAll(async () => {
    if (backend === 'postgres') {
      const pool = new Pool({ connectionString: serverUrl, max: 1 });
      for (const s of SUBGRAPHS) await pool.query(`DROP DATABASE IF EXISTS "${prefix}_${s.name.replace(/-/g, '_')}" WITH (FORCE)`);
      await pool.end();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const onDatabase = async <T>(name: SubgraphName, statement: string): Promise<T[]> => {
    const db = await openDatabase({ subgraph: name, location: defaultStore(loadConfig(env), name), createPrisma: subgraphModule(name).createPrisma });
    try {
      return (await db.sql.query<T>(statement)).rows;
    } finally {
      await db.close();
    }
  };
  const persons = async () => Number((await onDatabase<{ n: string }>('population', 'SELECT count(*)::text AS n FROM person'))[0]!.n);

  it('is refused at start with the command that fixes it, and that command makes it a city', async () => {
    expect(runCli(['seed'], env, 300_000).status).toBe(0);
    const whole = await persons();
    expect(whole).toBe(600);
    // As the earlier release left it: the seed's later rows never written, and no record of a finished seed anywhere.
    await onDatabase('population', `DELETE FROM person WHERE id IN (SELECT id FROM person ORDER BY id DESC LIMIT 253)`);
    for (const s of SUBGRAPHS) if (subgraphModule(s.name).tables.length > 0) await onDatabase(s.name, 'DELETE FROM seed_run');

    const refused = startCli(env);
    expect(await refused.exited).toBe(1);
    const { stdout, stderr } = refused.output();
    expect(stdout).not.toMatch(/gridshare is running/);
    const line = stderr.trim();
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(/^gridshare: the population database holds 347 of the 600 person rows of the tiny city \(seed 1\)/);
    const command = line.match(/`gridshare (seed --reset --only population[^`]*)`/)![1];

    const fixed = runCli(command.split(' '), env, 300_000);
    expect(fixed.stderr).toBe('');
    expect(fixed.status).toBe(0);
    expect(await persons()).toBe(whole);

    // The other subgraphs held the whole city the earlier release seeded: checked and recorded, not reseeded.
    const started = startCli(env, 'gridshare is running', 300_000);
    await started.ready;
    expect(started.output().stdout).not.toMatch(/seeding/);
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    expect(await onDatabase<{ adopted: boolean }>('housing', 'SELECT adopted FROM seed_run')).toEqual([{ adopted: true }]);
    expect(await onDatabase<{ adopted: boolean }>('population', 'SELECT adopted FROM seed_run')).toEqual([{ adopted: false }]);
  });

  it('leaves a database that holds none of the seed city as it is (imported data is not a partial city)', async () => {
    await onDatabase('population', 'DELETE FROM seed_run');
    await onDatabase('population', `UPDATE person SET id = 'X' || substr(id, 2)`);
    const started = startCli(env, 'gridshare is running', 300_000);
    await started.ready;
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    expect(await persons()).toBe(600);
    expect(await onDatabase('population', 'SELECT * FROM seed_run')).toEqual([]);
  });
});
