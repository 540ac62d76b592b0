import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt } from 'jose';
import { loadConfig } from '../../platform/config';
import { unauthenticated } from '../../platform/errors';
import { consoleRoutes } from '../../gateway/console-server/serve-console';
import { developmentTokenIssuer } from '../../gateway/console-server/development-tokens';
import { postGraphQL, startTestFederation, testBackends, TestFederation } from '../helpers/federation';
import { auditRecordOf } from '../helpers/audit-records';

const DEV_TOKEN = '/console/api/dev-token';

describe.each(testBackends())('development identities on %s', (backend) => {
  let federation: TestFederation;
  let origin: string;
  beforeAll(async () => {
    federation = await startTestFederation({ backend });
    origin = new URL(federation.gatewayUrl).origin;
  });
  afterAll(() => federation?.stop());

  it.each<[string, string, Record<string, string>]>([
    ['no secret', `${DEV_TOKEN}?department=public-security&user=anyone`, {}],
    ['no secret, asking which identities exist', DEV_TOKEN, {}],
    ['a wrong secret', `${DEV_TOKEN}?department=public-security`, { 'x-gridshare-dev-secret': 'guessed-secret' }],
  ])('mints nothing for a request with %s', async (_label, path, headers) => {
    const response = await fetch(origin + path, { headers });
    const text = await response.text();
    expect([401, 403]).toContain(response.status);
    expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    expect(JSON.parse(text).errors[0]).toMatchObject({
      extensions: { code: expect.stringMatching(/UNAUTHENTICATED|FORBIDDEN/) },
      message: expect.stringMatching(/sign-in link/),
    });
  });

  it('mints a development identity only with the sign-in secret, and the trail says so', async () => {
    const signIn = new URL(federation.system.developmentSignIn!);
    expect(signIn.pathname).toBe('/console/');
    const secret = new URLSearchParams(signIn.hash.slice(1)).get('dev-secret');
    expect(secret).toMatch(/^[\w-]{32,}$/);
    const response = await fetch(`${origin}${DEV_TOKEN}?department=public-security&user=dev-officer`, { headers: { 'x-gridshare-dev-secret': secret! } });
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    expect(decodeJwt(token)).toMatchObject({ department: 'public-security', sub: 'dev-officer', identity: 'development' });

    const used = await postGraphQL(federation.gatewayUrl, '{ grid(code: "449900") { code } }', undefined, { authorization: `Bearer ${token}` });
    expect(used.status).toBe(200);
    expect(await auditRecordOf(federation, used.headers.get('x-request-id'))).toMatchObject({ userId: 'dev-officer', identity: 'development' });
    // A token from the identity provider leaves the field out: the record format is unchanged for it.
    const real = await federation.query('{ grid(code: "449900") { code } }');
    expect(await auditRecordOf(federation, real.headers.get('x-request-id'))).not.toHaveProperty('identity');
  });
});

describe('development identities with a real identity provider configured', () => {
  it('never mounts the route, whatever secret is sent', async () => {
    const config = loadConfig({ GRIDSHARE_JWKS_URL: 'https://idp.example.gov.cn/jwks.json' }, { dataDir: '/nonexistent' });
    const issuer = developmentTokenIssuer(config, generateKeyPairSync('ed25519').privateKey);
    expect(issuer).toBeUndefined();
    const routes = consoleRoutes({
      distDir: '/nonexistent',
      authenticate: async () => {
        throw unauthenticated('no');
      },
      developmentTokens: issuer,
    });
    const server = http.createServer(async (request, response) => {
      if (!(await routes(request, response, 'r'))) response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      for (const path of [DEV_TOKEN, `${DEV_TOKEN}?department=public-security`]) {
        const response = await fetch(base + path, { headers: { 'x-gridshare-dev-secret': 'anything' } });
        expect(response.status).toBe(404);
        expect(await response.text()).not.toMatch(/eyJ/);
      }
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
