import { isoDate } from '../../../../platform/dates';
import type { HousingContext } from '../loaders';
import type { HouseRow } from '../prisma';

export const House = {
  __resolveReference: (ref: { code: string }, ctx: HousingContext) => ctx.loaders.houseByCode.load(ref.code),
  building: (house: HouseRow, _: unknown, ctx: HousingContext) => ctx.loaders.buildingByCode.load(house.buildingCode),
  owner: (house: HouseRow) => (house.ownerPersonId ? { __typename: 'Person', id: house.ownerPersonId } : null),
  ownerEntity: (house: HouseRow) => (house.ownerUscc ? { __typename: 'LegalEntity', uscc: house.ownerUscc } : null),
  rentalRegisteredOn: (house: HouseRow) => isoDate(house.rentalRegisteredOn),
  grid: (house: HouseRow) => ({ __typename: 'Grid', code: house.gridCode }),
};
