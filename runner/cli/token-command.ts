import type { Config } from '../../platform/config';
import { repositoryPolicies } from '../../access-policies/runtime/load';
import { gridLevelOfCode } from '../../platform/identifiers/grid-code';
import { checkClaims } from '../../gateway/src/claims';
import { CALLER_LEVELS as LEVELS } from '../../platform/caller';
import { developmentIssuerKeys, parseTtl, signDepartmentToken } from '../../gateway/src/dev-tokens';

/**
 * Prints a development token; production tokens come from the government's identity provider.
 * Claims are checked exactly as the gateway checks them, so it never signs what would be refused.
 */
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
  const jurisdiction = options.jurisdiction ? options.jurisdiction.split(',').map((code) => code.trim()) : [];
  const level = options.level ?? levelOf(jurisdiction[0]);
  if (!(LEVELS as readonly string[]).includes(level)) {
    console.error(`gridshare: --level must be ${LEVELS.join(', ').replace(/, (\w+)$/, ' or $1')}`);
    return 2;
  }
  const checked = checkClaims(
    { user: options.user ?? `${options.department}-user`, department: options.department, level, jurisdiction, role: options.role },
    departments,
  );
  if (!checked.ok) {
    console.error(`gridshare: ${checked.reason} (--level, --jurisdiction and --role must agree with departments.yaml)`);
    return 2;
  }
  const token = await signDepartmentToken(
    developmentIssuerKeys(config).privateKey,
    { ...checked.caller, development: true },
    { issuer: config.jwt.issuer, audience: config.jwt.audience, ttlSeconds: parseTtl(options.ttl ?? '8h') },
  );
  console.log(token);
  return 0;
}

/** Without --level, the level the first jurisdiction code implies (a grid is a grid worker's: community). */
function levelOf(code: string | undefined): string {
  if (code === undefined) return 'city';
  const level = gridLevelOfCode(code);
  return level === 'CITY' ? 'city' : level === 'COMMUNITY' || level === 'GRID' ? 'community' : 'town';
}
