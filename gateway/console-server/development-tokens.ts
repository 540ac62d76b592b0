import { createHash, KeyObject, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../platform/config';
import { developmentIssuerKeys, signDepartmentToken } from '../src/dev-tokens';

/** Signs department tokens for the console's "development identity" sign-in. */
export interface DevelopmentTokenIssuer {
  /** Whether a request presented this run's sign-in secret (compared in constant time). */
  accepts(secret: string | undefined): boolean;
  /** The console address that signs in with this run's secret (in the fragment, never sent to a server). */
  signInLink(origin: string): string;
  sign(department: string, user: string): Promise<{ token: string; expiresAt: string }>;
}

const TTL_SECONDS = 8 * 3600;

/** The header the console sends the secret in: a query string would land in access logs. */
export const DEVELOPMENT_SECRET_HEADER = 'x-gridshare-dev-secret';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Development identities exist only when the operator asks for them: `gridshare start` (and
 * `serve gateway` in development) prints a sign-in link carrying a random secret made for this run,
 * as notebook servers do, and only requests presenting it get a token. With a production key file
 * or JWKS URL configured this returns undefined and the route answers 404.
 *
 * `issuerKey` is the development issuer's private key when the caller already has one (tests bring
 * their own); otherwise the key under the data directory is read (or made) on first use.
 */
export function developmentTokenIssuer(config: Config, issuerKey?: KeyObject): DevelopmentTokenIssuer | undefined {
  if (config.jwt.publicKeyFile || config.jwt.jwksUrl) return undefined;
  const secret = randomBytes(32).toString('base64url');
  const expected = digest(secret);
  let key = issuerKey;
  return {
    // Digests first, so that the comparison takes as long whatever the length of the guess.
    accepts: (candidate) => candidate !== undefined && timingSafeEqual(digest(candidate), expected),
    signInLink: (origin) => `${origin}/console/#dev-secret=${secret}`,
    async sign(department, user) {
      key ??= developmentIssuerKeys(config).privateKey;
      const token = await signDepartmentToken(
        key,
        { department, user, development: true },
        { issuer: config.jwt.issuer, audience: config.jwt.audience, ttlSeconds: TTL_SECONDS },
      );
      return { token, expiresAt: new Date(Date.now() + TTL_SECONDS * 1000).toISOString() };
    },
  };
}
