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
  return createHash('sha256').update(canonicalize(basis) ?? '').digest('hex');
}

/** The pending request with this fingerprint, if the queue holds one. */
export async function pendingReview(sql: SqlClient, fingerprint: string): Promise<string | null> {
  const { rows } = await sql.query<{ id: string }>(
    `SELECT "id" FROM "change_request" WHERE "fingerprint" = $1 AND "status" = 'PENDING' ORDER BY "id" LIMIT 1`,
    [fingerprint],
  );
  return rows[0]?.id ?? null;
}

export async function enqueueReview(tx: SqlClient, review: ImportReview, importRef: { importId: string; row: number }, actor: Actor, now: Date): Promise<string> {
  calendar ??= loadHolidayCalendar();
  const { rows: numbered } = await tx.query<{ n: string | number }>(`SELECT nextval('change_request_number') AS n`);
  const id = `CR${String(numbered[0]!.n).padStart(10, '0')}`;
  const payload = { import: importRef, register: review.register, entityKey: review.entityKey, row: review.content, detail: review.detail ?? {} };
  await tx.query(
    `INSERT INTO "change_request" ("id", "operation", "entity_type", "entity_key", "payload", "changed_fields", "observed_at", "note", "grid_code",
       "submitted_by_department", "submitted_by_user", "submitted_at", "status", "review_deadline", "review_warn_at", "fingerprint")
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::text[], $7::timestamptz, $8, $9, $10, $11, $12::timestamptz, 'PENDING', $13::timestamptz, $14::timestamptz, $15)`,
    [
      id, IMPORT_REVIEW_OPERATION, review.entityType, review.entityKey, JSON.stringify(payload), textArray(review.coordinates), now.toISOString(),
      review.note, review.gridCode, actor.department, actor.user, now.toISOString(),
      addWorkingDays(calendar, now, REVIEW_WORKING_DAYS).toISOString(), addWorkingDays(calendar, now, REVIEW_WORKING_DAYS * WARNING_SHARE).toISOString(),
      reviewFingerprint(review),
    ],
  );
  return id;
}
