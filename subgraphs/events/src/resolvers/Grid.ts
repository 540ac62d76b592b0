import { gridFilterPrefix } from '../../../kit/src/grid-filter';
import type { EventsContext } from '../loaders';
import { scopedEvents, ScopedEventsArgs } from '../lists/scoped-events';

/** The address subgraph owns grids; events contributes what happened in them. */
export const Grid = {
  __resolveReference: (ref: { code: string }) => ref,
  events: (grid: { code: string }, args: ScopedEventsArgs, ctx: EventsContext) =>
    scopedEvents('grid', gridFilterPrefix(grid.code, 'code'), args, ctx),
};
