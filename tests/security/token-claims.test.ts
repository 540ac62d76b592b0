import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeJwt, SignJWT } from 'jose';
import { DEVELOPMENT_ISSUER } from '../../platform/config';
import type { TokenClaims } from '../../gateway/src/dev-tokens';
import { postGraphQL, startTestFederation, testBackends, TestFederation } from '../helpers/federation';
import { runCli } from '../helpers/cli';
import { loadPolicyFixtures, PolicyFixtures } from '../policies/fixtures';
import { BASE_DATA_ROLES, ROLE_NAMES, SERVICE_ROLES } from '../../access-policies/runtime/model';
import { Role } from '../../subgraphs/events/src/workflow/actors';

const CITY_WIDE = '{ persons(gridCode: "449900", first: 500) { totalCount edges { node { id name idNumber } } } }';

describe.each(testBackends())('department token claims at the gateway on %s', (backend) => {
  let federation: TestFederation;
  let fixtures: PolicyFixtures;
  let grid: string;
  beforeAll(async () => {
    federation = await startTestFederation({ backend });
    fixtures = await loadPolicyFixtures(federation);
    grid = (
      await federation.system.subgraphs.address!.db.sql.query<{ code: string }>(
        `SELECT code FROM grid WHERE level = 'GRID' AND parent_code = $1 ORDER BY code LIMIT 1`,
        [fixtures.communityA],
      )
    ).rows[0].code;
  });
  afterAll(() => federation?.stop());

  const withToken = (token: string) => postGraphQL(federation.gatewayUrl, CITY_WIDE, undefined, { authorization: `Bearer ${token}` });
  const expectRefused = async (token: string, reason: RegExp) => {
    const { status, body } = await withToken(token);
    expect(status).toBe(401);
    expect(body.data).toBeUndefined();
    expect(body.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: expect.stringMatching(reason) });
    expect(JSON.stringify(body)).not.toContain(fixtures.personB.idNumber);
  };

  it('refuses a token issued a day in the future', async () => {
    await expectRefused(await federation.token({ department: 'public-security' }, { now: Date.now() + 86_400_000 }), /iat claim .*future/);
  });

  it('refuses a token not valid before tomorrow', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ department: 'public-security', level: 'city', jurisdiction: [] })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setIssuer(DEVELOPMENT_ISSUER)
      .setAudience('gridshare')
      .setSubject('early-bird')
      .setIssuedAt(now)
      .setNotBefore(now + 86_400)
      .setExpirationTime(now + 2 * 86_400)
      .sign(federation.issuer.privateKey);
    await expectRefused(token, /nbf claim/);
  });

  it.each<[string, Partial<TokenClaims>, RegExp]>([
    [
      'a town-level token whose jurisdiction is the city',
      { level: 'town', jurisdiction: ['449900'] },
      /town-level token's jurisdiction must be town codes.*449900/,
    ],
    ['a town-level token naming a community', { level: 'town', jurisdiction: ['449900101001'] }, /town-level/],
    ['a community-level token naming a town', { level: 'community', jurisdiction: ['449900101000'] }, /community-level token's jurisdiction must be community/],
    ['a city-level token naming a town', { level: 'city', jurisdiction: ['449900101000'] }, /city-level token's jurisdiction must be empty or the city/],
  ])('refuses %s', async (_label, claims, reason) => {
    await expectRefused(await federation.token({ department: 'public-security', ...claims }), reason);
  });

  it.each<[string, Partial<TokenClaims> & { department: string }, RegExp]>([
    [
      'a misspelt role',
      { department: 'grid-command', role: 'dispatcherr' },
      /role "dispatcherr" is not a role of grid-command; its roles: grid-worker, dispatcher, handler, leader/,
    ],
    [
      'a role the department does not have',
      { department: 'health', role: 'dispatcher' },
      /role "dispatcher" is not a role of health; its roles: handler, leader/,
    ],
    ['any role for a department without roles', { department: 'audit-office', role: 'leader' }, /audit-office has no roles/],
  ])('refuses %s, listing the valid ones', async (_label, claims, reason) => {
    await expectRefused(await federation.token(claims), reason);
  });

  it('accepts claims that agree: a grid worker of one grid, a town dispatcher, a city leader', async () => {
    for (const claims of [
      { department: 'grid-command', role: 'grid-worker', level: 'community' as const, jurisdiction: [grid] },
      { department: 'grid-command', role: 'dispatcher', level: 'town' as const, jurisdiction: [fixtures.town] },
      { department: 'health', role: 'leader', level: 'community' as const, jurisdiction: [fixtures.communityA] },
      { department: 'public-security', level: 'city' as const, jurisdiction: ['449900'] },
    ]) {
      // A grid inside every one of these jurisdictions.
      const { status, body } = await postGraphQL(
        federation.gatewayUrl,
        'query ($g: ID!) { grid(code: $g) { code } }',
        { g: grid },
        {
          authorization: `Bearer ${await federation.token(claims)}`,
        },
      );
      expect([claims, status, body.errors]).toEqual([claims, 200, undefined]);
    }
  });
});

it('knows exactly the roles the events workflow, the base-data write grants and the service identities decide by', () => {
  expect([...ROLE_NAMES].sort()).toEqual([...Object.values(Role), ...BASE_DATA_ROLES, ...SERVICE_ROLES].sort());
});

describe('gridshare token', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-token-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const token = (...args: string[]) => runCli(['token', ...args], { GRIDSHARE_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' });

  it.each([
    [
      'a misspelt role',
      ['--department', 'grid-command', '--role', 'dispatcherr'],
      /role "dispatcherr" is not a role of grid-command; its roles: grid-worker, dispatcher, handler, leader/,
    ],
    ['a level that does not exist', ['--department', 'health', '--level', 'province'], /--level must be city, town or community/],
    [
      'a town-level jurisdiction that is the city',
      ['--department', 'health', '--level', 'town', '--jurisdiction', '449900'],
      /town-level token's jurisdiction must be town codes/,
    ],
    ['a jurisdiction that is no grid code', ['--department', 'health', '--level', 'town', '--jurisdiction', '44x'], /not a grid code/],
  ])('refuses %s and says what is valid', (_label, args, message) => {
    const result = token(...(args as string[]));
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });

  it('signs a token whose claims agree, taking the level from the jurisdiction when not given', () => {
    const result = token('--department', 'grid-command', '--role', 'dispatcher', '--level', 'town', '--jurisdiction', '449900101000');
    expect([result.stderr, result.status]).toEqual(['', 0]);
    expect(decodeJwt(result.stdout.trim())).toMatchObject({ level: 'town', jurisdiction: ['449900101000'], role: 'dispatcher', identity: 'development' });
    const worker = token('--department', 'grid-command', '--role', 'grid-worker', '--jurisdiction', '449900101001001');
    expect([worker.stderr, worker.status]).toEqual(['', 0]);
    expect(decodeJwt(worker.stdout.trim())).toMatchObject({ level: 'community', jurisdiction: ['449900101001001'] });
  });
});
