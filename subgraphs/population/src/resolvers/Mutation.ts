import { directWrite, DirectWriteInput } from '../../../kit/src/records/direct-write';
import type { WriteOperation } from '../../../kit/src/records/operations';
import { approveChangeRequest, ChangeRequestSetup, rejectChangeRequest, submitChangeRequest } from '../../../kit/src/records/change-requests';
import type { PopulationContext } from '../loaders';
import type { MutationResolvers, PersonWritePayloadResolvers } from '../generated/resolver-types';
import type { PersonWritePayloadParent } from './parents';
import { endRegistration, PERSON_OPERATIONS, recordDeparture, registerArrival, updateParticulars } from '../writes/person-writes';
import { importPage, ImportPageInput } from '../../../kit/src/imports/import-page';
import { importedPersonRow, PersonImportRow, personsRegister } from '../imports/person-import';

const SUBMIT = 'submitPopulationChangeRequest';
export const POPULATION_REQUESTS: ChangeRequestSetup = {
  owner: 'population',
  requestType: 'PopulationChangeRequest',
  operations: { ...PERSON_OPERATIONS, importRow: importedPersonRow },
};

/** A direct write answering with the person as it is now (read after the commit, through the policy). */
function personWrite<Change>(operation: WriteOperation<Change>) {
  const write = directWrite(operation, SUBMIT);
  return async (parent: unknown, args: { input: DirectWriteInput<Change> }, ctx: PopulationContext): Promise<PersonWritePayloadParent> => {
    const result = await write(parent, args, ctx);
    return { ...result, replayed: Boolean(result.replayed), personId: result.entityKey };
  };
}

const reviewed = (changeRequestId: string, merged = false) => ({ changeRequestId, merged });

export const Mutation: MutationResolvers = {
  registerArrival: personWrite(registerArrival),
  updatePersonParticulars: personWrite(updateParticulars),
  recordDeparture: personWrite(recordDeparture),
  endPersonRegistration: personWrite(endRegistration),
  submitPopulationChangeRequest: async (_, { input }, ctx) => {
    const result = await submitChangeRequest(POPULATION_REQUESTS, input, ctx);
    return reviewed(result.changeRequestId, result.merged);
  },
  approvePopulationChangeRequest: async (_, { input }, ctx) => reviewed((await approveChangeRequest(POPULATION_REQUESTS, input, ctx)).changeRequestId),
  rejectPopulationChangeRequest: async (_, { input }, ctx) => reviewed((await rejectChangeRequest(POPULATION_REQUESTS, input, ctx)).changeRequestId),
  importPersons: (_: unknown, { input }: { input: ImportPageInput<PersonImportRow> }, ctx: PopulationContext) =>
    importPage(
      personsRegister((value) => ctx.access.keyedDigest(value)),
      input,
      ctx,
    ),
};

export const PersonWritePayload: PersonWritePayloadResolvers = {
  person: (payload, _, ctx) => ctx.loaders.personById.clear(payload.personId).load(payload.personId),
};
