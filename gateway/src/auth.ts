import type { IncomingMessage } from 'node:http';
import type { KeyObject } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, errors as joseErrors, jwtVerify, JWTPayload, JWTVerifyResult } from 'jose';
import { GraphQLError } from 'graphql';
import type { Caller } from '../../platform/caller';
import { ErrorCode, unauthenticated } from '../../platform/errors';
import type { Department } from '../../access-policies/runtime/model';
import { checkClaims } from './claims';
import { VerifiedToken, VerifiedTokens } from './verified-tokens';

/**
 * Who is calling, from the request; throws UNAUTHENTICATED (401) or FORBIDDEN (403) with the reason.
 * A refusal after the token itself was verified (a purpose the department may not state) carries
 * the verified caller, so that the audit trail can say who was refused.
 */
export type Authenticator = (request: IncomingMessage) => Promise<Caller>;

/** The verified caller of a refused request, when the token itself was valid. */
export function refusedCaller(error: unknown): Caller | undefined {
  return (error as { caller?: Caller } | undefined)?.caller;
}

/** Asymmetric algorithms only: `none` and shared-secret HMAC can never verify a department token. */
const ALGORITHMS = ['EdDSA', 'ES256', 'ES384', 'RS256', 'PS256'];
const PURPOSE = /^[a-z][a-z0-9-]{0,63}$/;
/** Clock difference tolerated between the identity provider and the gateway, for exp, nbf and iat. */
export const CLOCK_SKEW_SECONDS = 60;

export interface JwtAuthenticatorOptions {
  /** A public key (production key file, or the development issuer's), or a JWKS URL. */
  key: KeyObject | URL;
  issuer: string;
  audience: string;
  departments: Map<string, Department>;
  /** The clock tokens are judged by (tests inject one); real time otherwise. */
  now?: () => number;
  /** Where verified tokens are kept until they expire; a store of its own unless given. */
  verifiedTokens?: VerifiedTokens;
}

export function createJwtAuthenticator(options: JwtAuthenticatorOptions): Authenticator {
  const key = options.key instanceof URL ? createRemoteJWKSet(options.key) : options.key;
  // The Ed25519 check is the largest frame of the gateway's profile on cheap lookups: a token is
  // verified in full once, then trusted until its exp (VerifiedTokens), its claims checked each time.
  const verifiedTokens = options.verifiedTokens ?? new VerifiedTokens();

  /**
   * A verification stands only while the key that made it is still the key for the token: the same
   * fixed key (a store shared by authenticators of different keys serves none of the other's), or
   * the key the issuer's key set gives for the token's header now (a rotated-away key serves none).
   */
  const keyStillServes = async (verified: VerifiedToken): Promise<boolean> => {
    try {
      return (typeof key === 'function' ? await key(verified.header) : key) === verified.key;
    } catch {
      return false;
    }
  };

  const verifyToken = async (token: string, now: number): Promise<JWTPayload> => {
    const cached = verifiedTokens.get(token, now);
    if (cached) {
      if (await keyStillServes(cached)) return cached.payload;
      verifiedTokens.forget(token);
    }
    let algorithm: unknown;
    try {
      algorithm = decodeProtectedHeader(token).alg;
    } catch {
      throw refusal('MALFORMED', 'the token is malformed');
    }
    if (typeof algorithm !== 'string' || !ALGORITHMS.includes(algorithm)) {
      throw refusal('ALGORITHM', `the token's algorithm ${JSON.stringify(algorithm)} is not accepted`);
    }
    let verified: JWTVerifyResult & { key?: unknown };
    try {
      verified = await jwtVerify(token, key as never, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ALGORITHMS,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: CLOCK_SKEW_SECONDS,
        currentDate: new Date(now),
      });
    } catch (error) {
      throw refusal(...describeTokenError(error));
    }
    const { payload } = verified;
    // jose checks iat only against a maximum age; a token "issued" later than now is forged or from a wrong clock.
    if (typeof payload.iat === 'number' && payload.iat > now / 1000 + CLOCK_SKEW_SECONDS) {
      throw refusal('NOT_YET_VALID', `the token's iat claim lies in the future (more than ${CLOCK_SKEW_SECONDS} s ahead of the gateway's clock)`);
    }
    verifiedTokens.remember(token, { payload, header: verified.protectedHeader, key: typeof key === 'function' ? verified.key : key }, now);
    return payload;
  };

  return async (request) => {
    const header = request.headers.authorization;
    if (typeof header !== 'string' || header.trim() === '') throw refusal('NO_TOKEN', 'no bearer token: send Authorization: Bearer <token>');
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match) throw refusal('MALFORMED', 'the Authorization header is not "Bearer <token>"');
    const payload = await verifyToken(match[1], options.now?.() ?? Date.now());
    const checked = checkClaims({ ...payload, department: payload.department, user: String(payload.sub) }, options.departments);
    if (!checked.ok) throw refusal('CLAIMS', checked.reason);
    const caller = checked.caller;
    const purpose = request.headers['x-purpose'];
    if (purpose !== undefined) {
      if (typeof purpose !== 'string' || !PURPOSE.test(purpose)) {
        throw withCaller(
          new GraphQLError('X-Purpose must be a purpose id such as epidemic-prevention', {
            extensions: { code: ErrorCode.BAD_USER_INPUT, reason: 'PURPOSE_MALFORMED', http: { status: 400 } },
          }),
          caller,
        );
      }
      const department = options.departments.get(caller.department)!;
      if (!department.purposes.includes(purpose)) {
        throw withCaller(
          new GraphQLError(`${caller.department} may not state the purpose ${purpose}; its purposes: ${department.purposes.join(', ')}`, {
            extensions: { code: ErrorCode.FORBIDDEN, reason: 'PURPOSE_NOT_PERMITTED', http: { status: 403 } },
          }),
          caller,
        );
      }
      caller.purpose = purpose;
    }
    return caller;
  };
}

