import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { loadHolidayCalendar } from '../calendar/holidays';
import { addWorkingDays, WorkingCalendar } from '../calendar/working-calendar';
import type { SqlClient } from '../../../../platform/database/sql-client';
import { REVIEW_WORKING_DAYS, WARNING_SHARE } from '../records/change-requests';
import { textArray } from '../records/record-change';
import type { Actor } from '../records/descriptor';

/**
 * Rows an import cannot decide go into the owner's review queue as change requests (operation
 * `importRow`), beside the grid workers' requests, with the same deadline and lights. The request's
 * fingerprint is the register, the record and what the row says: the same row imported again (a
 * re-import, or a duplicate line of the file) finds its request still pending and changes nothing.
 */

export const IMPORT_REVIEW_OPERATION = 'importRow';

export interface ImportReview {
  register: string;
  entityType: string;
  entityKey: string | null;
  /** The record's identity when it has no key yet (a keyed digest, never the raw value). */
  identity: string;
  gridCode: string;
  /** What the row says, normalized: the fingerprint and what the reviewer reads (payload is owner-only). */
  content: Record<string, unknown>;
  /** What the reviewer also reads but is not part of the fact (the address as written). */
  detail?: Record<string, unknown>;
  coordinates: string[];
  note: string;
}

let calendar: WorkingCalendar | undefined;

export function reviewFingerprint(review: Pick<ImportReview, 'register' | 'entityKey' | 'identity' | 'content'>): string {
  const basis = { operation: IMPORT_REVIEW_OPERATION, register: review.register, key: review.entityKey ?? review.identity, content: review.content };
  return createHash('sha256')
    .update(canonicalize(basis) ?? '')
    .digest('hex');
}

/** The pending requests with these fingerprints, in one query for a page (the oldest of each). */
export async function pendingReviews(sql: SqlClient, fingerprints: string[]): Promise<Map<string, string>> {
  if (fingerprints.length === 0) return new Map();
  const { rows } = await sql.query<{ id: string; fingerprint: string }>(
    `SELECT DISTINCT ON ("fingerprint") "fingerprint", "id" FROM "change_request"
      WHERE "fingerprint" = ANY($1::text[]) AND "status" = 'PENDING' ORDER BY "fingerprint", "id"`,
    [textArray([...new Set(fingerprints)])],
  );
  return new Map(rows.map((r) => [r.fingerprint, r.id]));
}

export interface QueuedReview {
  review: ImportReview;
  importRef: { importId: string; row: number };
}

/** Queues a page's reviews with one number query and one INSERT; their ids in the order given. */
export async function enqueueReviews(tx: SqlClient, queued: QueuedReview[], actor: Actor, now: Date): Promise<string[]> {
  if (queued.length === 0) return [];
  calendar ??= loadHolidayCalendar();
  const { rows: numbered } = await tx.query<{ n: string | number }>(
    `SELECT nextval('change_request_number') AS n FROM generate_series(1, $1::int) ORDER BY 1`,
    [queued.length],
  );
  const ids = numbered.map((r) => `CR${String(r.n).padStart(10, '0')}`);
  const requests = queued.map(({ review, importRef }, i) => ({
    id: ids[i],
    entity_type: review.entityType,
    entity_key: review.entityKey,
    payload: { import: importRef, register: review.register, entityKey: review.entityKey, row: review.content, detail: review.detail ?? {} },
    changed_fields: review.coordinates,
    note: review.note,
    grid_code: review.gridCode,
    fingerprint: reviewFingerprint(review),
  }));
  await tx.query(
    `INSERT INTO "change_request" ("id", "operation", "entity_type", "entity_key", "payload", "changed_fields", "observed_at", "note", "grid_code",
       "submitted_by_department", "submitted_by_user", "submitted_at", "status", "review_deadline", "review_warn_at", "fingerprint")
     SELECT r."id", $2, r."entity_type", r."entity_key", r."payload", ARRAY(SELECT jsonb_array_elements_text(r."changed_fields")), $3::timestamptz, r."note", r."grid_code",
            $4, $5, $3::timestamptz, 'PENDING', $6::timestamptz, $7::timestamptz, r."fingerprint"
       FROM jsonb_to_recordset($1::jsonb) AS r("id" text, "entity_type" text, "entity_key" text, "payload" jsonb, "changed_fields" jsonb, "note" text, "grid_code" text, "fingerprint" text)
      ORDER BY r."id"`,
    [
      JSON.stringify(requests),
      IMPORT_REVIEW_OPERATION,
      now.toISOString(),
      actor.department,
      actor.user,
      addWorkingDays(calendar, now, REVIEW_WORKING_DAYS).toISOString(),
      addWorkingDays(calendar, now, REVIEW_WORKING_DAYS * WARNING_SHARE).toISOString(),
    ],
  );
  return ids;
}
