import type { EventsPrisma } from '../prisma';

/**
 * Grid workers' collection (采集) credits, kept from the owners' change feeds: a change with source
 * COLLECTION earns its request's worker one credit (one per owner and request, however many records
 * the request changed); a REVERTED change citing the request (rejected after being applied at once)
 * takes it back. The feed follower hands every change it reads to `creditCollections`.
 */

export interface FollowedChange {
  kind: string;
  source: string;
  changeRequestId: string | null;
  collectedBy: string | null;
  collectedInGrid: string | null;
  recordedAt: string;
}

export async function creditCollections(prisma: EventsPrisma, owner: string, changes: readonly FollowedChange[]): Promise<void> {
  for (const change of changes) {
    if (!change.changeRequestId) continue;
    if (change.kind === 'REVERTED') {
      await prisma.$executeRawUnsafe(
        `DELETE FROM "collection_credit" WHERE "owner" = $1 AND "change_request_id" = $2`,
        owner,
        change.changeRequestId,
      );
    } else if (change.source === 'COLLECTION' && change.collectedBy && change.collectedInGrid) {
      // The first change of a request fixes when it was applied; the feed is read in order, so a
      // re-read after a restart meets the row already there.
      await prisma.$executeRawUnsafe(
        `INSERT INTO "collection_credit" ("owner", "change_request_id", "collected_by", "grid_code", "applied_at")
         VALUES ($1, $2, $3, $4, $5::timestamptz) ON CONFLICT DO NOTHING`,
        owner,
        change.changeRequestId,
        change.collectedBy,
        change.collectedInGrid,
        change.recordedAt,
      );
    }
  }
}
