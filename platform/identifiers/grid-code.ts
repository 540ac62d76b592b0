/**
 * Codes of the grid hierarchy: city → town (镇街) → community (村社区) → grid (基础网格).
 *
 * City: the 6-digit GB/T 2260 division code ("449900").
 * Town: the 12-digit statistical code, county part + 3-digit town number + "000" ("449900101000").
 * Community: the 12-digit statistical code, town part + 3-digit community number ("449900101001").
 * Grid: the community code + a 3-digit grid number ("449900101001003").
 *
 * A town's significant prefix is 9 digits, not 12: its trailing "000" is padding that its communities replace,
 * so "starts with the prefix" is the test for "lies inside" at every level.
 */

export type GridLevel = 'CITY' | 'TOWN' | 'COMMUNITY' | 'GRID';

export type GridCodeValidation = { ok: true; level: GridLevel; prefix: string } | { ok: false; reason: string };

const PREFIX_LENGTH: Record<GridLevel, number> = { CITY: 6, TOWN: 9, COMMUNITY: 12, GRID: 15 };

export function validateGridCode(code: string): GridCodeValidation {
  if (!/^\d*$/.test(code)) return { ok: false, reason: `must contain only digits, got ${JSON.stringify(code)}` };
  if (code.length !== 6 && code.length !== 12 && code.length !== 15) {
    return { ok: false, reason: `must be 6 (city), 12 (town or community) or 15 (grid) digits, got ${code.length}` };
  }
  if (code.length === 6) return { ok: true, level: 'CITY', prefix: code };

  if (code.slice(6, 9) === '000') return { ok: false, reason: 'town number (digits 7-9) must not be 000' };
  if (code.length === 12) {
    const level: GridLevel = code.endsWith('000') ? 'TOWN' : 'COMMUNITY';
    return { ok: true, level, prefix: code.slice(0, PREFIX_LENGTH[level]) };
  }

  if (code.slice(9, 12) === '000') return { ok: false, reason: 'community number (digits 10-12) must not be 000' };
  if (code.endsWith('000')) return { ok: false, reason: 'grid number (digits 13-15) must not be 000' };
  return { ok: true, level: 'GRID', prefix: code };
}

export function gridLevelOfCode(code: string): GridLevel | undefined {
  const result = validateGridCode(code);
  return result.ok ? result.level : undefined;
}

/** The prefix every descendant's code starts with. */
export function gridCodePrefix(code: string): GridCodeValidation {
  return validateGridCode(code);
}

/** The code of the level above, null for a city; undefined for a malformed code. */
export function parentGridCode(code: string): string | null | undefined {
  switch (gridLevelOfCode(code)) {
    case 'CITY':
      return null;
    case 'TOWN':
      return code.slice(0, 6);
    case 'COMMUNITY':
      return `${code.slice(0, 9)}000`;
    case 'GRID':
      return code.slice(0, 12);
    default:
      return undefined;
  }
}

/** Whether `code` lies inside `ancestorCode` (a code lies inside itself). */
export function isWithinGridCode(code: string, ancestorCode: string): boolean {
  const ancestor = validateGridCode(ancestorCode);
  return ancestor.ok && code.startsWith(ancestor.prefix);
}
