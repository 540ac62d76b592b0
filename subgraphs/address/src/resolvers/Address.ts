import type { AddressContext } from '../loaders';
import type { AddressRow } from '../prisma';
import { historyOf } from './Mutation';

/**
 * An address reached through the matching index carries the index's columns only (the index reads
 * the active_address view): its version and status come from the table.
 */
const stored = (address: AddressRow, ctx: AddressContext) =>
  address.version === undefined ? ctx.loaders.addressByCode.load(address.code) : Promise.resolve(address);

export const Address = {
  __resolveReference: (ref: { code: string }, ctx: AddressContext) => ctx.loaders.addressByCode.load(ref.code),
  grid: (address: AddressRow, _: unknown, ctx: AddressContext) => ctx.loaders.gridByCode.load(address.gridCode),
  version: async (address: AddressRow, _: unknown, ctx: AddressContext) => (await stored(address, ctx))?.version ?? null,
  status: async (address: AddressRow, _: unknown, ctx: AddressContext) => (await stored(address, ctx))?.status ?? null,
  retiredOn: async (address: AddressRow, _: unknown, ctx: AddressContext) => {
    const on = (await stored(address, ctx))?.retiredOn;
    return on ? new Date(on).toISOString().slice(0, 10) : null;
  },
  history: historyOf('Address'),
};
