import DataLoader from 'dataloader';
import type { SubgraphDatabase } from '../../../platform/database/open-database';
import { rowByKeyLoader, rowsByKeyLoader } from '../../kit/src/loaders';
import { duplicateCandidateLoader } from './lists/duplicates';
import { createScopedEventLoaders } from './lists/event-pages';
import type { DispatchRow, EventRow, EventsPrisma, TransitionRow } from './prisma';

export type EventsDb = SubgraphDatabase<EventsPrisma>;

export function createEventsLoaders(db: EventsDb) {
  const { prisma } = db;
  const scoped = createScopedEventLoaders(prisma);
  const byEvent = { orderBy: [{ eventId: 'asc' as const }] };
  return {
    eventById: rowByKeyLoader<EventRow>(
      (ids) => prisma.event.findMany({ where: { id: { in: [...ids] } } }),
      (e) => e.id,
    ),
    timelineByEvent: rowsByKeyLoader<TransitionRow>(
      (ids) => prisma.eventTransition.findMany({ where: { eventId: { in: [...ids] } }, orderBy: [{ eventId: 'asc' }, { sequence: 'asc' }] }),
      (t) => t.eventId,
    ),
    dispatchesByEvent: rowsByKeyLoader<DispatchRow>(
      (ids) => prisma.eventDispatch.findMany({ where: { eventId: { in: [...ids] } }, orderBy: [{ eventId: 'asc' }, { sequence: 'asc' }] }),
      (d) => d.eventId,
    ),
    supervisionsByEvent: rowsByKeyLoader(
      (ids) => prisma.eventSupervision.findMany({ where: { eventId: { in: [...ids] } }, orderBy: [...byEvent.orderBy, { raisedAt: 'asc' }, { level: 'asc' }] }),
      (s) => s.eventId,
    ),
    coHandlersByEvent: rowsByKeyLoader(
      (ids) =>
        prisma.eventCoHandler.findMany({
          where: { eventId: { in: [...ids] } },
          orderBy: [...byEvent.orderBy, { dispatchSequence: 'asc' }, { department: 'asc' }],
        }),
      (c) => c.eventId,
    ),
    duplicateCandidates: duplicateCandidateLoader(prisma),
    gridWorkersByGrid: new DataLoader<
      { gridCode: string; at: Date },
      { id: string; gridCode: string; user: string; department: string; duty: string; since: Date; until: Date | null; assignedBy: string }[],
      string
    >(
      async (keys) => {
        const at = keys[0]!.at;
        const rows = await prisma.gridWorkerAssignment.findMany({
          where: { gridCode: { in: keys.map((k) => k.gridCode) }, since: { lte: at }, OR: [{ until: null }, { until: { gt: at } }] },
          orderBy: [{ gridCode: 'asc' }, { duty: 'desc' }, { user: 'asc' }],
        });
        return keys.map((k) => rows.filter((r) => r.gridCode === k.gridCode));
      },
      { cacheKeyFn: (k) => `${k.gridCode}@${k.at.getTime()}` },
    ),
    businessGridsByGrid: rowsByKeyLoader(
      (codes) =>
        prisma.businessGridMember.findMany({ where: { gridCode: { in: [...codes] } }, include: { businessGrid: true }, orderBy: { businessGridCode: 'asc' } }),
      (m) => m.gridCode,
    ),
    gridsOfBusinessGrid: rowsByKeyLoader(
      (codes) =>
        prisma.businessGridMember.findMany({ where: { businessGridCode: { in: [...codes] } }, orderBy: [{ businessGridCode: 'asc' }, { gridCode: 'asc' }] }),
      (m) => m.businessGridCode,
    ),
    attemptsByDelivery: rowsByKeyLoader(
      (ids) => prisma.webhookAttempt.findMany({ where: { deliveryId: { in: [...ids] } }, orderBy: [{ deliveryId: 'asc' }, { attempt: 'asc' }] }),
      (a) => a.deliveryId,
    ),
    scopedEventPages: scoped.pages,
    scopedEventCounts: scoped.counts,
  };
}

export type EventsLoaders = ReturnType<typeof createEventsLoaders>;
export type EventsContext = import('../../kit/src/create-subgraph').SubgraphContext<EventsDb, EventsLoaders>;
