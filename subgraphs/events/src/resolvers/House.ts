import type { EventsContext } from '../loaders';
import { scopedEvents, ScopedEventsArgs } from '../lists/scoped-events';

/** Housing owns houses; events contributes the events that involve them. */
export const House = {
  __resolveReference: (ref: { code: string }) => ref,
  events: (house: { code: string }, args: ScopedEventsArgs, ctx: EventsContext) => scopedEvents('house', house.code, args, ctx),
};
