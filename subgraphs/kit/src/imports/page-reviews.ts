import type { RequestAccess } from '../../../../access-policies/runtime/request-access';
import type { SqlClient } from '../../../../platform/database/sql-client';
import type { Actor } from '../records/descriptor';
import { assertWritableRow } from '../records/write-access';
import type { RowIssue } from './import-types';
import { enqueueReviews, ImportReview, pendingReviews, reviewFingerprint } from './review-queue';

/**
 * The rows of an import page that need a person, into the owner's review queue with one lookup
 * and one INSERT for the page: a row whose request is already waiting (a re-import, a duplicate
 * line) is unchanged and names that request; a row about a record the importer may not write is
 * rejected; the others are queued (on a dry run: counted, not queued).
 */

export type ReviewDecision = { field: string | null; value: string | null; reason: string; suggestion: string | null; review: ImportReview };

type Issue = (row: number, outcome: RowIssue['outcome'], detail: Partial<RowIssue> & { reason: string }) => void;

/** The ids of the requests queued (to be reported to the trail once the page has committed). */
export async function queueReviews(
  tx: SqlClient,
  reviews: { row: number; decision: ReviewDecision }[],
  page: { access: RequestAccess; importId: string; actor: Actor; now: Date; write: boolean },
  issue: Issue,
  rejectFor: (row: number, error: unknown) => void,
): Promise<string[]> {
  const queued: string[] = [];
  reviews.sort((a, b) => a.row - b.row);
  const waiting = await pendingReviews(
    tx,
    reviews.map((r) => reviewFingerprint(r.decision.review)),
  );
  const fresh: { row: number; decision: ReviewDecision }[] = [];
  // The same row twice in a page: the second finds the first's request, as a re-import does.
  const repeats: { row: number; decision: ReviewDecision; first: number }[] = [];
  const inPage = new Map<string, number>();
  for (const r of reviews) {
    const fingerprint = reviewFingerprint(r.decision.review);
    const already = waiting.get(fingerprint);
    if (already) {
      issue(r.row, 'UNCHANGED', {
        reason: `already waiting for review as ${already} (${r.decision.reason})`,
        changeRequestId: already,
        entityKey: r.decision.review.entityKey,
      });
      continue;
    }
    try {
      assertWritableRow(
        page.access,
        r.decision.review.entityType,
        r.decision.review.gridCode,
        `${r.decision.review.entityType} ${r.decision.review.entityKey ?? '(new)'}`,
      );
    } catch (error) {
      rejectFor(r.row, error);
      continue;
    }
    const first = page.write ? inPage.get(fingerprint) : undefined;
    if (first !== undefined) repeats.push({ ...r, first });
    else {
      inPage.set(fingerprint, r.row);
      fresh.push(r);
    }
  }
  const ids = page.write
    ? await enqueueReviews(
        tx,
        fresh.map((r) => ({
          review: { ...r.decision.review, note: `import ${page.importId} row ${r.row}: ${r.decision.reason}` },
          importRef: { importId: page.importId, row: r.row },
        })),
        page.actor,
        page.now,
      )
    : fresh.map(() => null);
  const idOfRow = new Map(fresh.map((r, i) => [r.row, ids[i] ?? null]));
  for (const r of fresh) {
    const id = idOfRow.get(r.row) ?? null;
    if (id) queued.push(id);
    issue(r.row, 'NEEDS_REVIEW', {
      field: r.decision.field,
      value: r.decision.value,
      reason: r.decision.reason,
      suggestion: r.decision.suggestion,
      changeRequestId: id,
      entityKey: r.decision.review.entityKey,
    });
  }
  for (const r of repeats) {
    const id = idOfRow.get(r.first) ?? null;
    issue(r.row, 'UNCHANGED', {
      reason: `already waiting for review as ${id} (${r.decision.reason})`,
      changeRequestId: id,
      entityKey: r.decision.review.entityKey,
    });
  }
  return queued;
}
