import type { SqlClient } from '../../../../platform/database/sql-client';

/**
 * Grid workers' collection (采集) credits, kept from the owners' change feeds: a change with source
 * COLLECTION earns its request's worker one credit (one per owner and request, however many records
 * the request changed); a REVERTED change citing the request (rejected after being applied at once)
 * takes it back. The feed follower hands every change it reads here, in the page's transaction.
 */

/** What the follower selects of each change for this (grid-command reads collectedBy and collectedInGrid). */
export const COLLECTION_SELECTION = 'source changeRequestId collectedBy collectedInGrid recordedAt';

export interface CollectedChange {
  kind: string;
  source?: unknown;
  changeRequestId?: unknown;
  collectedBy?: unknown;
  collectedInGrid?: unknown;
  recordedAt?: unknown;
}

export async function creditCollection(tx: SqlClient, owner: string, change: CollectedChange): Promise<void> {
  if (typeof change.changeRequestId !== 'string') return;
  if (change.kind === 'REVERTED') {
    await tx.query(`DELETE FROM "collection_credit" WHERE "owner" = $1 AND "change_request_id" = $2`, [owner, change.changeRequestId]);
    return;
  }
  if (change.source !== 'COLLECTION' || typeof change.collectedBy !== 'string' || typeof change.collectedInGrid !== 'string') return;
  // The first change of a request fixes when it was applied; a page read again meets the row already there.
  await tx.query(
    `INSERT INTO "collection_credit" ("owner", "change_request_id", "collected_by", "grid_code", "applied_at")
     VALUES ($1, $2, $3, $4, $5::timestamptz) ON CONFLICT DO NOTHING`,
    [owner, change.changeRequestId, change.collectedBy, change.collectedInGrid, change.recordedAt],
  );
}
