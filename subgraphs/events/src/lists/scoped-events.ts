import { parsePageRequest } from '../../../kit/src/pagination';
import { eventsDomain } from '../domain';
import type { EventsContext } from '../loaders';
import { eventConnection } from './connection';
import type { EventScope } from './event-pages';
import { EventFilterArgs, listFilter } from './filter-args';

export type ScopedEventsArgs = Pick<EventFilterArgs, 'status' | 'light' | 'categoryCode'> & { first?: number | null; after?: string | null };

/** Grid.events, House.events and LegalEntity.events: batched across every parent of one request. */
export async function scopedEvents(scope: EventScope, key: string, args: ScopedEventsArgs, ctx: EventsContext) {
  const filter = listFilter(args, eventsDomain(), ctx.access);
  const page = parsePageRequest({ first: args.first ?? 20, after: args.after });
  const nowMs = ctx.now().getTime();
  const rows = await ctx.loaders.scopedEventPages.load({ scope, key, filter, page, nowMs });
  return eventConnection(
    ctx,
    rows.map((row) => ({ row, key: row.id })),
    page,
    () => ctx.loaders.scopedEventCounts.load({ scope, key, filter, nowMs }),
  );
}
