import { createHash, KeyObject, randomUUID, sign as signBytes } from 'node:crypto';
import canonicalize from 'canonicalize';
import { jwtVerify, errors as joseErrors } from 'jose';
import { UsedTokenIds } from './used-token-ids';
import { asKeySet, asSigningKey, KeySet, KeySetError, SigningKey } from './key-set';
import { Caller, callerSchema, describeCallerProblem, NO_QUOTA_EXHAUSTED, QuotaState } from './caller';

/** What a subgraph learns from a caller token: who calls, and what quota the gateway found used up. */
export interface VerifiedCall {
  caller: Caller;
  quota: QuotaState;
}

/** What a subgraph executes: a caller token is signed for exactly this and nothing else. */
export interface SubgraphRequestBody {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
}

export const CALLER_TOKEN_ISSUER = 'gridshare-gateway';
/** A token is made for one request that leaves at once: seconds are enough, and bound how long a used id must be remembered. */
export const CALLER_TOKEN_TTL_SECONDS = 10;
/** Clock difference tolerated between the gateway's host and a subgraph's. */
export const CALLER_TOKEN_CLOCK_TOLERANCE_SECONDS = 5;

/**
 * SHA-256 (base64url) of the RFC 8785 canonical JSON of what the subgraph will execute. A missing
 * member counts as null, as it does once the body has been through JSON.
 */
export function requestDigest(body: SubgraphRequestBody): string {
  const canonical = canonicalize({ query: body.query ?? null, operationName: body.operationName ?? null, variables: body.variables ?? null });
  return createHash('sha256')
    .update(canonical ?? 'null')
    .digest('base64url');
}

/**
 * Signs one caller token per subgraph request: bound to that request's digest, with a unique id
 * that the subgraph accepts once and a lifetime of seconds. Nothing is cached: a token reused for
 * a second request would be refused.
 *
 * The compact JWS is assembled here rather than with jose's SignJWT because jose signs only
 * asynchronously: this runs once per subgraph fetch on the gateway's hot path, and the benchmark's
 * load generator must sign inside autocannon's synchronous request hook. Verification is jose's.
 */
export class CallerTokenSigner {
  private readonly key: SigningKey;
  /** The header names the key (kid), so that verifiers holding several keys during a rotation pick this one. */
  private readonly header: string;

  constructor(
    key: KeyObject | SigningKey,
    private readonly now: () => number = Date.now,
  ) {
    this.key = asSigningKey(key);
    this.header = base64url(JSON.stringify({ alg: 'EdDSA', typ: 'gridshare-caller+jwt', kid: this.key.kid }));
  }

  sign(caller: Caller, audience: string, request: SubgraphRequestBody, quota: QuotaState = NO_QUOTA_EXHAUSTED): string {
    const nowSeconds = Math.floor(this.now() / 1000);
    const payload = {
      iss: CALLER_TOKEN_ISSUER,
      aud: audience,
      jti: randomUUID(),
      iat: nowSeconds,
      exp: nowSeconds + CALLER_TOKEN_TTL_SECONDS,
      dig: requestDigest(request),
      ...callerClaims(caller, quota),
    };
    const signingInput = `${this.header}.${base64url(JSON.stringify(payload))}`;
    return `${signingInput}.${signBytes(null, Buffer.from(signingInput), this.key.privateKey).toString('base64url')}`;
  }
}

/** The claims of a caller token that say who calls and what quota is used up. */
function callerClaims(caller: Caller, quota: QuotaState) {
  return {
    sub: caller.user,
    dep: caller.department,
    lvl: caller.level,
    jur: caller.jurisdiction,
    ...(caller.purpose ? { pur: caller.purpose } : {}),
    ...(caller.role ? { rol: caller.role } : {}),
    ...(caller.identity ? { idn: caller.identity } : {}),
    ...(quota.exhausted.length ? { exh: quota.exhausted } : {}),
  };
}

