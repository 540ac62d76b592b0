import type { ChangeRequestRow } from '../../../kit/src/records/change-requests';
import { changeRequestQueue, changeRequestView, myChangeRequests, QueueArgs } from '../../../kit/src/records/change-request-queries';
import { changeFeed } from '../../../kit/src/records/change-feed';
import type { HousingContext } from '../loaders';

/** The change feed, the review queue and the submitter's own requests of the housing register. */
export const ChangeQueries = {
  housingChanges: (_: unknown, args: { after?: string; first?: number; types?: string[] }, ctx: HousingContext) => changeFeed(ctx, args, ['House', 'Building']),
  housingChangeRequests: (_: unknown, args: QueueArgs, ctx: HousingContext) => changeRequestQueue(args, ctx, 'HousingChangeRequest'),
  myHousingChangeRequests: (_: unknown, args: QueueArgs, ctx: HousingContext) => myChangeRequests(args, ctx),
};

export const HousingChange = {
  house: (change: { entityType: string; entityKey: string }, _: unknown, ctx: HousingContext) =>
    change.entityType === 'House' ? ctx.loaders.houseByCode.load(change.entityKey) : null,
  building: (change: { entityType: string; entityKey: string }, _: unknown, ctx: HousingContext) =>
    change.entityType === 'Building' ? ctx.loaders.buildingByCode.load(change.entityKey) : null,
};

export const HousingChangeRequestPayload = {
  changeRequest: async (payload: { changeRequestId: string }, _: unknown, ctx: HousingContext) => {
    const { rows } = await ctx.db.sql.query<ChangeRequestRow>(`SELECT * FROM "change_request" WHERE "id" = $1`, [payload.changeRequestId]);
    return rows[0] ? changeRequestView(rows[0], ctx.now()) : null;
  },
};

export const HousingChangeRequest = {
  house: (request: { entityKey: string | null }, _: unknown, ctx: HousingContext) => (request.entityKey ? ctx.loaders.houseByCode.load(request.entityKey) : null),
};
