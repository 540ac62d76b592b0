/**
 * A report's location given as free text (a 12345 call, a WeChat message): matched by the shared
 * engine (kit/src/address-matching) against this subgraph's own copy of the standard addresses
 * (address_reference, fed like grid_reference), never the address subgraph's database. Only
 * addresses in grids the reporter may report in are considered, so a decision never tells of others.
 */
import { addressIndexOf } from '../../kit/src/address-matching/index-store';
import { checkNear } from '../../kit/src/address-matching/search-input';
import type { Candidate, GeoPoint, MatchStatus } from '../../kit/src/address-matching/types';
import { badUserInput } from './errors';
import type { EventsContext } from './loaders';
import { locationGrid } from './references';
import { coversGrid } from '../../../platform/jurisdiction';

const ADDRESS_REFERENCE = { table: 'address_reference', versionTable: 'address_reference_version' };

export interface ReportedAddressCandidate {
  addressCode: string;
  gridCode: string;
  fullText: string;
  score: number;
  /** Metres from `near`, when it was given. */
  distanceMeters: number | null;
  /** The federation stub the gateway resolves through the address subgraph. */
  address: { code: string };
}

/** How the text was read, as ReportEventPayload.address. */
export interface ReportedAddress {
  status: MatchStatus;
  score: number;
  candidates: ReportedAddressCandidate[];
}

export type Located =
  | { kind: 'located'; gridCode: string; addressCode: string | null; reported: ReportedAddress }
  /** Several addresses fit: the reporter or dispatcher chooses, nothing is stored. */
  | { kind: 'choose'; reported: ReportedAddress };

export async function locateAddressText(
  text: string,
  input: { addressCode?: string | null; gridCode?: string | null; near?: GeoPoint | null },
  ctx: EventsContext,
): Promise<Located> {
  if (input.addressCode != null) {
    throw badUserInput('Give addressText or addressCode, not both: addressCode already names the address', { field: 'addressText' });
  }
  const grid = input.gridCode == null ? null : locationGrid({ gridCode: input.gridCode }).gridCode;
  const near = checkNear(input.near);
  const index = await addressIndexOf(ctx.db.sql, ADDRESS_REFERENCE).current(ctx.logger);
  const outcome = index.match(text, { near, within: (gridCode) => coversGrid(ctx.caller, gridCode) && (grid === null || gridCode === grid) });
  const reported: ReportedAddress = { status: outcome.status, score: outcome.score, candidates: outcome.candidates.map(candidateOf) };
  // The text may be someone's home: the log keeps how it was read, not what it said.
  ctx.logger.info({ event: 'events.address_text', status: outcome.status, score: outcome.score, candidates: outcome.candidates.length }, 'report address read');
  if (outcome.status === 'MATCHED') {
    reported.candidates = reported.candidates.slice(0, 1);
    return { kind: 'located', gridCode: outcome.address!.gridCode, addressCode: outcome.address!.code, reported };
  }
  if (outcome.status === 'AMBIGUOUS') return { kind: 'choose', reported };
  if (grid !== null) return { kind: 'located', gridCode: grid, addressCode: null, reported };
  throw badUserInput(
    // Not echoed: the text may be someone's home, and errors are logged.
    `addressText fits no standard address ${ctx.caller.jurisdiction.length ? 'in your jurisdiction' : 'in the city'}; ` +
      'give gridCode as well (the event is then filed in that grid with the text as written) or an addressCode',
    { field: 'addressText' },
  );
}

function candidateOf(candidate: Candidate): ReportedAddressCandidate {
  const { row, score, distanceMeters } = candidate;
  return { addressCode: row.code, gridCode: row.gridCode, fullText: row.fullText, score, distanceMeters, address: { code: row.code } };
}
