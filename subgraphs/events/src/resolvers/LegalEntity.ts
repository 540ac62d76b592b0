import type { EventsContext } from '../loaders';
import { scopedEvents, ScopedEventsArgs } from '../lists/scoped-events';

/** Legal-entities owns entities; events contributes the events that involve them. */
export const LegalEntity = {
  __resolveReference: (ref: { uscc: string }) => ref,
  events: (entity: { uscc: string }, args: ScopedEventsArgs, ctx: EventsContext) => scopedEvents('entity', entity.uscc, args, ctx),
};
