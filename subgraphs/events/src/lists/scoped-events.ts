import { parsePageRequest } from '../../../kit/src/pagination';
import { eventsDomain } from '../domain';
import type { EventsContext } from '../loaders';
import { eventConnection } from './connection';
import type { EventScope } from './event-pages';
import { EventFilterArgs, listFilter } from './filter-args';

export type ScopedEventsArgs = Pick<EventFilterArgs, 'status' | 'light' | 'categoryCode'> & { first?: number | null; after?: string | null };

/**
 * One instant per request for the lights and deadlines of every parent's page. Batches are keyed
 * by it: read afresh per parent, a millisecond passing between two parents split one batch in two
 * (seen as 2 statements instead of 1 under load). The loaders object is made once per request.
 */
const requestInstants = new WeakMap<object, number>();
function requestInstant(ctx: EventsContext): number {
  let at = requestInstants.get(ctx.loaders);
  if (at === undefined) requestInstants.set(ctx.loaders, (at = ctx.now().getTime()));
  return at;
}

/** Grid.events, House.events and LegalEntity.events: batched across every parent of one request. */
export async function scopedEvents(scope: EventScope, key: string, args: ScopedEventsArgs, ctx: EventsContext) {
  const filter = listFilter(args, eventsDomain(), ctx.access);
  const page = parsePageRequest({ first: args.first ?? 20, after: args.after });
  const nowMs = requestInstant(ctx);
  const rows = await ctx.loaders.scopedEventPages.load({ scope, key, filter, page, nowMs });
  return eventConnection(
    ctx,
    rows.map((row) => ({ row, key: row.id })),
    page,
    () => ctx.loaders.scopedEventCounts.load({ scope, key, filter, nowMs }),
  );
}