/**
 * Everything a subgraph's answer to a request depends on besides the request itself: the caller
 * token's claims other than its id, times, audience and digest. Two subgraph requests with the same
 * key and the same body are answered alike, so the gateway may share one fetch between them; built
 * from the very claims the token carries, so a claim added to the token is part of the key too.
 */
export function callerIdentityKey(caller: Caller, quota: QuotaState = NO_QUOTA_EXHAUSTED): string {
  return JSON.stringify(callerClaims(caller, quota));
}

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

export class CallerTokenError extends Error {}

/**
 * A subgraph's check of the tokens the gateway signed for it: signature, audience, a lifetime no
 * longer than the gateway gives, the digest of the request actually received, and an id never
 * seen before. The ids are remembered in this process only (see the README's note on replicas).
 */
export class CallerTokenVerifier {
  private readonly used: UsedTokenIds;
  private readonly keys: KeySet;

  constructor(
    keys: KeyObject | KeySet,
    private readonly audience: string,
    private readonly now: () => number = Date.now,
    capacity?: number,
  ) {
    this.used = new UsedTokenIds(capacity);
    this.keys = asKeySet(keys);
  }

  async verify(token: string, body: SubgraphRequestBody | undefined): Promise<VerifiedCall> {
    const nowMs = this.now();
    let payload;
    try {
      ({ payload } = await jwtVerify(token, (header) => this.keys.tokenKey(header.kid), {
        issuer: CALLER_TOKEN_ISSUER,
        audience: this.audience,
        algorithms: ['EdDSA'],
        typ: 'gridshare-caller+jwt',
        requiredClaims: ['exp', 'iat', 'sub', 'dep', 'jti', 'dig'],
        clockTolerance: CALLER_TOKEN_CLOCK_TOLERANCE_SECONDS,
        maxTokenAge: CALLER_TOKEN_TTL_SECONDS + CALLER_TOKEN_CLOCK_TOLERANCE_SECONDS,
        currentDate: new Date(nowMs),
      }));
    } catch (error) {
      throw new CallerTokenError(describeJoseError(error, this.audience));
    }
    if (payload.exp! - payload.iat! > CALLER_TOKEN_TTL_SECONDS) {
      throw new CallerTokenError(`caller token lives longer than ${CALLER_TOKEN_TTL_SECONDS} s`);
    }
    if (payload.dig !== requestDigest(body ?? {})) throw new CallerTokenError('caller token was not signed for this request');
    // The claims are parsed before the id is used, so that a token refused for another reason does
    // not use up the id of the real request.
    const parsed = callerSchema.safeParse({
      user: payload.sub,
      department: payload.dep,
      level: payload.lvl,
      jurisdiction: payload.jur ?? [],
      ...(payload.pur !== undefined ? { purpose: payload.pur } : {}),
      ...(payload.rol !== undefined ? { role: payload.rol } : {}),
      ...(payload.idn !== undefined ? { identity: payload.idn } : {}),
    });
    if (!parsed.success) throw new CallerTokenError(`caller token claims are invalid: ${describeCallerProblem(parsed.error)}`);
    const exhausted = payload.exh ?? [];
    if (!Array.isArray(exhausted) || !exhausted.every((s) => typeof s === 'string')) throw new CallerTokenError('caller token quota claim is invalid');
    const forgetAfter = (payload.exp! + CALLER_TOKEN_CLOCK_TOLERANCE_SECONDS) * 1000;
    const fresh = this.used.claim(String(payload.jti), forgetAfter, nowMs);
    if (fresh === 'full') throw new CallerTokenError('too many caller tokens in flight; try again');
    if (!fresh) throw new CallerTokenError('caller token was already used');
    return { caller: parsed.data, quota: { exhausted } };
  }
}

function describeJoseError(error: unknown, audience: string): string {
  if (error instanceof KeySetError) return error.message;
  if (error instanceof joseErrors.JWTExpired) return 'caller token expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return `caller token is not for the ${audience} subgraph`;
    return `caller token claim "${error.claim}" is invalid`;
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return "caller token signature is not the gateway's";
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'caller token algorithm is not allowed';
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid) return 'caller token is malformed';
  return 'caller token is invalid';
}
