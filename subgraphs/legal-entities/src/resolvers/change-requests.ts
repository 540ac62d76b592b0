import { approveChangeRequest, ChangeRequestRow, ChangeRequestSetup, rejectChangeRequest, submitChangeRequest } from '../../../kit/src/records/change-requests';
import { changeRequestQueue, changeRequestView, myChangeRequests } from '../../../kit/src/records/change-request-queries';
import type {
  LegalEntityChangeRequestPayloadResolvers,
  LegalEntityChangeRequestResolvers,
  MutationResolvers,
  QueryResolvers,
} from '../generated/resolver-types';
import { changeEntity, deregisterEntity, setPremises } from '../writes/entity-writes';
import { importedEntityRow } from '../imports/entity-import';

/**
 * Collection and review of the business register (采集 → 核实): a grid worker reports what they saw of
 * an entity in their grid (particulars, premises, a closure); market regulation's registrars review it
 * with the same queue, deadlines, duplicate merging and own-request refusal as the other owners.
 * Registering a new entity stays with the registrars (it needs the licence's particulars).
 */
export const ENTITY_REQUESTS: ChangeRequestSetup = {
  owner: 'legal-entities',
  requestType: 'LegalEntityChangeRequest',
  operations: { particulars: changeEntity, premises: setPremises, deregistration: deregisterEntity, importRow: importedEntityRow },
};

const answer = (changeRequestId: string, merged = false) => ({ changeRequestId, merged });

export const ChangeRequestMutations: MutationResolvers = {
  submitLegalEntityChangeRequest: async (_, { input }, ctx) => {
    const { changeRequestId, merged } = await submitChangeRequest(ENTITY_REQUESTS, input, ctx);
    return answer(changeRequestId, merged);
  },
  approveLegalEntityChangeRequest: async (_, { input }, ctx) => answer((await approveChangeRequest(ENTITY_REQUESTS, input, ctx)).changeRequestId),
  rejectLegalEntityChangeRequest: async (_, { input }, ctx) => answer((await rejectChangeRequest(ENTITY_REQUESTS, input, ctx)).changeRequestId),
};

export const ChangeRequestQueries: QueryResolvers = {
  legalEntityChangeRequests: (_, args, ctx) => changeRequestQueue(args, ctx, 'LegalEntityChangeRequest'),
  myLegalEntityChangeRequests: (_, args, ctx) => myChangeRequests(args, ctx),
};

export const LegalEntityChangeRequestPayload: LegalEntityChangeRequestPayloadResolvers = {
  changeRequest: async (payload, _, ctx) => {
    const { rows } = await ctx.db.sql.query<ChangeRequestRow>(`SELECT * FROM "change_request" WHERE "id" = $1`, [payload.changeRequestId]);
    return rows[0] ? changeRequestView(rows[0], ctx.now()) : null;
  },
};

export const LegalEntityChangeRequest: LegalEntityChangeRequestResolvers = {
  legalEntity: (request, _, ctx) => (request.entityKey ? ctx.loaders.entityByUscc.load(request.entityKey) : null),
};
