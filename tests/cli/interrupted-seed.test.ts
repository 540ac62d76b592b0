import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { SUBGRAPHS } from '../../platform/services';
import { generateCity } from '../../synthetic-city';
import { anyPorts, startCli } from '../helpers/cli';
import { until } from '../helpers/until';

const serverUrl = process.env.GRIDSHARE_TEST_POSTGRES_URL;
const describeWithPostgres = serverUrl ? describe : describe.skip;

// Two first starts seeding the small city on a loaded 2-core machine.
jest.setTimeout(900_000);

/**
 * kill -9 while the first start seeds: the next start must not serve what was written so far as the
 * city (it used to: 88 508 of 200 000 persons, without a word). It finds the databases empty and
 * seeds the whole city.
 */
describeWithPostgres('a first start killed while seeding', () => {
  const prefix = `gs_seedkill_${randomBytes(3).toString('hex')}`;
  let dataDir: string;
  let admin: Pool;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-seedkill-'));
    admin = new Pool({ connectionString: serverUrl, max: 1 });
  });
  afterAll(async () => {
    for (const s of SUBGRAPHS) await admin.query(`DROP DATABASE IF EXISTS "${prefix}_${s.name.replace(/-/g, '_')}" WITH (FORCE)`);
    await admin.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('is seeded whole on the next start', async () => {
    const url = new URL(serverUrl!);
    url.pathname = `/${prefix}`;
    const env = { GRIDSHARE_DATA_DIR: dataDir, DATABASE_URL: url.toString(), GRIDSHARE_SEED_SCALE: 'small', LOG_LEVEL: 'warn', ...anyPorts() };
    const population = new URL(serverUrl!);
    population.pathname = `/${prefix}_population`;
    const pool = new Pool({ connectionString: population.toString(), max: 1 });
    try {
      const first = startCli(env);
      // Persons are being written (the table's heap grows, committed or not): kill the process mid-seed.
      await until(
        async () => Number((await pool.query(`SELECT pg_relation_size('person') AS size`)).rows[0].size) > 1_000_000,
        'persons being seeded',
        300_000,
        20,
      );
      first.child.kill('SIGKILL');
      await first.exited;
      expect(first.output().stdout).not.toMatch(/seeded \d+ rows/);

      const second = startCli(env, 'gridshare is running', 600_000);
      await second.ready;
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
      expect(second.output().stdout).toMatch(/first start: seeding the synthetic city/);
      let persons = 0;
      for (const batch of generateCity({ scale: 'small', seed: 1 })) persons += batch.persons.length;
      expect(Number((await pool.query('SELECT count(*) AS n FROM person')).rows[0].n)).toBe(persons);
    } finally {
      await pool.end();
    }
  });
});
