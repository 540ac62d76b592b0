import type { PopulationContext } from '../loaders';

/** Housing owns houses; population contributes who lives in them. */
export const House = {
  __resolveReference: (ref: { code: string }) => ref,
  residents: (house: { code: string }, _: unknown, ctx: PopulationContext) => ctx.loaders.residentsByHouseCode.load(house.code),
};
