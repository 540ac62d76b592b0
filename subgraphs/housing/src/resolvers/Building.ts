import { recordHistory } from '../../../kit/src/records/history';
import type { BuildingResolvers } from '../generated/resolver-types';

export const Building: BuildingResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.buildingByCode.load(ref.code),
  address: (building) => ({ __typename: 'Address', code: building.addressCode }),
  grid: (building) => ({ __typename: 'Grid', code: building.gridCode }),
  houses: (building, _, ctx) => ctx.loaders.housesByBuilding.load(building.code),
  history: (building, args, ctx) => recordHistory(ctx, 'Building', building, building.code, args.first),
};
