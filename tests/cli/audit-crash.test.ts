import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../platform/database/open-database';
import { createAuditPrisma } from '../../subgraphs/audit/src/prisma';
import { postGraphQL } from '../helpers/federation';
import { anyPorts, runCli, startCli } from '../helpers/cli';
import { ALL_SUBGRAPHS } from '../helpers/federation';
import { writeDataDirectory } from '../helpers/test-stores';

/**
 * SIGKILL while traffic runs: every response a client received must have its audit record, in the
 * database and the files, and the trail must verify after a restart.
 */
// Two starts of the whole system and traffic until the kill: minutes on a loaded 2-core machine.
jest.setTimeout(600_000);

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
    const ENOUGH = 40;
    let stop = false;
    const worker = async () => {
      while (!stop) {
        try {
          const { status, body, headers } = await postGraphQL(
            url,
            '{ persons(gridCode: "449900", first: 5) { edges { node { id name idNumber } } } }',
            undefined,
            { authorization: `Bearer ${token}` },
          );
          // The gateway's own request id, under which the record is filed.
          if (status === 200 && body.data?.persons) answered.push(headers.get('x-request-id')!);
          if (answered.length === ENOUGH) enough();
        } catch {
          return; // the server is gone
        }
      }
    };
    // Killed once enough answers are out, while the workers keep sending: no fixed sleep, which a
    // loaded machine's cold start can outlast.
    let enough: () => void = () => undefined;
    const answeredEnough = new Promise<void>((resolve) => (enough = resolve));
    const workers = Array.from({ length: 8 }, () => worker());
    await Promise.race([answeredEnough, Promise.all(workers)]);
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
    const files = fs.readdirSync(path.join(dataDir, 'audit-trail')).filter((f) => f.endsWith('.ndjson'));
    const text = files.map((f) => fs.readFileSync(path.join(dataDir, 'audit-trail', f), 'utf8')).join('');
    expect(answered.filter((id) => !text.includes(`"requestId":"${id}"`))).toEqual([]);

    // Editing one line makes verify fail, naming the record.
    const file = path.join(dataDir, 'audit-trail', files[0]);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const target = lines.findIndex((l) => l.includes('"kind":"record"') && l.includes('"department":"health"'));
    lines[target] = lines[target].replace('"department":"health"', '"department":"civil-affairs"');
    fs.writeFileSync(file, lines.join('\n'));
    const broken = runCli(['audit', 'verify'], env);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(new RegExp(`audit trail BROKEN at record \\d+ \\(request [^)]+\\) in ${files[0]} line ${target + 1}: .*edited`));
  });
});
