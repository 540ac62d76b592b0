import type { KeyObject } from 'node:crypto';
import type { Config } from '../../platform/config';
import { developmentIssuerKeys, signDepartmentToken } from '../../gateway/src/dev-tokens';
import { tokenFromFile } from '../../subgraphs/kit/src/service/token-file';

/** A system identity a service calls the gateway as (departments.yaml: the department's `service` role). */
export interface ServiceIdentity {
  department: string;
  user: string;
  role: 'service';
  level: 'city';
}

/** A development token's lifetime; a new one is signed a minute before it ends. */
const DEVELOPMENT_TOKEN_SECONDS = 3600;

/**
 * A service's token: the file the setting names in production (re-read when it changes); without a
 * production identity provider, one the runner signs with the development issuer key (marked a
 * development identity, as the console's are). A production issuer without a token file: none, and
 * whatever needs the token fails closed.
 */
export function serviceToken(
  config: Config,
  identity: ServiceIdentity,
  tokenFile: string | undefined,
  developmentIssuerKey?: KeyObject,
): (() => Promise<string>) | undefined {
  if (tokenFile) return tokenFromFile(tokenFile);
  if (config.jwt.publicKeyFile || config.jwt.jwksUrl) return undefined;
  let current: { token: string; renewAt: number } | undefined;
  return async () => {
    if (current && Date.now() < current.renewAt) return current.token;
    const key = developmentIssuerKey ?? developmentIssuerKeys(config).privateKey;
    const token = await signDepartmentToken(
      key,
      { ...identity, development: true },
      {
        issuer: config.jwt.issuer,
        audience: config.jwt.audience,
        ttlSeconds: DEVELOPMENT_TOKEN_SECONDS,
      },
    );
    current = { token, renewAt: Date.now() + (DEVELOPMENT_TOKEN_SECONDS - 60) * 1000 };
    return token;
  };
}
