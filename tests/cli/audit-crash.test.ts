import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../subgraphs/kit/src/database/open-database';
import { createAuditPrisma } from '../../subgraphs/audit/src/prisma';
import { postGraphQL } from '../helpers/federation';
import { anyPorts, runCli, startCli } from '../helpers/cli';
import { ALL_SUBGRAPHS } from '../helpers/federation';
import { writeDataDirectory } from '../helpers/test-stores';

/**
 * SIGKILL while traffic runs: every response a client received must have its audit record, in the
 * database and the files, and the trail must verify after a restart.
 */
describe('the audit trail survives SIGKILL', () => {
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-crash-'));
    env = { GRIDSHARE_DATA_DIR: dataDir, GRIDSHARE_SEED_SCALE: 'tiny', ...anyPorts(), LOG_LEVEL: 'warn', DATABASE_URL: '' };
    // The seeded city is there already: the crash is the subject here, not the first start (cli.test).
    await writeDataDirectory(dataDir, ALL_SUBGRAPHS);
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('keeps a record of every answered request, and verifies after restart', async () => {
    const first = startCli(env);
    await first.ready;
    const url = first.output().stdout.match(/GraphQL:\s+(\S+)/)![1];
    const token = runCli(['token', '--department', 'health'], env).stdout.trim();
    const answered: string[] = [];
    // SIGKILL in the middle of the traffic: once this many answers are in, with eight requests in flight.
    const killAfter = 40;
    let enoughAnswered!: () => void;
    const enough = new Promise<void>((resolve) => (enoughAnswered = resolve));
    let stop = false;
    let sent = 0;
    const worker = async (w: number) => {
      while (!stop) {
        const requestId = `crash-${w}-${sent++}`;
        try {
          const { status, body } = await postGraphQL(
            url,
            '{ persons(gridCode: "449900", first: 5) { edges { node { id name idNumber } } } }',
            undefined,
            { authorization: `Bearer ${token}`, 'x-request-id': requestId },
          );
          if (status === 200 && body.data?.persons && answered.push(requestId) === killAfter) enoughAnswered();
        } catch {
          return; // the server is gone
        }
      }
    };
    const workers = Array.from({ length: 8 }, (_, w) => worker(w));
    await Promise.race([enough, Promise.all(workers)]);
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(workers);
    await first.exited;
    expect(answered.length).toBeGreaterThan(20);

    // Restart: start-up reconciles the files with the database; then stop cleanly.
    const second = startCli(env);
    await second.ready;
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const verify = runCli(['audit', 'verify'], env);
    expect(verify.stderr).toBe('');
    expect(verify.status).toBe(0);
    expect(verify.stdout).toMatch(/audit trail verified: \d+ records/);

    const db = await openDatabase({ subgraph: 'audit', location: { kind: 'pglite', directory: path.join(dataDir, 'audit') }, createPrisma: createAuditPrisma });
    try {
      const { rows } = await db.sql.query<{ request_id: string }>('SELECT request_id FROM audit_record');
      const stored = new Set(rows.map((r) => r.request_id));
      expect(answered.filter((id) => !stored.has(id))).toEqual([]);
    } finally {
      await db.close();
    }
    const files = fs.readdirSync(path.join(dataDir, 'audit')).filter((f) => f.endsWith('.ndjson'));
    const text = files.map((f) => fs.readFileSync(path.join(dataDir, 'audit', f), 'utf8')).join('');
    expect(answered.filter((id) => !text.includes(`"requestId":"${id}"`))).toEqual([]);

    // Editing one line makes verify fail, naming the record.
    const file = path.join(dataDir, 'audit', files[0]);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const target = lines.findIndex((l) => l.includes('"kind":"record"') && l.includes('"department":"health"'));
    lines[target] = lines[target].replace('"department":"health"', '"department":"civil-affairs"');
    fs.writeFileSync(file, lines.join('\n'));
    const broken = runCli(['audit', 'verify'], env);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(new RegExp(`audit trail BROKEN at record \\d+ \\(request [^)]+\\) in ${files[0]} line ${target + 1}: .*edited`));
  });
});
