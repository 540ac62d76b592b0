import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import { jwtVerify } from 'jose';
import { DEVELOPMENT_ISSUER, loadConfig } from '../../platform/config';
import { unauthenticated } from '../../platform/errors';
import type { Authenticator } from '../src/auth';
import { developmentTokenIssuer } from './development-tokens';
import { consoleRoutes, ConsoleRoutesOptions } from './serve-console';

/** Accepts exactly the bearer token "good": the console's routes only care that the gateway's authenticator decides. */
const authenticate: Authenticator = async (request) => {
  if (request.headers.authorization !== 'Bearer good') throw unauthenticated('the token has expired');
  return { user: 'u', department: 'health', level: 'city', jurisdiction: [] };
};

async function serve(options: Partial<ConsoleRoutesOptions> & { distDir: string }) {
  const routes = consoleRoutes({ authenticate, ...options });
  const server = http.createServer(async (request, response) => {
    if (!(await routes(request, response, 'test-request'))) {
      response.writeHead(404, { 'x-fell-through': 'yes' });
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('the console routes', () => {
  let dist: string;
  beforeAll(() => {
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-console-dist-'));
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>console</title>');
    fs.writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    fs.writeFileSync(path.join(dist, 'assets', 'index-abc123.css'), 'body{}');
    fs.writeFileSync(path.join(path.dirname(dist), 'gridshare-secret.txt'), 'TOP-SECRET-CONTENT');
  });
  afterAll(() => {
    fs.rmSync(dist, { recursive: true, force: true });
    fs.rmSync(path.join(path.dirname(dist), 'gridshare-secret.txt'), { force: true });
  });

  it('serves files with their content type, index.html for client routes, and never caches index.html', async () => {
    const { base, close } = await serve({ distDir: dist });
    try {
      const redirect = await fetch(`${base}/console?x=1`, { redirect: 'manual' });
      expect([redirect.status, redirect.headers.get('location')]).toEqual([308, '/console/?x=1']);
      for (const route of ['/console/', '/console/people', '/console/records/42']) {
        const page = await fetch(base + route);
        expect([page.status, page.headers.get('content-type'), page.headers.get('cache-control')]).toEqual([200, 'text/html; charset=utf-8', 'no-store']);
        expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
        expect(await page.text()).toContain('<title>console</title>');
      }
      const script = await fetch(`${base}/console/assets/index-abc123.js`);
      expect([script.headers.get('content-type'), script.headers.get('cache-control')]).toEqual([
        'text/javascript; charset=utf-8',
        'public, max-age=31536000, immutable',
      ]);
      expect((await fetch(`${base}/console/assets/index-abc123.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
      const head = await fetch(`${base}/console/assets/index-abc123.js`, { method: 'HEAD' });
      expect([head.status, head.headers.get('content-length')]).toEqual([200, '14']);
      expect((await fetch(`${base}/console/assets/gone.js`)).status).toBe(404);
      expect((await fetch(`${base}/console/`, { method: 'POST' })).status).toBe(405);
      expect((await fetch(`${base}/graphql`)).headers.get('x-fell-through')).toBe('yes');
      expect((await fetch(`${base}/consoles`)).headers.get('x-fell-through')).toBe('yes');
    } finally {
      await close();
    }
  });

  it('never serves a file outside its directory', async () => {
    const { base, close } = await serve({ distDir: dist });
    try {
      for (const attempt of [
        '/console/..%2Fgridshare-secret.txt',
        '/console/%2e%2e/gridshare-secret.txt',
        '/console/assets/..%2F..%2Fgridshare-secret.txt',
        '/console/%00.js',
        '/console/%E0%A4%A',
      ]) {
        const response = await fetch(base + attempt);
        expect(await response.text()).not.toContain('TOP-SECRET-CONTENT');
        expect([400, 404]).toContain(response.status);
      }
    } finally {
      await close();
    }
  });

  it('answers 503 with the fix when the console was not built', async () => {
    const { base, close } = await serve({ distDir: path.join(dist, 'not-there') });
    try {
      const response = await fetch(`${base}/console/`);
      expect(response.status).toBe(503);
      expect(await response.text()).toContain('npm run build');
    } finally {
      await close();
    }
  });

  it('gives the policy matrix only to a valid department token', async () => {
    const { base, close } = await serve({ distDir: dist });
    try {
      const refused = await fetch(`${base}/console/api/matrix.json`, { headers: { authorization: 'Bearer bad' } });
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as any).errors[0]).toEqual({
        message: 'Unauthenticated: the token has expired',
        extensions: { code: 'UNAUTHENTICATED', reason: 'the token has expired' },
      });
      const matrix = await fetch(`${base}/console/api/matrix.json`, { headers: { authorization: 'Bearer good' } });
      expect(matrix.status).toBe(200);
      const body = (await matrix.json()) as any;
      expect(body.departments.map((d: { id: string }) => d.id)).toContain('audit-office');
      expect(body.subgraphs.map((s: { subgraph: string }) => s.subgraph)).toContain('population');
    } finally {
      await close();
    }
  });

  it("signs development identities only with the run's sign-in secret, and only while no production key is configured", async () => {
    const issuer = generateKeyPairSync('ed25519');
    const development = loadConfig({}, { dataDir: '/nonexistent' });
    const tokens = developmentTokenIssuer(development, issuer.privateKey)!;
    const link = new URL(tokens.signInLink('http://127.0.0.1:4000'));
    expect(link.pathname).toBe('/console/');
    const headers = { 'x-gridshare-dev-secret': new URLSearchParams(link.hash.slice(1)).get('dev-secret')! };
    const { base, close } = await serve({ distDir: dist, developmentTokens: tokens });
    try {
      expect((await fetch(`${base}/console/api/dev-token`)).status).toBe(401);
      expect((await fetch(`${base}/console/api/dev-token?department=audit-office`, { headers: { 'x-gridshare-dev-secret': 'nope' } })).status).toBe(403);
      const list = (await (await fetch(`${base}/console/api/dev-token`, { headers })).json()) as any;
      expect(list.departments).toContainEqual({ id: 'audit-office', name: expect.any(String), nameEn: expect.stringContaining('Audit Office') });
      const answer = await fetch(`${base}/console/api/dev-token?department=audit-office`, { headers });
      expect(answer.headers.get('cache-control')).toBe('no-store');
      const { token, user } = (await answer.json()) as { token: string; user: string };
      const { payload } = await jwtVerify(token, issuer.publicKey, { issuer: DEVELOPMENT_ISSUER, audience: 'gridshare' });
      expect([payload.department, payload.sub, payload.identity, user]).toEqual(['audit-office', 'audit-office-dev', 'development', 'audit-office-dev']);
      expect((await fetch(`${base}/console/api/dev-token?department=ministry-of-magic`, { headers })).status).toBe(400);
      expect((await fetch(`${base}/console/api/dev-token?department=health&user=%3Cscript%3E`, { headers })).status).toBe(400);
    } finally {
      await close();
    }

    const production = loadConfig({ GRIDSHARE_JWKS_URL: 'https://idp.example.gov.cn/jwks.json' }, { dataDir: '/nonexistent' });
    expect(developmentTokenIssuer(production, issuer.privateKey)).toBeUndefined();
    const served = await serve({ distDir: dist, developmentTokens: developmentTokenIssuer(production, issuer.privateKey) });
    try {
      expect((await fetch(`${served.base}/console/api/dev-token?department=audit-office`)).status).toBe(404);
      expect((await fetch(`${served.base}/console/api/dev-token`)).status).toBe(404);
    } finally {
      await served.close();
    }
  });
});
