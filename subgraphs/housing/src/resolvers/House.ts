import { isoDate } from '../../../../platform/dates';
import { recordHistory } from '../../../kit/src/records/history';
import type { HouseResolvers } from '../generated/resolver-types';

export const House: HouseResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.houseByCode.load(ref.code),
  building: (house, _, ctx) => ctx.loaders.buildingByCode.load(house.buildingCode),
  owner: (house) => (house.ownerPersonId ? { __typename: 'Person', id: house.ownerPersonId } : null),
  ownerEntity: (house) => (house.ownerUscc ? { __typename: 'LegalEntity', uscc: house.ownerUscc } : null),
  rentalRegisteredOn: (house) => isoDate(house.rentalRegisteredOn),
  landlord: (house) => (house.landlordPersonId ? { __typename: 'Person', id: house.landlordPersonId } : null),
  history: (house, args, ctx) => recordHistory(ctx, 'House', house, house.code, args.first),
  grid: (house) => ({ __typename: 'Grid', code: house.gridCode }),
};
