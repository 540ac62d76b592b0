import type { IncomingMessage } from 'node:http';
import type { Authenticator } from '../../../gateway/src/auth';
import type { Caller } from '../../../platform/caller';

/**
 * A PROPOSED wrapper for gateway/src/auth.ts (measured by the bench's `--experiments`): a department
 * token that verified once is trusted again until it expires, so the Ed25519 signature check (the
 * largest single frame of the gateway's profile on cheap lookups) runs once per token, not once
 * per request. Keyed by the exact Authorization and X-Purpose values; refusals are not cached, so
 * every bad token is still checked and refused in full. Bounded: cleared past 10 000 entries.
 */
export function cachedAuthenticator(inner: Authenticator, now: () => number = Date.now): Authenticator {
  const cache = new Map<string, { caller: Caller; expiresAt: number }>();
  return async (request: IncomingMessage) => {
    const key = `${request.headers.authorization ?? ''}\u0000${request.headers['x-purpose'] ?? ''}`;
    const hit = cache.get(key);
    if (hit && hit.expiresAt > now()) return { ...hit.caller, jurisdiction: [...hit.caller.jurisdiction] };
    const caller = await inner(request);
    const expiresAt = tokenExpiry(request.headers.authorization);
    if (expiresAt !== undefined) {
      if (cache.size > 10_000) cache.clear();
      cache.set(key, { caller: { ...caller, jurisdiction: [...caller.jurisdiction] }, expiresAt });
    }
    return caller;
  };
}

/** The exp claim (ms) of a token that has just verified; undefined when it cannot be read. */
function tokenExpiry(header: string | undefined): number | undefined {
  const token = header?.split(/\s+/)[1];
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
