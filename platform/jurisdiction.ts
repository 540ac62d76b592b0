import { gridCodePrefix } from './identifiers/grid-code';

/**
 * What rows a caller's jurisdiction reaches: one rule for the policies' row scope, the subgraphs'
 * SQL filters and the events workflow. A city-level caller without a jurisdiction list reaches the
 * whole city; anyone else reaches the grids under its jurisdiction codes, and nothing when none of
 * them is a grid code (fail closed: a town official whose codes were lost sees no rows, not all).
 */
export interface JurisdictionHolder {
  /** city when absent, as in department tokens. */
  level?: 'city' | 'town' | 'community';
  jurisdiction: readonly string[];
}

/** 'all', or the code prefixes every row in reach starts with (empty: no rows). */
export function jurisdictionPrefixes(holder: JurisdictionHolder): 'all' | string[] {
  if ((holder.level ?? 'city') === 'city' && holder.jurisdiction.length === 0) return 'all';
  return holder.jurisdiction.map((code) => gridCodePrefix(code)).flatMap((p) => (p.ok ? [p.prefix] : []));
}

/** Whether a row filed under `gridCode` lies in the holder's jurisdiction. */
export function coversGrid(holder: JurisdictionHolder, gridCode: string): boolean {
  const prefixes = jurisdictionPrefixes(holder);
  return prefixes === 'all' || prefixes.some((prefix) => gridCode.startsWith(prefix));
}
