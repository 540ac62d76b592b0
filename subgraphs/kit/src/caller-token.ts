import type { KeyObject } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';

/** The verified caller, as the gateway forwards it to every subgraph. */
export interface Caller {
  user: string;
  department: string;
  level: 'city' | 'town' | 'community';
  /** Division or grid code prefixes the caller may see rows of; empty for city level. */
  jurisdiction: string[];
  purpose?: string;
  role?: string;
  /** Sensitivities whose daily quota the department has used up (the gateway counts them from the audit trail). */
  exhausted?: string[];
}

export const CALLER_TOKEN_ISSUER = 'gridshare-gateway';
const CALLER_TOKEN_TTL_SECONDS = 60;

/** Signs caller tokens, reusing one per (caller, subgraph) while it has most of its life left. */
export class CallerTokenSigner {
  private readonly cache = new Map<string, { token: string; renewAt: number }>();

  constructor(private readonly privateKey: KeyObject, private readonly now: () => number = Date.now) {}

  async sign(caller: Caller, audience: string): Promise<string> {
    const key = `${audience}\u0000${JSON.stringify(caller)}`;
    const cached = this.cache.get(key);
    const nowMs = this.now();
    if (cached && cached.renewAt > nowMs) return cached.token;
    const token = await new SignJWT({
      dep: caller.department,
      lvl: caller.level,
      jur: caller.jurisdiction,
      ...(caller.purpose ? { pur: caller.purpose } : {}),
      ...(caller.role ? { rol: caller.role } : {}),
      ...(caller.exhausted?.length ? { exh: caller.exhausted } : {}),
    })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'gridshare-caller+jwt' })
      .setIssuer(CALLER_TOKEN_ISSUER)
      .setAudience(audience)
      .setSubject(caller.user)
      .setIssuedAt(Math.floor(nowMs / 1000))
      .setExpirationTime(Math.floor(nowMs / 1000) + CALLER_TOKEN_TTL_SECONDS)
      .sign(this.privateKey);
    // Bounded: distinct callers per minute are few (departments × users); clear rather than evict.
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { token, renewAt: nowMs + (CALLER_TOKEN_TTL_SECONDS * 1000) / 2 });
    return token;
  }
}

export class CallerTokenError extends Error {}

/** Verifies a gateway-signed caller token for this subgraph; throws CallerTokenError with the reason. */
export async function verifyCallerToken(token: string, publicKey: KeyObject, audience: string): Promise<Caller> {
  try {
    const { payload } = await jwtVerify(token, publicKey, {
      issuer: CALLER_TOKEN_ISSUER,
      audience,
      algorithms: ['EdDSA'],
      typ: 'gridshare-caller+jwt',
      requiredClaims: ['exp', 'sub', 'dep'],
    });
    const level = payload.lvl;
    if (level !== 'city' && level !== 'town' && level !== 'community') throw new CallerTokenError('caller token has no valid level');
    return {
      user: String(payload.sub),
      department: String(payload.dep),
      level,
      jurisdiction: Array.isArray(payload.jur) ? payload.jur.map(String) : [],
      purpose: typeof payload.pur === 'string' ? payload.pur : undefined,
      role: typeof payload.rol === 'string' ? payload.rol : undefined,
      ...(Array.isArray(payload.exh) ? { exhausted: payload.exh.map(String) } : {}),
    };
  } catch (error) {
    if (error instanceof CallerTokenError) throw error;
    throw new CallerTokenError(describeJoseError(error, audience));
  }
}

function describeJoseError(error: unknown, audience: string): string {
  if (error instanceof joseErrors.JWTExpired) return 'caller token expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return `caller token is not for the ${audience} subgraph`;
    return `caller token claim "${error.claim}" is invalid`;
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'caller token signature is not the gateway\'s';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'caller token algorithm is not allowed';
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid) return 'caller token is malformed';
  return 'caller token is invalid';
}
