import { PageRequest, toConnection } from '../../../kit/src/pagination';
import { primeAll } from '../../../kit/src/loaders';
import type { EventsContext } from '../loaders';
import type { ListedEvent } from './event-pages';

/** A connection over rows its list already read; the request's loader learns them, so no field reads them again. */
export function eventConnection(ctx: EventsContext, listed: ListedEvent[], page: PageRequest, count: () => Promise<number>) {
  primeAll(
    ctx.loaders.eventById,
    listed.map((l) => l.row),
    (row) => row.id,
  );
  return toConnection(
    listed,
    page,
    (l) => l.key,
    (l) => l.row,
    count,
  );
}
