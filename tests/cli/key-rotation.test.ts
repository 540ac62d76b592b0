import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { CallerTokenSigner } from '../../platform/caller-token';
import { keyId } from '../../platform/key-set';
import { loadOrCreateKeyPair } from '../../platform/keys';
import { SUBGRAPHS } from '../../platform/services';
import { loadConfig } from '../../platform/config';
import { openDatabase } from '../../platform/database/open-database';
import { createAuditPrisma } from '../../subgraphs/audit/src/prisma';
import { defaultStore } from '../../runner/system/system';
import { postGraphQL } from '../helpers/federation';
import { anyPorts, runCli, serveCli, startCli } from '../helpers/cli';

// Four starts of the whole system and a dozen CLI runs per backend on a loaded 2-core machine.
jest.setTimeout(900_000);

const serverUrl = process.env.GRIDSHARE_TEST_POSTGRES_URL;
const backends: ['pglite' | 'postgres'][] = serverUrl ? [['pglite'], ['postgres']] : [['pglite']];
const CALLER = { user: 'probe', department: 'public-security', level: 'city' as const, jurisdiction: [] };
const POPULATION_QUERY = '{ persons(gridCode: "449900101001", first: 1) { totalCount } }';

/**
 * The gateway's internal key (caller tokens to the subgraphs, the audit trail's checkpoints) is
 * rotated with `gridshare keys`: every signature names its key, verifiers hold the set, and whatever
 * an earlier key signed (an earlier release's checkpoints, which name no key, included) still verifies.
 */
