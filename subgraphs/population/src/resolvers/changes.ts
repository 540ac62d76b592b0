import type { ChangeRequestRow } from '../../../kit/src/records/change-requests';
import { changeRequestQueue, changeRequestView, myChangeRequests } from '../../../kit/src/records/change-request-queries';
import { changeFeed } from '../../../kit/src/records/change-feed';
import type {
  PopulationChangeRequestPayloadResolvers,
  PopulationChangeRequestResolvers,
  PopulationChangeResolvers,
  QueryResolvers,
} from '../generated/resolver-types';

/** The change feed, the review queue and the submitter's own requests of the population register. */
export const ChangeQueries: QueryResolvers = {
  populationChanges: (_, args, ctx) => changeFeed(ctx, args, ['Person']),
  populationChangeRequests: (_, args, ctx) => changeRequestQueue(args, ctx, 'PopulationChangeRequest'),
  myPopulationChangeRequests: (_, args, ctx) => myChangeRequests(args, ctx),
};

export const PopulationChange: PopulationChangeResolvers = {
  person: (change, _, ctx) => ctx.loaders.personById.load(change.entityKey),
};

export const PopulationChangeRequestPayload: PopulationChangeRequestPayloadResolvers = {
  changeRequest: async (payload, _, ctx) => {
    const { rows } = await ctx.db.sql.query<ChangeRequestRow>(`SELECT * FROM "change_request" WHERE "id" = $1`, [payload.changeRequestId]);
    return rows[0] ? changeRequestView(rows[0], ctx.now()) : null;
  },
};

export const PopulationChangeRequest: PopulationChangeRequestResolvers = {
  person: (request, _, ctx) => (request.entityKey ? ctx.loaders.personById.load(request.entityKey) : null),
};
