import type { Caller, QuotaState } from '../../platform/caller';
import { jurisdictionPrefixes } from '../../platform/jurisdiction';
import type { DenialReason, FieldPolicy, GrantSpec, MaskName, Policies, PolicyFile } from './model';

/** Who is asking, as far as policy cares. */
export type Principal = Pick<Caller, 'department' | 'level' | 'jurisdiction' | 'purpose' | 'role'> & Partial<QuotaState>;

export type FieldDecision = { effect: 'allow' } | { effect: 'mask'; mask: MaskName } | { effect: 'deny'; reason: DenialReason; detail: string };

export type RowDecision = { scope: 'all' } | { scope: 'prefixes'; prefixes: string[] } | { scope: 'none' };

const ALLOW: FieldDecision = { effect: 'allow' };

/**
 * The single source of every access decision: subgraph enforcement, contract schemas, the matrix
 * and the audit all ask this function, so they cannot disagree.
 */
export function decideField(policies: Policies, subgraph: string, coordinate: string, principal: Principal): FieldDecision {
  const file = policies.subgraphs.get(subgraph);
  const [typeName, fieldName] = coordinate.split('.');
  const field = file?.types[typeName]?.fields[fieldName];
  if (!file || !field) return deny('NOT_SHARED', `${coordinate} has no policy in ${subgraph}`);
  // The owner reads every field, but within its daily quotas like everyone else.
  if (principal.department === file.owner) return quotaDenial(field, principal) ?? ALLOW;
  if (field.class === 'unconditional') return ALLOW;
  if (field.class === 'not-shared') return deny('NOT_SHARED', `${coordinate} is not shared outside ${file.owner}`);

  const grant = grantFor(policies, file, field, principal);
  if (!grant) return deny('NOT_SHARED', `${coordinate} is not shared with ${principal.department}`);
  if (grant === 'aggregate' && field.sensitivity !== 'aggregate') {
    return deny('NOT_SHARED', `${principal.department} may read ${coordinate} only as aggregates`);
  }
  const spec = typeof grant === 'string' ? {} : grant;
  if (spec.purposes) {
    if (!principal.purpose) return deny('PURPOSE_REQUIRED', `${coordinate} needs a purpose: one of ${spec.purposes.join(', ')}`);
    if (!spec.purposes.includes(principal.purpose)) {
      return deny('PURPOSE_NOT_PERMITTED', `${coordinate} may not be read for ${principal.purpose}; permitted: ${spec.purposes.join(', ')}`);
    }
  }
  const overQuota = quotaDenial(field, principal);
  if (overQuota) return overQuota;
  for (const read of field.reads ?? []) {
    const readDecision = decideField(policies, subgraph, read, principal);
    if (readDecision.effect !== 'allow') {
      return readDecision.effect === 'deny' && readDecision.reason !== 'NOT_SHARED'
        ? readDecision
        : deny('NOT_SHARED', `${coordinate} filters on ${read}, which ${principal.department} may not read unmasked`);
    }
  }
  return spec.mask ? { effect: 'mask', mask: spec.mask } : ALLOW;
}

/**
 * Whether the principal may filter `coordinate` by `argument`: filtering on a field is reading it
 * unmasked, since the rows that pass tell its value. Decided on the caller alone (never on data),
 * so a refusal says nothing about any row; a mask is no grant to filter (probing the filter would
 * undo it).
 */
export function decideFilter(policies: Policies, subgraph: string, coordinate: string, argument: string, principal: Principal): FieldDecision {
  const [typeName, fieldName] = coordinate.split('.');
  const read = policies.subgraphs.get(subgraph)?.types[typeName]?.fields[fieldName]?.filters?.[argument];
  if (!read) return deny('NOT_SHARED', `${coordinate} has no filter ${argument}`);
  const readDecision = decideField(policies, subgraph, read, principal);
  if (readDecision.effect === 'allow') return ALLOW;
  if (readDecision.effect === 'deny' && readDecision.reason !== 'NOT_SHARED') {
    return deny(readDecision.reason, `filter ${argument} of ${coordinate} reads ${read}: ${readDecision.detail}`);
  }
  return deny('NOT_SHARED', `filter ${argument} of ${coordinate} reads ${read}, which ${principal.department} may not read unmasked`);
}

/** Fields of a sensitivity whose quota this request could not reserve are refused. */
function quotaDenial(field: FieldPolicy, principal: Principal): FieldDecision | undefined {
  if (!field.sensitivity || !principal.exhausted?.includes(field.sensitivity)) return undefined;
  return deny('QUOTA_EXCEEDED', `${principal.department}'s daily quota of ${field.sensitivity} records cannot cover this request`);
}

