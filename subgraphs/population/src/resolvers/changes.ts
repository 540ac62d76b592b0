import type { ChangeRequestRow } from '../../../kit/src/records/change-requests';
import { changeRequestQueue, changeRequestView, myChangeRequests, QueueArgs } from '../../../kit/src/records/change-request-queries';
import { changeFeed } from '../../../kit/src/records/change-feed';
import type { PopulationContext } from '../loaders';

/** The change feed, the review queue and the submitter's own requests of the population register. */
export const ChangeQueries = {
  populationChanges: (_: unknown, args: { after?: string; first?: number; types?: string[] }, ctx: PopulationContext) => changeFeed(ctx, args, ['Person']),
  populationChangeRequests: (_: unknown, args: QueueArgs, ctx: PopulationContext) => changeRequestQueue(args, ctx, 'PopulationChangeRequest'),
  myPopulationChangeRequests: (_: unknown, args: QueueArgs, ctx: PopulationContext) => myChangeRequests(args, ctx),
};

export const PopulationChange = {
  person: (change: { entityKey: string }, _: unknown, ctx: PopulationContext) => ctx.loaders.personById.load(change.entityKey),
};

export const PopulationChangeRequestPayload = {
  changeRequest: async (payload: { changeRequestId: string }, _: unknown, ctx: PopulationContext) => {
    const { rows } = await ctx.db.sql.query<ChangeRequestRow>(`SELECT * FROM "change_request" WHERE "id" = $1`, [payload.changeRequestId]);
    return rows[0] ? changeRequestView(rows[0], ctx.now()) : null;
  },
};

export const PopulationChangeRequest = {
  person: (request: { entityKey: string | null }, _: unknown, ctx: PopulationContext) => (request.entityKey ? ctx.loaders.personById.load(request.entityKey) : null),
};
