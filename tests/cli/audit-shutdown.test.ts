import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { postGraphQL } from '../helpers/federation';
import { anyPorts, runCli, startCli } from '../helpers/cli';
import { ALL_SUBGRAPHS } from '../helpers/federation';
import { writeDataDirectory } from '../helpers/test-stores';

/**
 * The operator's side of the trail: a clean stop seals every answered record with a last signed
 * checkpoint (and exits 0); while the system runs, no other command opens its embedded databases;
 * the NDJSON copy lives outside the audit database's directory, and an old layout is moved on start.
 */
// Two starts of the whole system and a dozen CLI runs: minutes on a loaded 2-core machine.
jest.setTimeout(600_000);

describe('gridshare start and the audit trail on disk', () => {
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-shutdown-'));
    env = {
      GRIDSHARE_DATA_DIR: dataDir,
      GRIDSHARE_SEED_SCALE: 'tiny',
      ...anyPorts(),
      // Only a shutdown checkpoint can seal the records of this test.
      GRIDSHARE_AUDIT_CHECKPOINT_SECONDS: '3600',
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      // As in production: Apollo Server installs its own signal handlers unless told not to (tests set NODE_ENV=test).
      NODE_ENV: 'production',
    };
    // The seeded city is there already: the stop is the subject here, not the first start (cli.test).
    await writeDataDirectory(dataDir, ALL_SUBGRAPHS);
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const trailFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.ndjson')) : []);

  it("refuses to open the running system's stores, stops in order on SIGTERM with a last checkpoint, exits 0", async () => {
    const running = startCli(env);
    await running.ready;
    const url = running.output().stdout.match(/GraphQL:\s+(\S+)/)![1];
    const token = runCli(['token', '--department', 'health'], env).stdout.trim();
    for (let i = 0; i < 12; i++) {
      const { status } = await postGraphQL(url, '{ grid(code: "449900") { name } }', undefined, { authorization: `Bearer ${token}` });
      expect(status).toBe(200);
    }

    // Each of these opened the embedded databases beside the running system (migrate --status corrupted them).
    for (const args of [
      ['migrate', '--status'],
      ['migrate'],
      ['audit', 'verify'],
      ['audit', 'export', '--from', '2020-01-01', '--to', '2020-01-02'],
      ['seed'],
    ]) {
      const refused = runCli(args, env);
      expect({ args, status: refused.status }).toEqual({ args, status: 1 });
      expect(refused.stderr).toMatch(new RegExp(`in use by process ${running.child.pid} \\(a running gridshare\\); stop it first`));
    }
    // Should the system be gone, the failure says what it printed.
    const still = await postGraphQL(url, '{ grid(code: "449900") { name } }', undefined, { authorization: `Bearer ${token}` }).catch((error: Error) => {
      throw new Error(`${error.message}; the running gridshare said: ${JSON.stringify(running.output())}`);
    });
    expect(still.status).toBe(200);

    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    expect(trailFiles(path.join(dataDir, 'audit'))).toEqual([]);
    expect(trailFiles(path.join(dataDir, 'audit-trail')).length).toBeGreaterThan(0);
    const verified = runCli(['audit', 'verify'], env);
    expect(verified.stderr).toBe('');
    expect(verified.status).toBe(0);
    expect(verified.stdout).toMatch(/witness .*audit-witness.*: vouches for every record/);
    expect(runCli(['migrate', '--status'], env).stdout).toMatch(/audit: up to date/);
  });

  it('moves trail files of the old layout (inside the audit database directory) out on start', async () => {
    const trail = path.join(dataDir, 'audit-trail');
    const legacy = path.join(dataDir, 'audit');
    const names = trailFiles(trail);
    for (const name of names) fs.renameSync(path.join(trail, name), path.join(legacy, name));
    expect(runCli(['audit', 'verify'], env).status).toBe(0); // verify looks in both places too

    for (const name of trailFiles(trail)) fs.renameSync(path.join(trail, name), path.join(legacy, name));
    const again = startCli(env);
    await again.ready;
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    expect(trailFiles(legacy)).toEqual([]);
    expect(trailFiles(trail)).toEqual(expect.arrayContaining(names));
    expect(runCli(['audit', 'verify'], env).status).toBe(0);
  });
});
