import type { LegalEntitiesContext } from '../loaders';

/** Housing owns houses; legal-entities contributes who occupies them. */
export const House = {
  __resolveReference: (ref: { code: string }) => ref,
  legalEntities: (house: { code: string }, _: unknown, ctx: LegalEntitiesContext) =>
    ctx.loaders.entitiesByHouse.load(house.code),
};
