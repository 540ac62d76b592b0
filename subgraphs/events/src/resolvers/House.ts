import type { HouseResolvers } from '../generated/resolver-types';
import { scopedEvents } from '../lists/scoped-events';

/** Housing owns houses; events contributes the events that involve them. */
export const House: HouseResolvers = {
  __resolveReference: (ref) => ref,
  events: (house, args, ctx) => scopedEvents('house', house.code, args, ctx),
};
