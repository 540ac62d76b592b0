import { approveChangeRequest, ChangeRequestSetup, rejectChangeRequest, submitChangeRequest } from '../../../kit/src/records/change-requests';
import { directWrite, DirectWriteInput } from '../../../kit/src/records/direct-write';
import type { WriteOperation } from '../../../kit/src/records/operations';
import type { HousingContext } from '../loaders';
import type { BuildingWritePayloadResolvers, HouseWritePayloadResolvers, MutationResolvers } from '../generated/resolver-types';
import type { HouseWritePayloadParent } from './parents';
import { registerBuilding } from '../writes/building-writes';
import { changeHouse, endRental, HOUSE_OPERATIONS, registerRental } from '../writes/house-writes';
import { importPage, ImportPageInput } from '../../../kit/src/imports/import-page';
import { HouseImportRow, housesRegister, importedHouseRow } from '../imports/house-import';

const SUBMIT = 'submitHousingChangeRequest';
export const HOUSING_REQUESTS: ChangeRequestSetup = {
  owner: 'housing',
  requestType: 'HousingChangeRequest',
  operations: { ...HOUSE_OPERATIONS, importRow: importedHouseRow },
};

/** A direct write answering with the house as it is now (read after the commit, through the policy). */
function houseWrite<Change>(operation: WriteOperation<Change>) {
  const write = directWrite(operation, SUBMIT);
  return async (parent: unknown, args: { input: DirectWriteInput<Change> }, ctx: HousingContext): Promise<HouseWritePayloadParent> => {
    const result = await write(parent, args, ctx);
    return { ...result, replayed: Boolean(result.replayed), houseCode: result.entityKey };
  };
}

export const Mutation: MutationResolvers = {
  registerBuilding,
  changeHouse: houseWrite(changeHouse),
  registerRental: houseWrite(registerRental),
  endRental: houseWrite(endRental),
  submitHousingChangeRequest: async (_, { input }, ctx) => {
    const { changeRequestId, merged } = await submitChangeRequest(HOUSING_REQUESTS, input, ctx);
    return { changeRequestId, merged };
  },
  approveHousingChangeRequest: async (_, { input }, ctx) => ({ ...(await approveChangeRequest(HOUSING_REQUESTS, input, ctx)), merged: false }),
  rejectHousingChangeRequest: async (_, { input }, ctx) => ({ ...(await rejectChangeRequest(HOUSING_REQUESTS, input, ctx)), merged: false }),
  importHouses: (_: unknown, { input }: { input: ImportPageInput<HouseImportRow> }, ctx: HousingContext) =>
    importPage(
      housesRegister((value) => ctx.access.keyedDigest(value)),
      input,
      ctx,
    ),
};

export const BuildingWritePayload: BuildingWritePayloadResolvers = {
  building: (payload, _, ctx) => ctx.loaders.buildingByCode.clear(payload.buildingCode).load(payload.buildingCode),
};

export const HouseWritePayload: HouseWritePayloadResolvers = {
  house: (payload, _, ctx) => ctx.loaders.houseByCode.clear(payload.houseCode).load(payload.houseCode),
};
