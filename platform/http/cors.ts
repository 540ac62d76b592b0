import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Cross-origin calls from browser apps, by an allowlist of exact origins (none by default). Written
 * here rather than with the `cors` package: that middleware answers a preflight from an origin it
 * does not allow with a silent 204 and no headers, where a developer needs a refusal naming the
 * origin and the setting; and the rules below are all there is to it.
 *
 * No credentials are allowed: gridshare's callers authenticate with a bearer token in a header,
 * never a cookie, so a page of another origin cannot ride on a signed-in user.
 */
const ALLOWED_METHODS = 'GET, POST, OPTIONS';
/** What a browser app sends: its token, its purpose (事由), its own request id and client name. */
const ALLOWED_HEADERS =
  'authorization, content-type, accept, x-purpose, x-request-id, apollographql-client-name, apollographql-client-version, apollo-require-preflight';
/** The gateway's request id, which the audit record is filed under: an app shows it in its error reports. */
const EXPOSED_HEADERS = 'x-request-id';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/** A web origin as browsers send it: scheme, host and optional port, nothing else. */
export const WEB_ORIGIN = /^https?:\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/;

export interface CorsPolicy {
  /** Origins allowed to call, compared exactly (scheme, host and port). */
  origins: readonly string[];
  /** The setting an operator changes, named in refusals. */
  setting: string;
}

/**
 * Sets the CORS headers of an allowed origin. Answers a preflight itself (204, or 403 naming the
 * origin) and returns true when it did; the request then needs nothing more.
 */
export function applyCors(policy: CorsPolicy, request: IncomingMessage, response: ServerResponse): boolean {
  const origin = request.headers.origin;
  const preflight = request.method === 'OPTIONS';
  // The answer differs per origin: a shared cache must not hand one origin's answer to another.
  response.setHeader('vary', 'Origin');
  const allowed = typeof origin === 'string' && policy.origins.includes(origin);
  if (allowed) {
    response.setHeader('access-control-allow-origin', origin);
    response.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
  }
  if (!preflight) return false;
  if (typeof origin === 'string' && !allowed) {
    response.writeHead(403, { 'content-type': 'application/json; charset=utf-8' });
    response.end(
      JSON.stringify({
        error: `origin ${origin} may not call this gateway from a browser: an operator adds it to ${policy.setting} (allowed: ${policy.origins.join(', ') || 'none'})`,
      }),
    );
    return true;
  }
  response.setHeader('allow', ALLOWED_METHODS);
  if (allowed) {
    response.setHeader('access-control-allow-methods', ALLOWED_METHODS);
    response.setHeader('access-control-allow-headers', ALLOWED_HEADERS);
    response.setHeader('access-control-max-age', PREFLIGHT_MAX_AGE_SECONDS);
  }
  response.writeHead(204);
  response.end();
  return true;
}