describe.each(backends)('rotating the gateway key (%s)', (backend) => {
  const prefix = `gs_keys_${randomBytes(3).toString('hex')}`;
  let dataDir: string;
  let env: Record<string, string>;
  const keysDir = () => path.join(dataDir, 'keys');
  const keySet = () => JSON.parse(fs.readFileSync(path.join(keysDir(), 'gateway-caller.keys.json'), 'utf8'));

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-keys-'));
    const url = new URL(serverUrl ?? 'postgres://unused');
    url.pathname = `/${prefix}`;
    env = {
      GRIDSHARE_DATA_DIR: dataDir,
      DATABASE_URL: backend === 'postgres' ? url.toString() : '',
      GRIDSHARE_SEED_SCALE: 'tiny',
      // Only the shutdown checkpoint, so that each run's checkpoint is signed by that run's key.
      GRIDSHARE_AUDIT_CHECKPOINT_SECONDS: '3600',
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

  /** One run of `gridshare start`: a few audited requests, then a clean stop (its final checkpoint). */
  const run = async () => {
    const running = startCli(env, 'gridshare is running', 600_000);
    await running.ready;
    const url = running.output().stdout.match(/GraphQL:\s+(\S+)/)![1];
    const token = runCli(['token', '--department', 'health'], env).stdout.trim();
    for (let i = 0; i < 3; i++) {
      const { status } = await postGraphQL(url, '{ grid(code: "449900") { name } }', undefined, { authorization: `Bearer ${token}` });
      expect(status).toBe(200);
    }
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  };
  const trailLines = () => {
    const dir = path.join(dataDir, 'audit-trail');
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.ndjson'))
      .sort()
      .flatMap((f) =>
        fs
          .readFileSync(path.join(dir, f), 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => ({ file: path.join(dir, f), line })),
      );
  };
  const checkpointKids = () => trailLines().flatMap(({ line }) => (line.includes('"kind":"checkpoint"') ? [JSON.parse(line).kid ?? null] : []));

  it('verifies a trail signed by an earlier release, key 1 and key 2, and names a removed key', async () => {
    await run();
    // As an earlier release left it: checkpoints that name no key, in the files, the database and the witness.
    const legacyKid = keyId(createPrivateKey(fs.readFileSync(path.join(keysDir(), 'gateway-caller.private.pem'))));
    expect(checkpointKids()).toEqual([legacyKid]);
    for (const file of new Set(trailLines().map((l) => l.file))) fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/,"kid":"[^"]+"/g, ''));
    const witness = path.join(dataDir, 'audit-witness', 'checkpoints.ndjson');
    fs.writeFileSync(witness, fs.readFileSync(witness, 'utf8').replace(/,"kid":"[^"]+"/g, ''));
    await sqlOnAudit(`UPDATE audit_checkpoint SET key_id = NULL`);
    expect(checkpointKids()).toEqual([null]);
    expect(runCli(['audit', 'verify'], env).status).toBe(0);

    // Key 1 (the legacy key) signs one run, key 2 the next, key 3 the last.
    await run();
    const rotated = runCli(['keys', 'rotate'], env);
    expect(rotated.status).toBe(0);
    const key2 = keySet().current as string;
    expect(key2).not.toBe(legacyKid);
    await run();
    expect(runCli(['keys', 'rotate'], env).status).toBe(0);
    const key3 = keySet().current as string;
    await run();
    expect(checkpointKids()).toEqual([null, legacyKid, key2, key3]);
    const verified = runCli(['audit', 'verify'], env);
    expect(verified.stderr).toBe('');
    expect(verified.stdout).toMatch(/4 signed checkpoints/);
    expect(verified.status).toBe(0);

    // Retiring key 2 keeps what it signed verifiable (it signed before its retirement).
    expect(runCli(['keys', 'retire', key2], env).status).toBe(0);
    expect(runCli(['audit', 'verify'], env).status).toBe(0);
    expect(runCli(['keys', 'list'], env).stdout).toMatch(new RegExp(`${key2}  retired`));

    // A key removed from the set: its checkpoints no longer verify, and the failure names it.
    const set = keySet();
    fs.writeFileSync(
      path.join(keysDir(), 'gateway-caller.keys.json'),
      JSON.stringify({ ...set, keys: set.keys.filter((k: { kid: string }) => k.kid !== key2) }),
    );
    const broken = runCli(['audit', 'verify'], env);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain(`is signed by key ${key2}, which is not in the gateway key set`);
    fs.writeFileSync(path.join(keysDir(), 'gateway-caller.keys.json'), JSON.stringify(set));
  });

  const sqlOnAudit = async (statement: string) => {
    const db = await openDatabase({ subgraph: 'audit', location: defaultStore(loadConfig(env), 'audit'), createPrisma: createAuditPrisma });
    await db.sql.exec(statement).finally(() => db.close());
  };

  it('a subgraph accepts the tokens of both keys during the overlap and refuses unknown and retired keys', async () => {
    // A data directory of its own: one population subgraph in its own process, the gateway's keys only on disk.
    const own = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-keys-serve-'));
    const serveEnv = { ...env, GRIDSHARE_DATA_DIR: own, DATABASE_URL: backend === 'postgres' ? env.DATABASE_URL.replace(prefix, `${prefix}s`) : '' };
    try {
      const legacy = loadOrCreateKeyPair(path.join(own, 'keys'), 'gateway-caller');
      expect(runCli(['migrate'], serveEnv).status).toBe(0);
      const added = runCli(['keys', 'add'], serveEnv);
      expect(added.status).toBe(0);
      const key2 = added.stdout.match(/added key (\S+):/)![1];
      const key2Private = createPrivateKey(fs.readFileSync(path.join(own, 'keys', `gateway-caller.${key2}.private.pem`)));
      const ask = async (url: string, signer: CallerTokenSigner) => {
        const { status, body } = await postGraphQL(url, POPULATION_QUERY, undefined, {
          authorization: `Bearer ${signer.sign(CALLER, 'population', { query: POPULATION_QUERY })}`,
        });
        return { status, reason: body.errors?.[0]?.extensions?.reason as string | undefined, data: body.data };
      };
      const stranger = generateKeyPairSync('ed25519').privateKey;

      let population = serveCli('population', serveEnv);
      const overlap = await population.url;
      expect(await ask(overlap, new CallerTokenSigner(legacy.privateKey))).toMatchObject({ status: 200, data: { persons: { totalCount: 0 } } });
      expect(await ask(overlap, new CallerTokenSigner({ kid: key2, privateKey: key2Private }))).toMatchObject({ status: 200 });
      const unknown = await ask(overlap, new CallerTokenSigner(stranger));
      expect(unknown).toEqual({
        status: 401,
        reason: `caller token is signed by key "${keyId(stranger)}", which is not in the gateway key set`,
        data: undefined,
      });
      // A stranger's key naming a key of the set: the signature is checked with the key named.
      expect(await ask(overlap, new CallerTokenSigner({ kid: key2, privateKey: stranger }))).toMatchObject({
        status: 401,
        reason: expect.stringMatching(/signature/),
      });
      population.child.kill('SIGTERM');
      expect(await population.exited).toBe(0);

      // Signers moved to key 2; key 1 retired: its tokens are refused from the verifier's next start.
      expect(runCli(['keys', 'use', key2], serveEnv).status).toBe(0);
      expect(runCli(['keys', 'retire', keyId(legacy.publicKey)], serveEnv).status).toBe(0);
      expect(fs.existsSync(path.join(own, 'keys', 'gateway-caller.private.pem'))).toBe(false);
      population = serveCli('population', serveEnv);
      const after = await population.url;
      expect(await ask(after, new CallerTokenSigner({ kid: key2, privateKey: key2Private }))).toMatchObject({ status: 200 });
      const retired = await ask(after, new CallerTokenSigner(legacy.privateKey));
      expect(retired.status).toBe(401);
      expect(retired.reason).toMatch(new RegExp(`^caller token is signed by key ${keyId(legacy.publicKey)}, which was retired at `));
      population.child.kill('SIGTERM');
      expect(await population.exited).toBe(0);
    } finally {
      if (backend === 'postgres') {
        const pool = new Pool({ connectionString: serverUrl, max: 1 });
        for (const s of SUBGRAPHS) await pool.query(`DROP DATABASE IF EXISTS "${prefix}s_${s.name.replace(/-/g, '_')}" WITH (FORCE)`);
        await pool.end();
      }
      fs.rmSync(own, { recursive: true, force: true });
    }
  });
});
