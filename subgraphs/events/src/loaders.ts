import type { SubgraphDatabase } from '../../kit/src/database/open-database';
import { rowByKeyLoader, rowsByKeyLoader } from '../../kit/src/loaders';
import { createScopedEventLoaders } from './lists/event-pages';
import type { DispatchRow, EventRow, EventsPrisma, TransitionRow } from './prisma';

export type EventsDb = SubgraphDatabase<EventsPrisma>;

export function createEventsLoaders(db: EventsDb) {
  const { prisma } = db;
  const scoped = createScopedEventLoaders(prisma);
  return {
    eventById: rowByKeyLoader<EventRow>((ids) => prisma.event.findMany({ where: { id: { in: [...ids] } } }), (e) => e.id),
    timelineByEvent: rowsByKeyLoader<TransitionRow>(
      (ids) => prisma.eventTransition.findMany({ where: { eventId: { in: [...ids] } }, orderBy: [{ eventId: 'asc' }, { sequence: 'asc' }] }),
      (t) => t.eventId,
    ),
    dispatchesByEvent: rowsByKeyLoader<DispatchRow>(
      (ids) => prisma.eventDispatch.findMany({ where: { eventId: { in: [...ids] } }, orderBy: [{ eventId: 'asc' }, { sequence: 'asc' }] }),
      (d) => d.eventId,
    ),
    scopedEventPages: scoped.pages,
    scopedEventCounts: scoped.counts,
  };
}

export type EventsLoaders = ReturnType<typeof createEventsLoaders>;
export type EventsContext = import('../../kit/src/create-subgraph').SubgraphContext<EventsDb, EventsLoaders>;
