import type { JWTPayload, ProtectedHeaderParameters } from 'jose';

/** What verified: the token's claims, and the key that verified them (to notice a key rotated away). */
export interface VerifiedToken {
  payload: JWTPayload;
  header: ProtectedHeaderParameters;
  key: unknown;
}

/** Enough for a busy city's officials at once; beyond it the oldest verification is forgotten first. */
export const VERIFIED_TOKENS_CAPACITY = 10_000;

/**
 * Department tokens whose signature and claims verified, by the exact token string, until their
 * `exp` (never the clock skew beyond it: past `exp` the token is verified in full again). Only a
 * token that verified is ever stored; any other string, a forged signature on a cached token's
 * claims included, misses and is verified (and refused) in full. What the claims mean today (the
 * department known, its purposes) is checked on every request, not stored here.
 *
 * Written rather than taken from a library: an LRU package would still need the per-entry expiry
 * from the token and the key check, which are the whole of it; insertion order bounds the size.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, VerifiedToken & { expiresAtMs: number }>();

  constructor(private readonly capacity = VERIFIED_TOKENS_CAPACITY) {}

  get(token: string, nowMs: number): VerifiedToken | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (nowMs >= entry.expiresAtMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry;
  }

  remember(token: string, verified: VerifiedToken, nowMs: number): void {
    const exp = verified.payload.exp;
    if (typeof exp !== 'number' || exp * 1000 <= nowMs) return;
    this.entries.delete(token);
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { ...verified, expiresAtMs: exp * 1000 });
  }

  forget(token: string): void {
    this.entries.delete(token);
  }

  get size(): number {
    return this.entries.size;
  }
}