function withCaller(error: GraphQLError, caller: Caller): GraphQLError {
  // Not an extension: the client is never sent its own verified identity back; only the trail reads it.
  Object.defineProperty(error, 'caller', { value: caller, enumerable: false });
  return error;
}

function describeTokenError(error: unknown): [AuthFailureKind, string] {
  if (error instanceof joseErrors.JWTExpired) return ['EXPIRED', 'the token has expired'];
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return ['BAD_SIGNATURE', 'the token signature does not verify'];
  if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'nbf')
    return ['NOT_YET_VALID', "the token's nbf claim lies in the future: it is not valid yet"];
  if (error instanceof joseErrors.JWTClaimValidationFailed) return ['CLAIMS', `the token's ${error.claim} claim is invalid (${error.reason})`];
  if (error instanceof joseErrors.JWKSNoMatchingKey) return ['BAD_SIGNATURE', 'no key of the identity provider matches the token'];
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return ['ALGORITHM', 'the token algorithm is not accepted'];
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid) return ['MALFORMED', 'the token is malformed'];
  return ['OTHER', 'the token is invalid'];
}

/**
 * Why a request was refused before any operation ran, in a few words an operator can graph (the
 * metric's label): the message itself names details and would make a new series per token.
 */
export type AuthFailureKind = 'NO_TOKEN' | 'MALFORMED' | 'ALGORITHM' | 'BAD_SIGNATURE' | 'EXPIRED' | 'NOT_YET_VALID' | 'CLAIMS' | 'OTHER';

const FAILURE_KIND = Symbol('authFailureKind');

function refusal(kind: AuthFailureKind, reason: string): GraphQLError {
  return Object.assign(unauthenticated(reason), { [FAILURE_KIND]: kind });
}

/** The kind of a refusal thrown by an authenticator: its own, a purpose refusal's reason, or OTHER. */
export function authFailureKind(error: unknown): string {
  const kind = (error as { [FAILURE_KIND]?: AuthFailureKind } | undefined)?.[FAILURE_KIND];
  if (kind) return kind;
  const reason = (error as { extensions?: { reason?: unknown } } | undefined)?.extensions?.reason;
  return reason === 'PURPOSE_MALFORMED' || reason === 'PURPOSE_NOT_PERMITTED' ? reason : 'OTHER';
}
