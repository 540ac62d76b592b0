import { PageRequest, toConnection } from '../../../kit/src/pagination';
import type { EventsContext } from '../loaders';
import type { EventRow } from '../prisma';
import type { ListedEvent } from './event-pages';

/** A connection over listed ids, with rows fetched in one batch through the request's loader. */
export async function eventConnection(ctx: EventsContext, listed: ListedEvent[], page: PageRequest, count: () => Promise<number>) {
  const rows = await ctx.loaders.eventById.loadMany(listed.map((l) => l.id));
  const found = listed
    .map((l, i) => ({ key: l.key, row: rows[i] }))
    .filter((p): p is { key: string; row: EventRow } => Boolean(p.row) && !(p.row instanceof Error));
  return toConnection(found, page, (p) => p.key, (p) => p.row, count);
}
