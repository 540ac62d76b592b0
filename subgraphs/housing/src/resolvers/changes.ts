import type { ChangeRequestRow } from '../../../kit/src/records/change-requests';
import { changeRequestQueue, changeRequestView, myChangeRequests } from '../../../kit/src/records/change-request-queries';
import { changeFeed } from '../../../kit/src/records/change-feed';
import type { HousingChangeRequestPayloadResolvers, HousingChangeRequestResolvers, HousingChangeResolvers, QueryResolvers } from '../generated/resolver-types';

/** The change feed, the review queue and the submitter's own requests of the housing register. */
export const ChangeQueries: QueryResolvers = {
  housingChanges: (_, args, ctx) => changeFeed(ctx, args, ['House', 'Building']),
  housingChangeRequests: (_, args, ctx) => changeRequestQueue(args, ctx, 'HousingChangeRequest'),
  myHousingChangeRequests: (_, args, ctx) => myChangeRequests(args, ctx),
};

export const HousingChange: HousingChangeResolvers = {
  house: (change, _, ctx) => (change.entityType === 'House' ? ctx.loaders.houseByCode.load(change.entityKey) : null),
  building: (change, _, ctx) => (change.entityType === 'Building' ? ctx.loaders.buildingByCode.load(change.entityKey) : null),
};

export const HousingChangeRequestPayload: HousingChangeRequestPayloadResolvers = {
  changeRequest: async (payload, _, ctx) => {
    const { rows } = await ctx.db.sql.query<ChangeRequestRow>(`SELECT * FROM "change_request" WHERE "id" = $1`, [payload.changeRequestId]);
    return rows[0] ? changeRequestView(rows[0], ctx.now()) : null;
  },
};

export const HousingChangeRequest: HousingChangeRequestResolvers = {
  house: (request, _, ctx) => (request.entityKey ? ctx.loaders.houseByCode.load(request.entityKey) : null),
};
