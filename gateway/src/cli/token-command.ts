import type { Config } from '../../../subgraphs/kit/src/config';
import { repositoryPolicies } from '../../../access-policies/compiler/load';
import { developmentIssuerKeys, parseTtl, signDepartmentToken } from '../dev-tokens';

/** Prints a development token; production tokens come from the government's identity provider. */
export async function runToken(
  config: Config,
  options: { department?: string; user?: string; level?: string; jurisdiction?: string; role?: string; ttl?: string },
): Promise<number> {
  if (config.jwt.publicKeyFile || config.jwt.jwksUrl) {
    console.error('gridshare: tokens come from the configured identity provider here; `gridshare token` signs only development tokens');
    return 1;
  }
  const departments = repositoryPolicies().departments;
  if (!options.department || !departments.has(options.department)) {
    console.error(`gridshare: --department must be one of: ${[...departments.keys()].join(', ')}`);
    return 2;
  }
  const level = options.level ?? (options.jurisdiction ? 'town' : 'city');
  if (!['city', 'town', 'community'].includes(level)) {
    console.error('gridshare: --level must be city, town or community');
    return 2;
  }
  const token = await signDepartmentToken(
    developmentIssuerKeys(config).privateKey,
    {
      department: options.department,
      user: options.user,
      level: level as 'city' | 'town' | 'community',
      jurisdiction: options.jurisdiction ? options.jurisdiction.split(',') : [],
      role: options.role,
    },
    { issuer: config.jwt.issuer, audience: config.jwt.audience, ttlSeconds: parseTtl(options.ttl ?? '8h') },
  );
  console.log(token);
  return 0;
}
