import { validateCreditCode } from '../../../platform/identifiers/credit-code';
import { validateGridCode } from '../../../platform/identifiers/grid-code';
import { badUserInput } from './errors';
import { checkGridCodeLength, quoted } from './workflow/input';

/**
 * Events point at base data owned by other subgraphs (persons, houses, legal entities, addresses,
 * grids). This subgraph cannot read their databases, so it checks what it can decide alone:
 *  - every reference is syntactically valid (USCC check character per GB 32100, grid-code structure);
 *  - a location, and every involved house, lies in a grid this subgraph knows (grid_reference, the
 *    copy of the grid hierarchy it keeps), because addresses and house codes extend their grid's code;
 *  - person ids have the population subgraph's form, and (in the store) involved persons and legal
 *    entities exist in the reference tables of keys this subgraph keeps (person_reference,
 *    entity_reference), fed like grid_reference.
 */

export const INVOLVED_MAX = 20;

const PERSON_ID = /^P\d{9}$/;
/** A standard address code is its grid's 15-digit code plus a 4-digit number. */
const ADDRESS_CODE = /^\d{19}$/;
/** A house code is its building's code (address + 2 digits) plus floor and room (4 digits). */
const HOUSE_CODE = /^\d{25}$/;

export interface InvolvedInput {
  involvedPersonIds?: readonly string[] | null;
  involvedHouseCodes?: readonly string[] | null;
  involvedLegalEntityUsccs?: readonly string[] | null;
}

export interface Involved {
  personIds: string[];
  houseCodes: string[];
  entityUsccs: string[];
}

function checkedList(values: readonly string[] | null | undefined, field: string, check: (value: string) => string | null): string[] {
  const list = values ?? [];
  if (list.length > INVOLVED_MAX) throw badUserInput(`${field}: at most ${INVOLVED_MAX} entries, got ${list.length}`, { field });
  list.forEach((value, index) => {
    const problem = check(value);
    if (problem) throw badUserInput(`${field}[${index}] ${quoted(value)} ${problem}`, { field });
  });
  return [...new Set(list)];
}

export function checkInvolved(input: InvolvedInput): Involved {
  return {
    personIds: checkedList(input.involvedPersonIds, 'involvedPersonIds', (v) => (PERSON_ID.test(v) ? null : 'is not a person id (P followed by 9 digits)')),
    houseCodes: checkedList(input.involvedHouseCodes, 'involvedHouseCodes', (v) =>
      HOUSE_CODE.test(v) && gridOfCode(v) ? null : 'is not a house code (25 digits starting with a grid code)',
    ),
    entityUsccs: checkedList(input.involvedLegalEntityUsccs, 'involvedLegalEntityUsccs', (v) => {
      const checked = validateCreditCode(v);
      return checked.ok ? null : `is not a unified social credit code: ${checked.reason}`;
    }),
  };
}

/** The base grid a hierarchical code (address, building, house) lies in, or null. */
export function gridOfCode(code: string): string | null {
  const grid = code.slice(0, 15);
  const checked = validateGridCode(grid);
  return checked.ok && checked.level === 'GRID' ? grid : null;
}

/** The grid a report's location names, from its address code or its grid code (which must agree). */
export function locationGrid(location: { gridCode?: string | null; addressCode?: string | null }): { gridCode: string; addressCode: string | null } {
  const addressCode = location.addressCode ?? null;
  if (location.gridCode) checkGridCodeLength(location.gridCode, 'gridCode', 'field');
  if (addressCode !== null) {
    const grid = ADDRESS_CODE.test(addressCode) ? gridOfCode(addressCode) : null;
    if (!grid)
      throw badUserInput(`addressCode ${quoted(addressCode)} is not a standard address code (19 digits starting with a grid code)`, { field: 'addressCode' });
    if (location.gridCode && location.gridCode !== grid) {
      throw badUserInput(`addressCode ${addressCode} lies in grid ${grid}, not in the given gridCode ${location.gridCode}`, { field: 'gridCode' });
    }
    return { gridCode: grid, addressCode };
  }
  if (!location.gridCode) throw badUserInput('A report needs a location: addressCode or gridCode', { field: 'gridCode' });
  const checked = validateGridCode(location.gridCode);
  if (!checked.ok) throw badUserInput(`gridCode ${quoted(location.gridCode)} is not a grid code: ${checked.reason}`, { field: 'gridCode' });
  if (checked.level !== 'GRID') {
    throw badUserInput(`gridCode ${location.gridCode} is a ${checked.level.toLowerCase()}; an event lies in a base grid (15 digits)`, { field: 'gridCode' });
  }
  return { gridCode: location.gridCode, addressCode: null };
}
