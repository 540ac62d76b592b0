import type { HouseResolvers } from '../generated/resolver-types';

/** Housing owns houses; legal-entities contributes who occupies them. */
export const House: HouseResolvers = {
  __resolveReference: (ref) => ref,
  legalEntities: (house, _, ctx) => ctx.loaders.entitiesByHouse.load(house.code),
};
