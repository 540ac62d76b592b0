import type { AddressContext } from '../loaders';
import type { AddressRow } from '../prisma';

export const Address = {
  __resolveReference: (ref: { code: string }, ctx: AddressContext) => ctx.loaders.addressByCode.load(ref.code),
  grid: (address: AddressRow, _: unknown, ctx: AddressContext) => ctx.loaders.gridByCode.load(address.gridCode),
};
