import { Caller, CALLER_LEVELS as LEVELS, callerSchema, describeCallerProblem } from '../../platform/caller';
import { GridLevel, validateGridCode } from '../../platform/identifiers/grid-code';
import type { Department } from '../../access-policies/runtime/model';

/** What a department token claims about its holder, before it is believed. */
export interface ClaimedIdentity {
  user: string;
  department: unknown;
  level?: unknown;
  jurisdiction?: unknown;
  role?: unknown;
  /** `development` on tokens of the development sign-in only. */
  identity?: unknown;
}

export type ClaimsCheck = { ok: true; caller: Caller } | { ok: false; reason: string };

/**
 * The grid levels a jurisdiction code may have at each official level. A community-level official
 * may also hold a single grid (a grid worker, 网格员, serves one grid of a community); a city-level
 * official's jurisdiction is empty or the city itself.
 */
const CODE_LEVELS: Record<Caller['level'], { levels: GridLevel[]; describe: string }> = {
  city: { levels: ['CITY'], describe: "must be empty or the city's own 6-digit code" },
  town: { levels: ['TOWN'], describe: 'must be town codes (12 digits ending in 000)' },
  community: { levels: ['COMMUNITY', 'GRID'], describe: 'must be community codes (12 digits) or grid codes below them (15 digits)' },
};

/**
 * One check of a token's claims for the gateway and for `gridshare token`, so that the command
 * never signs what the gateway would refuse: a known department, a level, a jurisdiction whose
 * codes agree with the level, and a role the department lists in departments.yaml.
 */
export function checkClaims(claims: ClaimedIdentity, departments: Map<string, Department>): ClaimsCheck {
  const fail = (reason: string): ClaimsCheck => ({ ok: false, reason });
  const { department: departmentId } = claims;
  if (typeof departmentId !== 'string') return fail('the token has no department claim');
  const department = departments.get(departmentId);
  if (!department) return fail(`unknown department ${JSON.stringify(departmentId)}`);

  const level = claims.level ?? 'city';
  if (typeof level !== 'string' || !(LEVELS as readonly string[]).includes(level)) {
    return fail(`level must be ${LEVELS.slice(0, -1).join(', ')} or ${LEVELS.at(-1)}, got ${JSON.stringify(level)}`);
  }
  const raw = claims.jurisdiction ?? [];
  const jurisdiction = (Array.isArray(raw) ? raw : [raw]).map(String);
  const allowed = CODE_LEVELS[level as Caller['level']];
  for (const code of jurisdiction) {
    const checked = validateGridCode(code);
    if (!checked.ok) return fail(`jurisdiction ${JSON.stringify(code)} is not a grid code: ${checked.reason}`);
    if (!allowed.levels.includes(checked.level)) {
      return fail(`a ${level}-level token's jurisdiction ${allowed.describe}, got ${code} (a ${checked.level.toLowerCase()} code)`);
    }
  }
  // A town or community official without a jurisdiction would otherwise read as city-wide.
  if (level !== 'city' && jurisdiction.length === 0) return fail(`a ${level}-level token needs a jurisdiction claim`);
  if (level === 'city' && jurisdiction.length > 1) return fail(`a city-level token's jurisdiction ${allowed.describe}, got ${jurisdiction.length} codes`);

  const role = claims.role;
  if (role !== undefined && role !== null) {
    if (typeof role !== 'string') return fail('role must be a string');
    if (department.roles.length === 0) return fail(`${departmentId} has no roles; send a token without a role claim`);
    if (!(department.roles as readonly string[]).includes(role)) {
      return fail(`role ${JSON.stringify(role)} is not a role of ${departmentId}; its roles: ${department.roles.join(', ')}`);
    }
  }
  // The caller token's receivers parse the same schema: what passes here is what a subgraph accepts.
  const caller = callerSchema.safeParse({
    user: claims.user,
    department: departmentId,
    level,
    jurisdiction,
    ...(typeof role === 'string' ? { role } : {}),
    ...(claims.identity === 'development' ? { identity: 'development' } : {}),
  });
  if (!caller.success) return fail(`the token's claims are invalid: ${describeCallerProblem(caller.error)}`);
  return { ok: true, caller: caller.data };
}
