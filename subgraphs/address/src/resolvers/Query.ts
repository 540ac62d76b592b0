import { badUserInput } from '../../../../platform/errors';
import type { QueryResolvers } from '../generated/resolver-types';
import type { AddressContext } from '../loaders';
import { addressIndexOf } from '../../../kit/src/address-matching/index-store';
import { checkAddressText, checkFirst, checkNear } from '../../../kit/src/address-matching/search-input';
import type { Candidate, GeoPoint } from '../../../kit/src/address-matching/types';

/**
 * What the index reads: the active addresses (a retired one is matched no more), and the row the
 * address table's trigger moves on every change, a write through this subgraph included, so the
 * next search rebuilds (migrations 20261127200000_address_version, 20261204000000_living_records).
 */
const ADDRESS_TABLE = { table: 'active_address', versionTable: 'address_version' };

/** Texts per addressMatchMany: an import page's rows (policy maxItems says the same to the gateway). */
export const MATCH_MANY_MAX = 500;

interface SearchArgs {
  text: string;
  near?: GeoPoint | null;
  first?: number | null;
}

/** A candidate as the schema's AddressCandidate; `gridCode` is what the policy's row scope reads. */
export function candidateObject(candidate: Candidate) {
  return { ...candidate, address: candidate.row, gridCode: candidate.row.gridCode };
}

async function searchable(args: SearchArgs, ctx: AddressContext) {
  const text = checkAddressText(args.text);
  const near = checkNear(args.near);
  // Only what the caller may see is scored, so neither ranks nor decisions tell of other addresses.
  const prefixes = ctx.access.rowPrefixes('Address');
  const index = await addressIndexOf(ctx.db.sql, ADDRESS_TABLE).current(ctx.logger);
  return { text, near, prefixes, index };
}

export const Query: QueryResolvers = {
  grid: (_, args, ctx) => ctx.loaders.gridByCode.load(args.code),
  address: (_, args, ctx) => ctx.loaders.addressByCode.load(args.code),
  async addressSearch(_, args, ctx) {
    const first = checkFirst(args.first);
    const { text, near, prefixes, index } = await searchable(args, ctx);
    const outcome = index.search(text, { near, prefixes, first });
    return { understood: outcome.understood, candidates: outcome.candidates.map(candidateObject) };
  },
  async addressMatch(_, args, ctx) {
    const { text, near, prefixes, index } = await searchable(args, ctx);
    const outcome = index.match(text, { near, prefixes });
    return { ...outcome, candidates: outcome.candidates.map(candidateObject) };
  },
  /** addressMatch for a list (an import page's addresses in one request): one index, one policy check. */
  async addressMatchMany(_, args, ctx) {
    if (!Array.isArray(args.texts) || args.texts.length > MATCH_MANY_MAX)
      throw badUserInput(`texts must list at most ${MATCH_MANY_MAX} addresses`, { field: 'texts' });
    const texts = args.texts.map((t, i) => checkAddressText(t, `texts.${i}`));
    const near = checkNear(args.near);
    const prefixes = ctx.access.rowPrefixes('Address');
    const index = await addressIndexOf(ctx.db.sql, ADDRESS_TABLE).current(ctx.logger);
    // A register repeats addresses (a building's residents): each distinct text is scored once.
    const answers = new Map<string, ReturnType<typeof index.match>>();
    return texts.map((text) => {
      const outcome = answers.get(text) ?? index.match(text, { near, prefixes });
      answers.set(text, outcome);
      return { ...outcome, candidates: outcome.candidates.map(candidateObject) };
    });
  },
};
