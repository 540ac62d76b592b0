import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { postGraphQL } from '../helpers/federation';
import { anyPorts, runCli, startCli } from '../helpers/cli';

// A first start seeds the city on disk: minutes on a loaded 2-core machine.
jest.setTimeout(600_000);

describe('the gridshare command', () => {
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-cli-'));
    env = { GRIDSHARE_DATA_DIR: dataDir, GRIDSHARE_SEED_SCALE: 'tiny', ...anyPorts(), LOG_LEVEL: 'warn', DATABASE_URL: '' };
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('starts the seeded city on PGlite, answers the printed example, stops on SIGTERM and keeps its data', async () => {
    const first = startCli(env);
    await first.ready;
    const { stdout } = first.output();
    expect(stdout).toMatch(/first start: seeding/);
    const url = stdout.match(/GraphQL:\s+(\S+)/)![1];
    const example = JSON.parse(stdout.match(/-d '(.+)'/)![1]);
    expect(stdout).toMatch(/gridshare token --department public-security/);
    // Development identities only through the printed link, whose secret is this run's.
    const origin = new URL(url).origin;
    const devToken = async (secret?: string, at = origin) => {
      const response = await fetch(`${at}/console/api/dev-token?department=audit-office`, { headers: secret ? { 'x-gridshare-dev-secret': secret } : {} });
      await response.text();
      return response;
    };
    const secretOf = (text: string) => new URLSearchParams(new URL(text.match(/Development sign-in.*\n\s+(\S+)/)![1]).hash.slice(1)).get('dev-secret')!;
    const firstSecret = secretOf(stdout);
    expect((await devToken()).status).toBe(401);
    expect((await devToken(firstSecret)).status).toBe(200);
    const token = runCli(['token', '--department', 'public-security'], env).stdout.trim();
    const auth = { authorization: `Bearer ${token}` };
    expect((await postGraphQL(url, example.query)).status).toBe(401);
    const answer = await postGraphQL(url, example.query, undefined, auth);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.persons.totalCount).toBeGreaterThan(0);
    expect(answer.body.data.persons.edges[0].node.residence.building.address.grid.parent.name).toEqual(expect.any(String));
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = startCli(env);
    await second.ready;
    expect(second.output().stdout).not.toMatch(/first start/);
    // Port 0: the second start listens wherever the OS lets it, and says where.
    const secondUrl = second.output().stdout.match(/GraphQL:\s+(\S+)/)![1];
    expect(secretOf(second.output().stdout)).not.toBe(firstSecret);
    expect((await devToken(firstSecret, new URL(secondUrl).origin)).status).toBe(403);
    const again = await postGraphQL(secondUrl, example.query, undefined, auth);
    expect(again.body.data.persons.totalCount).toBe(answer.body.data.persons.totalCount);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('will not seed over existing data without --reset', () => {
    const result = runCli(['seed'], env);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/already holds data; add --reset/);
  });

  it('reports an unreachable database in one line and exits non-zero', () => {
    const result = runCli(['migrate'], { ...env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nothing' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/cannot reach PostgreSQL at 127\.0\.0\.1:1/);
  });

  it('names a bad setting and exits non-zero', () => {
    const result = runCli(['start'], { ...env, GRIDSHARE_GATEWAY_PORT: 'eighty' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/GRIDSHARE_GATEWAY_PORT="eighty" is invalid/);
  });
});