function grantFor(policies: Policies, file: PolicyFile, field: FieldPolicy, principal: Principal): GrantSpec | undefined {
  const explicit = field.grants?.[principal.department];
  if (explicit) return explicit;
  if (field.rowsOf && decideRows(policies, file.subgraph, field.rowsOf, principal).scope !== 'none') return 'allow';
  return undefined;
}

/**
 * Which rows of a type the principal may see: all, those under its jurisdiction's grid prefixes, or
 * none. Row scope follows the caller's jurisdiction for everyone, the data owner included: owning
 * data means more fields, never more rows, so a community-level officer of the owner sees its
 * community. Only a city-level caller without a jurisdiction list sees the whole city.
 */
export function decideRows(policies: Policies, subgraph: string, typeName: string, principal: Principal): RowDecision {
  const file = policies.subgraphs.get(subgraph);
  const rows = file?.types[typeName]?.rows;
  if (!file || !rows) return { scope: 'none' };
  if (rows === 'unrestricted') return { scope: 'all' };
  const grant = principal.department === file.owner ? 'jurisdiction' : (rows.grants?.[principal.department] ?? rows.default);
  if (grant === 'none') return { scope: 'none' };
  const prefixes = jurisdictionPrefixes(principal);
  if (prefixes === 'all') return { scope: 'all' };
  // A town or community caller without a usable jurisdiction sees nothing: fail closed.
  return prefixes.length > 0 ? { scope: 'prefixes', prefixes } : { scope: 'none' };
}

export function rowVisible(decision: RowDecision, gridCode: unknown): boolean {
  if (decision.scope === 'all') return true;
  if (decision.scope === 'none' || typeof gridCode !== 'string') return false;
  return decision.prefixes.some((prefix) => gridCode.startsWith(prefix));
}

export type WriteDecision =
  { effect: 'direct' } | { effect: 'collect'; review: 'required' | 'after' } | { effect: 'deny'; reason: DenialReason; detail: string };

/**
 * Whether the principal may write a field, and how: directly, or only by submitting a change request
 * (collection). Rows are not decided here: the row scope of every write is the caller's jurisdiction
 * (decideRows on the type, asked by the mutation for the row it changes or creates).
 */
export function decideWrite(policies: Policies, subgraph: string, coordinate: string, principal: Principal): WriteDecision {
  const file = policies.subgraphs.get(subgraph);
  const [typeName, fieldName] = coordinate.split('.');
  const type = file?.types[typeName];
  const grant = type?.fields[fieldName]?.write?.[principal.department];
  if (!grant) return deny('WRITE_NOT_GRANTED', `${principal.department} may not write ${coordinate}`) as WriteDecision;
  if (!principal.role || !grant.roles.includes(principal.role as never)) {
    return deny('ROLE_NOT_PERMITTED', `${coordinate} may be written by ${principal.department}'s ${grant.roles.join(', ')} only`) as WriteDecision;
  }
  // Every write states why; a policy without purposes for it fails closed.
  const purposes = grant.purposes ?? type?.writes?.purposes ?? [];
  if (!principal.purpose) return deny('PURPOSE_REQUIRED', `writing ${coordinate} needs a purpose: one of ${purposes.join(', ')}`) as WriteDecision;
  if (!purposes.includes(principal.purpose)) {
    return deny('PURPOSE_NOT_PERMITTED', `${coordinate} may not be written for ${principal.purpose}; permitted: ${purposes.join(', ')}`) as WriteDecision;
  }
  return grant.via === 'collection' ? { effect: 'collect', review: grant.review ?? 'required' } : { effect: 'direct' };
}

function deny(reason: DenialReason, detail: string): FieldDecision {
  return { effect: 'deny', reason, detail };
}

/**
 * The most a department can get on a field whatever purpose it states (among its permitted ones):
 * what its contract schema and the matrix show.
 */
export function bestDecision(
  policies: Policies,
  subgraph: string,
  coordinate: string,
  department: string,
  /** A filter argument of the field: the most the department gets of using it (the matrix shows it). */
  filterArgument?: string,
): FieldDecision & { purposes?: string[] } {
  const dept = policies.departments.get(department);
  const base: Principal = { department, level: 'city', jurisdiction: [] };
  const decide = (principal: Principal) =>
    filterArgument === undefined
      ? decideField(policies, subgraph, coordinate, principal)
      : decideFilter(policies, subgraph, coordinate, filterArgument, principal);
  const withoutPurpose = decide(base);
  if (withoutPurpose.effect !== 'deny' || withoutPurpose.reason !== 'PURPOSE_REQUIRED') return withoutPurpose;
  const purposes = (dept?.purposes ?? []).filter((purpose) => decide({ ...base, purpose }).effect !== 'deny');
  if (purposes.length === 0) return withoutPurpose;
  return { ...decide({ ...base, purpose: purposes[0] }), purposes };
}
