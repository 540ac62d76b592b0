import type { AddressRecord } from '../../../kit/src/address-matching/types';
import type { AddressResolvers } from '../generated/resolver-types';
import type { AddressContext } from '../loaders';
import type { AddressRow } from '../prisma';
import { historyOf } from './Mutation';

/**
 * An address reached through the matching index carries the index's columns only (the index reads
 * the active_address view): its version and status come from the table.
 */
export type AddressParent = AddressRow | AddressRecord;

const stored = (address: AddressParent, ctx: AddressContext) =>
  'version' in address && address.version !== undefined ? Promise.resolve(address) : ctx.loaders.addressByCode.load(address.code);

export const Address: AddressResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.addressByCode.load(ref.code),
  grid: (address, _, ctx) => ctx.loaders.gridByCode.load(address.gridCode),
  version: async (address, _, ctx) => (await stored(address, ctx))?.version ?? null,
  status: async (address, _, ctx) => (await stored(address, ctx))?.status ?? null,
  retiredOn: async (address, _, ctx) => {
    const on = (await stored(address, ctx))?.retiredOn;
    return on ? new Date(on).toISOString().slice(0, 10) : null;
  },
  history: historyOf('Address'),
};
