import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { Config, DEVELOPMENT_ISSUER } from '../../platform/config';
import { KeyPair, loadOrCreateKeyPair, readPublicKey } from '../../platform/keys';

/** Claims of a department token, as the government's identity provider would issue them. */
export interface TokenClaims {
  department: string;
  user?: string;
  level?: 'city' | 'town' | 'community';
  jurisdiction?: string[];
  role?: string;
  /**
   * Marks the token as a development identity (claim `identity: "development"`): the console's
   * development sign-in and `gridshare token` set it, and the audit trail records it.
   */
  development?: boolean;
}

export function developmentIssuerKeys(config: Config): KeyPair {
  return loadOrCreateKeyPair(path.join(config.dataDir, 'keys'), 'development-issuer');
}

/** The key department tokens are verified with: configured in production, generated in development. */
export function tokenVerificationKey(config: Config): KeyObject | URL {
  if (config.jwt.jwksUrl) return new URL(config.jwt.jwksUrl);
  if (config.jwt.publicKeyFile) return readPublicKey(config.jwt.publicKeyFile);
  return developmentIssuerKeys(config).publicKey;
}

const TTL = /^(\d+)(s|m|h|d)$/;

export function parseTtl(ttl: string): number {
  const match = TTL.exec(ttl);
  if (!match) throw new Error(`--ttl must look like 30m, 8h or 1d, got ${JSON.stringify(ttl)}`);
  return Number(match[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[match[2] as 's' | 'm' | 'h' | 'd'];
}

export async function signDepartmentToken(
  privateKey: KeyObject,
  claims: TokenClaims,
  options: { issuer?: string; audience?: string; ttlSeconds?: number; now?: number } = {},
): Promise<string> {
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  return new SignJWT({
    department: claims.department,
    level: claims.level ?? 'city',
    jurisdiction: claims.jurisdiction ?? [],
    ...(claims.role ? { role: claims.role } : {}),
    ...(claims.development ? { identity: 'development' } : {}),
  })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .setIssuer(options.issuer ?? DEVELOPMENT_ISSUER)
    .setAudience(options.audience ?? 'gridshare')
    .setSubject(claims.user ?? `${claims.department}-user`)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.ttlSeconds ?? 8 * 3600))
    .sign(privateKey);
}
