import { recordHistory } from '../../../kit/src/records/history';
import type { HousingContext } from '../loaders';
import type { BuildingRow } from '../prisma';

export const Building = {
  __resolveReference: (ref: { code: string }, ctx: HousingContext) => ctx.loaders.buildingByCode.load(ref.code),
  address: (building: BuildingRow) => ({ __typename: 'Address', code: building.addressCode }),
  grid: (building: BuildingRow) => ({ __typename: 'Grid', code: building.gridCode }),
  houses: (building: BuildingRow, _: unknown, ctx: HousingContext) => ctx.loaders.housesByBuilding.load(building.code),
  history: (building: BuildingRow, args: { first?: number }, ctx: HousingContext) => recordHistory(ctx, 'Building', building as never, building.code, args.first),
};
