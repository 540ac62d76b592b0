import type { HouseResolvers } from '../generated/resolver-types';

/** Housing owns houses; population contributes who lives in them. */
export const House: HouseResolvers = {
  __resolveReference: (ref) => ref,
  residents: (house, _, ctx) => ctx.loaders.residentsByHouseCode.load(house.code),
};
