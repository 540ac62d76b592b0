import type { IncomingMessage } from 'node:http';
import type { KeyObject } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, errors as joseErrors, jwtVerify, JWTPayload } from 'jose';
import { GraphQLError } from 'graphql';
import type { Caller } from '../../subgraphs/kit/src/caller-token';
import { ErrorCode, unauthenticated } from '../../subgraphs/kit/src/errors';
import { validateGridCode } from '../../subgraphs/kit/src/identifiers/grid-code';
import type { Department } from '../../access-policies/compiler/model';

/** Who is calling, from the request; throws UNAUTHENTICATED (401) or FORBIDDEN (403) with the reason. */
export type Authenticator = (request: IncomingMessage) => Promise<Caller>;

/** Asymmetric algorithms only: `none` and shared-secret HMAC can never verify a department token. */
const ALGORITHMS = ['EdDSA', 'ES256', 'ES384', 'RS256', 'PS256'];
const PURPOSE = /^[a-z][a-z0-9-]{0,63}$/;
const LEVELS = new Set(['city', 'town', 'community']);

export interface JwtAuthenticatorOptions {
  /** A public key (production key file, or the development issuer's), or a JWKS URL. */
  key: KeyObject | URL;
  issuer: string;
  audience: string;
  departments: Map<string, Department>;
}

export function createJwtAuthenticator(options: JwtAuthenticatorOptions): Authenticator {
  const key = options.key instanceof URL ? createRemoteJWKSet(options.key) : options.key;
  return async (request) => {
    const header = request.headers.authorization;
    if (typeof header !== 'string' || header.trim() === '') throw unauthenticated('no bearer token: send Authorization: Bearer <token>');
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match) throw unauthenticated('the Authorization header is not "Bearer <token>"');
    const token = match[1];
    let algorithm: unknown;
    try {
      algorithm = decodeProtectedHeader(token).alg;
    } catch {
      throw unauthenticated('the token is malformed');
    }
    if (typeof algorithm !== 'string' || !ALGORITHMS.includes(algorithm)) {
      throw unauthenticated(`the token's algorithm ${JSON.stringify(algorithm)} is not accepted`);
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key as never, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ALGORITHMS,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      throw unauthenticated(describeTokenError(error));
    }
    const caller = callerFromClaims(payload, options.departments);
    const purpose = request.headers['x-purpose'];
    if (purpose !== undefined) {
      if (typeof purpose !== 'string' || !PURPOSE.test(purpose)) {
        throw new GraphQLError('X-Purpose must be a purpose id such as epidemic-prevention', {
          extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } },
        });
      }
      const department = options.departments.get(caller.department)!;
      if (!department.purposes.includes(purpose)) {
        throw new GraphQLError(`${caller.department} may not state the purpose ${purpose}; its purposes: ${department.purposes.join(', ')}`, {
          extensions: { code: ErrorCode.FORBIDDEN, reason: 'PURPOSE_NOT_PERMITTED', http: { status: 403 } },
        });
      }
      caller.purpose = purpose;
    }
    return caller;
  };
}

function callerFromClaims(payload: JWTPayload, departments: Map<string, Department>): Caller {
  const department = payload.department;
  if (typeof department !== 'string') throw unauthenticated('the token has no department claim');
  if (!departments.has(department)) throw unauthenticated(`unknown department ${JSON.stringify(department)}`);
  const level = payload.level ?? 'city';
  if (typeof level !== 'string' || !LEVELS.has(level)) throw unauthenticated(`level must be city, town or community, got ${JSON.stringify(level)}`);
  const raw = payload.jurisdiction ?? [];
  const jurisdiction = (Array.isArray(raw) ? raw : [raw]).map(String);
  for (const code of jurisdiction) {
    const checked = validateGridCode(code);
    if (!checked.ok) throw unauthenticated(`jurisdiction ${JSON.stringify(code)} is not a grid code: ${checked.reason}`);
  }
  // A town or community official without a jurisdiction would otherwise read as city-wide.
  if (level !== 'city' && jurisdiction.length === 0) throw unauthenticated(`a ${level}-level token needs a jurisdiction claim`);
  const role = payload.role;
  return {
    user: String(payload.sub),
    department,
    level: level as Caller['level'],
    jurisdiction,
    ...(typeof role === 'string' ? { role } : {}),
  };
}

function describeTokenError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is invalid (${error.reason})`;
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'no key of the identity provider matches the token';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'the token algorithm is not accepted';
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid) return 'the token is malformed';
  return 'the token is invalid';
}
