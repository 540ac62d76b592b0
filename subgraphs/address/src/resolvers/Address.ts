import type { AddressResolvers } from '../generated/resolver-types';
import type { AddressContext } from '../loaders';
import type { AddressParent } from './parents';
import { historyOf } from './Mutation';

/** An address from the matching index has no version or status: those come from the table. */
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
