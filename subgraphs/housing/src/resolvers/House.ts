import { isoDate } from '../../../../platform/dates';
import { recordHistory } from '../../../kit/src/records/history';
import type { HousingContext } from '../loaders';
import type { HouseRow } from '../prisma';

export const House = {
  __resolveReference: (ref: { code: string }, ctx: HousingContext) => ctx.loaders.houseByCode.load(ref.code),
  building: (house: HouseRow, _: unknown, ctx: HousingContext) => ctx.loaders.buildingByCode.load(house.buildingCode),
  owner: (house: HouseRow) => (house.ownerPersonId ? { __typename: 'Person', id: house.ownerPersonId } : null),
  ownerEntity: (house: HouseRow) => (house.ownerUscc ? { __typename: 'LegalEntity', uscc: house.ownerUscc } : null),
  rentalRegisteredOn: (house: HouseRow) => isoDate(house.rentalRegisteredOn),
  landlord: (house: HouseRow) => (house.landlordPersonId ? { __typename: 'Person', id: house.landlordPersonId } : null),
  history: (house: HouseRow, args: { first?: number }, ctx: HousingContext) => recordHistory(ctx, 'House', house as never, house.code, args.first),
  grid: (house: HouseRow) => ({ __typename: 'Grid', code: house.gridCode }),
};
