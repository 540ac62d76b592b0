import type { IncomingMessage } from 'node:http';

/** The realm a 401's challenge names. */
const REALM = 'gridshare';

/**
 * The `WWW-Authenticate` challenge of a 401 (RFC 6750 §3): a request without credentials is told
 * the scheme only; one whose token was refused also gets `invalid_token` and why, so a client
 * library knows to fetch a new token rather than retry.
 */
export function bearerChallenge(request: IncomingMessage, reason: string | undefined): string {
  const sentToken = typeof request.headers.authorization === 'string' && request.headers.authorization.trim() !== '';
  if (!sentToken) return `Bearer realm="${REALM}"`;
  // A quoted-string may not hold quotes or backslashes, and headers only visible ASCII.
  const description = (reason ?? 'the token was refused')
    .replace(/["\\]/g, "'")
    .replace(/[^\x20-\x7e]/g, '?')
    .slice(0, 200);
  return `Bearer realm="${REALM}", error="invalid_token", error_description="${description}"`;
}

/** The reason (or message) of the first error of a GraphQL answer, when the body is one. */
export function firstErrorReason(body: string | undefined): string | undefined {
  if (!body) return undefined;
  try {
    const error = JSON.parse(body)?.errors?.[0];
    const reason = error?.extensions?.reason;
    return typeof reason === 'string' && reason !== '' ? reason : typeof error?.message === 'string' ? error.message : undefined;
  } catch {
    return undefined;
  }
}
