import type { HousingContext } from '../loaders';

/** The address subgraph owns addresses; housing contributes the buildings on them. */
export const Address = {
  __resolveReference: (ref: { code: string }) => ref,
  buildings: (address: { code: string }, _: unknown, ctx: HousingContext) => ctx.loaders.buildingsByAddress.load(address.code),
};
