import DataLoader from 'dataloader';
import { eventsDomain } from '../domain';
import type { EventsPrisma } from '../prisma';

/**
 * Possible duplicates (疑似重复) to check at registration: earlier reports of the same category at the
 * same standard address (in the same grid when either has none) within the catalogue's
 * duplicateWindowDays, not themselves rejected; most recent first. One statement for every event of
 * a request (a LATERAL join over the asked ids).
 */
export function duplicateCandidateLoader(prisma: EventsPrisma) {
  return new DataLoader<{ id: string; first: number }, string[], string>(
    async (keys) => {
      const first = Math.max(...keys.map((k) => k.first));
      const days = eventsDomain().catalogue.commandCentre.duplicateWindowDays;
      const rows = await prisma.$queryRawUnsafe<{ key: string; id: string }[]>(
        `SELECT o.id AS key, d.id FROM "event" o
           CROSS JOIN LATERAL (
             SELECT e.id, e.reported_at FROM "event" e
              WHERE e.category_code = o.category_code AND e.id <> o.id AND e.status <> 'REJECTED'
                AND e.reported_at < o.reported_at AND e.reported_at >= o.reported_at - make_interval(days => $2::int)
                AND CASE WHEN o.address_code IS NOT NULL AND e.address_code IS NOT NULL THEN e.address_code = o.address_code
                         ELSE e.grid_code = o.grid_code END
              ORDER BY e.reported_at DESC LIMIT $3::int) d
          WHERE o.id = ANY($1::text[])
          ORDER BY o.id, d.reported_at DESC, d.id`,
        keys.map((k) => k.id),
        days,
        first,
      );
      return keys.map((k) =>
        rows
          .filter((r) => r.key === k.id)
          .slice(0, k.first)
          .map((r) => r.id),
      );
    },
    { cacheKeyFn: (k) => `${k.id}|${k.first}` },
  );
}
