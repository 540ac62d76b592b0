import type { AddressContext } from '../loaders';

export const Query = {
  grid: (_: unknown, args: { code: string }, ctx: AddressContext) => ctx.loaders.gridByCode.load(args.code),
  address: (_: unknown, args: { code: string }, ctx: AddressContext) => ctx.loaders.addressByCode.load(args.code),
};
