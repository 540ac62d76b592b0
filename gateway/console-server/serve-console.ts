import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GraphQLError } from 'graphql';
import { sendJson } from '../../platform/http/serve';
import type { Logger } from '../../platform/logger';
import { repositoryPolicies } from '../../access-policies/runtime/load';
import { MatrixJson, policyMatrixJson } from '../../access-policies/runtime/matrix-json';
import type { Authenticator } from '../src/auth';
import { DEVELOPMENT_SECRET_HEADER, DevelopmentTokenIssuer } from './development-tokens';
import { serveStatic } from './static-files';
import { bearerChallenge } from '../../platform/http/bearer-challenge';

export interface ConsoleRoutesOptions {
  /** The built console (`vite build` output): dist/console. */
  distDir: string;
  /** The gateway's own authenticator, so the console's API accepts exactly the gateway's tokens. */
  authenticate: Authenticator;
  /** Present only in development (no production key configured); otherwise dev-token is 404. */
  developmentTokens?: DevelopmentTokenIssuer;
  logger?: Logger;
}

export type RoutesHandler = (request: IncomingMessage, response: ServerResponse, requestId: string) => Promise<boolean>;

const MOUNT = '/console';
const DEPARTMENT = /^[a-z][a-z0-9-]{0,63}$/;
const USER = /^[A-Za-z0-9._@-]{1,64}$/;

/**
 * The console under /console (the auditors' pages, the command centre, every department's explorer;
 * /explorer leads there): the single-page app's files, and two small JSON routes the
 * GraphQL API has no place for. Everything else the console shows comes from POST /graphql with the
 * auditor's own token, so the console holds no privilege of its own.
 */
export function consoleRoutes(options: ConsoleRoutesOptions): RoutesHandler {
  let matrix: MatrixJson | undefined;
  return async (request, response, requestId) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const { pathname } = url;
    // The explorer's short address, as GraphQL servers usually offer one.
    if (pathname === '/explorer' && (request.method === 'GET' || request.method === 'HEAD')) {
      response.writeHead(302, { location: `${MOUNT}/explorer` });
      response.end();
      return true;
    }
    if (pathname !== MOUNT && !pathname.startsWith(`${MOUNT}/`)) return false;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      sendJson(response, 405, { error: `${request.method} is not allowed on ${pathname}` });
      return true;
    }
    if (pathname === MOUNT) {
      response.writeHead(308, { location: `${MOUNT}/${url.search}` });
      response.end();
      return true;
    }
    if (pathname === `${MOUNT}/api/matrix.json`) {
      // Policy, not personal data; still only for callers holding a valid department token.
      if (!(await authenticated(options.authenticate, request, response))) return true;
      matrix ??= policyMatrixJson(repositoryPolicies());
      response.setHeader('cache-control', 'no-cache');
      sendJson(response, 200, matrix);
      return true;
    }
    if (pathname === `${MOUNT}/api/dev-token`) {
      await serveDevelopmentToken(options, url, request, response, requestId);
      return true;
    }
    if (pathname.startsWith(`${MOUNT}/api/`)) {
      sendJson(response, 404, { error: `no route ${pathname}` });
      return true;
    }
    let relative: string;
    try {
      relative = decodeURIComponent(pathname.slice(MOUNT.length + 1));
    } catch {
      sendJson(response, 400, { error: 'malformed path' });
      return true;
    }
    const result = relative.includes('\0') ? 'not-found' : await serveStatic(options.distDir, relative, request, response);
    if (result === 'not-found') sendJson(response, 404, { error: `no route ${pathname}` });
    if (result === 'not-built') {
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      response.end('The console is not built: run `npm run build` (it writes dist/console).\n');
    }
    return true;
  };
}

async function authenticated(authenticate: Authenticator, request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  try {
    await authenticate(request);
    return true;
  } catch (error) {
    const extensions = (error as GraphQLError).extensions ?? {};
    const status = (extensions.http as { status?: number } | undefined)?.status ?? 401;
    const { http: _http, ...visible } = extensions;
    if (status === 401) response.setHeader('www-authenticate', bearerChallenge(request, String(visible.reason ?? (error as Error).message)));
    sendJson(response, status, { errors: [{ message: (error as Error).message, extensions: visible }] });
    return false;
  }
}

/**
 * Only with this run's sign-in secret (header X-Gridshare-Dev-Secret): without a department, which
 * development identities can be chosen; with one, a token for it. 404 whenever a production key is
 * configured.
 */
async function serveDevelopmentToken(
  options: ConsoleRoutesOptions,
  url: URL,
  request: IncomingMessage,
  response: ServerResponse,
  requestId: string,
): Promise<void> {
  const issuer = options.developmentTokens;
  if (!issuer) {
    sendJson(response, 404, { error: `no route ${url.pathname}` });
    return;
  }
  response.setHeader('cache-control', 'no-store');
  const presented = request.headers[DEVELOPMENT_SECRET_HEADER];
  const secret = typeof presented === 'string' ? presented : undefined;
  if (!issuer.accepts(secret)) {
    const missing = secret === undefined;
    options.logger?.warn({ event: 'console.dev_token_refused', requestId, reason: missing ? 'no secret' : 'wrong secret' }, 'development token refused');
    sendJson(response, missing ? 401 : 403, {
      errors: [
        {
          message: missing
            ? "Development identities need the sign-in link that `gridshare start` printed (it carries this run's secret)"
            : 'This is not the secret of the sign-in link that `gridshare start` printed for this run',
          extensions: missing ? { code: 'UNAUTHENTICATED', reason: 'DEV_SECRET_MISSING' } : { code: 'FORBIDDEN', reason: 'DEV_SECRET_WRONG' },
        },
      ],
    });
    return;
  }
  const departments = repositoryPolicies().departments;
  const department = url.searchParams.get('department');
  if (department === null) {
    sendJson(response, 200, { departments: [...departments.values()].map((d) => ({ id: d.id, name: d.name, nameEn: d.nameEn })) });
    return;
  }
  if (!DEPARTMENT.test(department) || !departments.has(department)) {
    sendJson(response, 400, { error: `${JSON.stringify(department)} is not a department in departments.yaml` });
    return;
  }
  const user = url.searchParams.get('user') ?? `${department}-dev`;
  if (!USER.test(user)) {
    sendJson(response, 400, { error: 'user must be 1–64 letters, digits or ._@-' });
    return;
  }
  const { token, expiresAt } = await issuer.sign(department, user);
  options.logger?.info({ event: 'console.dev_token', requestId, department, user }, 'development token issued');
  sendJson(response, 200, { token, department, user, expiresAt });
}
