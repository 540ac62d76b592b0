import type { KeyObject } from 'node:crypto';
import type { Config } from '../../subgraphs/kit/src/config';
import { developmentIssuerKeys, signDepartmentToken } from '../src/dev-tokens';

/** Signs department tokens for the console's "development identity" sign-in. */
export interface DevelopmentTokenIssuer {
  sign(department: string, user: string): Promise<{ token: string; expiresAt: string }>;
}

const TTL_SECONDS = 8 * 3600;

/**
 * Development identities exist only while the gateway verifies tokens with the development issuer's
 * key, i.e. no production key file or JWKS URL is configured: then anyone able to reach the gateway
 * could mint the same tokens with `gridshare token` anyway. With a production key configured this
 * returns undefined and the console's dev-token route answers 404.
 *
 * `issuerKey` is the development issuer's private key when the caller already has one (tests bring
 * their own); otherwise the key under the data directory is read (or made) on first use.
 */
export function developmentTokenIssuer(config: Config, issuerKey?: KeyObject): DevelopmentTokenIssuer | undefined {
  if (config.jwt.publicKeyFile || config.jwt.jwksUrl) return undefined;
  let key = issuerKey;
  return {
    async sign(department, user) {
      key ??= developmentIssuerKeys(config).privateKey;
      const token = await signDepartmentToken(
        key,
        { department, user },
        { issuer: config.jwt.issuer, audience: config.jwt.audience, ttlSeconds: TTL_SECONDS },
      );
      return { token, expiresAt: new Date(Date.now() + TTL_SECONDS * 1000).toISOString() };
    },
  };
}
