import type { AddressResolvers } from '../generated/resolver-types';

/** The address subgraph owns addresses; housing contributes the buildings on them. */
export const Address: AddressResolvers = {
  __resolveReference: (ref) => ref,
  buildings: (address, _, ctx) => ctx.loaders.buildingsByAddress.load(address.code),
};
