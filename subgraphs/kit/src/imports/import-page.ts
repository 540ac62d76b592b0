import canonicalize from 'canonicalize';
import { GraphQLError } from 'graphql';
import type { SqlClient } from '../../../../platform/database/sql-client';
import { badUserInput, ErrorCode } from '../../../../platform/errors';
import { coordinatesOf, PreparedChange, WriteOperation } from '../records/operations';
import { missingMessage, missingReferences } from '../records/references';
import type { Applied } from '../records/record-change';
import { authorizeDirectWrite } from '../records/write-access';
import { actorOf, WriteContext } from '../records/write-context';
import { IMPORT_ID, ImportPageResult, MAX_IMPORT_PAGE_ROWS, RowIssue } from './import-types';
import { PageWrites } from './page-writes';
import type { ImportReview } from './review-queue';
import { queueReviews, ReviewDecision } from './page-reviews';
import { maskForReport } from './report-mask';

/**
 * One page of an import, the same for every register: the register decides each row (validate,
 * look up the record, compare), this applies the decisions — a change through the owner's own
 * write operation with source IMPORT (history, change feed, version check), a review into the
 * owner's queue — and accounts for every row. The page is one transaction (page-writes.ts); each
 * applied row has an idempotency key made of the import id and row number, so a page sent twice
 * applies once; a record changed by someone else between the register's read and the write (a
 * collection request approved meanwhile) fails the version check, writes nothing and goes to review
 * instead: nothing is lost.
 */

export type RowDecision =
  | { outcome: 'UNCHANGED'; reason: string; entityKey: string | null; gridCode?: string | null }
  | { outcome: 'REJECTED'; field: string | null; value: string | null; reason: string; suggestion: string | null; entityKey?: string | null }
  | { outcome: 'APPLY'; operation: WriteOperation<any>; change: unknown; expectedVersion: number; entityKey: string; review: ImportReview }
  | { outcome: 'REVIEW'; field: string | null; value: string | null; reason: string; suggestion: string | null; review: ImportReview };

export interface ImportRegister<Row extends { row: number }> {
  /** persons, houses, legal-entities: names the import in the trail and in request payloads. */
  name: string;
  /** The type of the records it imports (their row scope is the importer's jurisdiction). */
  entityType: string;
  /** The GraphQL type of the import's audit entry (PersonImport). */
  auditType: string;
  /** The owner's change-request type (the trail records each review queued under it). */
  requestType: string;
  /** Coordinates the importer must be allowed to write directly (fails closed: an import is a registrar's act). */
  requires: readonly string[];
  /** Reads what the page's rows need (one query per kind of lookup, not per row). */
  load(sql: SqlClient, rows: Row[], page: { now: Date; importId: string }): Promise<PageLookups<Row>>;
}

export interface PageLookups<Row> {
  decide(row: Row): Promise<RowDecision> | RowDecision;
  /** A row of this page changed a record: later rows about it compare with the new state. */
  applied(decision: Extract<RowDecision, { outcome: 'APPLY' }>, applied: Applied): void;
  /** Keeps what later pages of the import must know (import bookkeeping, also on a dry run). */
  finish?(sql: SqlClient): Promise<void>;
}

export interface ImportPageInput<Row> {
  importId: string;
  page: number;
  dryRun?: boolean | null;
  rows: Row[];
}

function checkPage<Row extends { row: number }>(input: ImportPageInput<Row>): void {
  if (typeof input.importId !== 'string' || !IMPORT_ID.test(input.importId)) {
    throw badUserInput('importId must be 8-64 letters, digits and . _ - (the same for every page of one file)', { field: 'importId' });
  }
  if (!Number.isInteger(input.page) || input.page < 1) throw badUserInput('page must be a whole number from 1', { field: 'page' });
  if (!Array.isArray(input.rows) || input.rows.length === 0 || input.rows.length > MAX_IMPORT_PAGE_ROWS) {
    throw badUserInput(`rows must hold 1-${MAX_IMPORT_PAGE_ROWS} rows`, { field: 'rows' });
  }
  const numbers = new Set<number>();
  input.rows.forEach((r, i) => {
    if (!Number.isInteger(r.row) || r.row < 1 || numbers.has(r.row))
      throw badUserInput(`rows.${i}.row must be the row's number in the file, unique, from 1`, { field: `rows.${i}.row` });
    numbers.add(r.row);
  });
}

/** A report shows a missing reference's code masked as its kind is. */
const REFERENCE_MASKS = { address: 'code', house: 'code', person: 'code', legalEntity: 'credit-code' } as const;

const isReusedKey = (error: unknown) => error instanceof GraphQLError && error.extensions?.reason === 'IDEMPOTENCY_KEY_REUSED';

const codeOf = (error: unknown) => (error instanceof GraphQLError ? (error.extensions?.code as string | undefined) : undefined);

export async function importPage<Row extends { row: number }>(
  register: ImportRegister<Row>,
  input: ImportPageInput<Row>,
  ctx: WriteContext,
): Promise<ImportPageResult> {
  checkPage(input);
  authorizeDirectWrite(ctx.access, register.requires, 'an import by a registrar who may write these fields directly');
  const now = ctx.now();
  const dryRun = input.dryRun === true;
  const actor = actorOf(ctx);
  const sql = ctx.db.sql;
  // A dry run keeps its own bookkeeping of the rows it met (never shared with the real import of the same id).
  const lookups = await register.load(sql, input.rows, { now, importId: dryRun ? `dry:${input.importId}` : input.importId });
  const result: ImportPageResult = {
    importId: input.importId,
    page: input.page,
    dryRun,
    rows: input.rows.length,
    applied: 0,
    unchanged: 0,
    needsReview: 0,
    rejected: 0,
    notApplied: [],
  };
  const issue = (row: number, outcome: RowIssue['outcome'], detail: Partial<RowIssue> & { reason: string }) => {
    result.notApplied.push({ row, outcome, field: null, value: null, suggestion: null, changeRequestId: null, entityKey: null, ...detail });
    if (outcome === 'UNCHANGED') result.unchanged++;
    else if (outcome === 'REJECTED') result.rejected++;
    else result.needsReview++;
  };

  // 1. Every row decided from what the register read for the page (in memory, in row order: the
  // register compares a row with the file's earlier rows), the changes prepared and authorized.
  const reviews: { row: number; decision: ReviewDecision }[] = [];
  const applies: { row: number; decision: Extract<RowDecision, { outcome: 'APPLY' }>; prepared: PreparedChange }[] = [];
  const rejectFor = (row: number, error: unknown) => {
    const code = codeOf(error);
    if (code !== ErrorCode.BAD_USER_INPUT && code !== ErrorCode.FORBIDDEN && code !== ErrorCode.NOT_FOUND) throw error;
    const field = ((error as GraphQLError).extensions?.field as string | undefined) ?? null;
    issue(row, 'REJECTED', {
      field,
      reason: scrub((error as Error).message),
      suggestion: code === ErrorCode.FORBIDDEN ? 'the row lies outside your jurisdiction: send it to the department that keeps it' : null,
    });
  };
  for (const row of input.rows) {
    try {
      const decision = await lookups.decide(row);
      const grid = decision.outcome === 'UNCHANGED' ? decision.gridCode : decision.outcome === 'REJECTED' ? null : decision.review.gridCode;
      if (grid && !ctx.access.visible(register.entityType, grid)) {
        // Fails closed, and says no more: not which record, nor where (the importer may not read it).
        issue(row.row, 'REJECTED', {
          reason: 'the row is about a record outside your jurisdiction',
          suggestion: 'send the row to the office whose jurisdiction it is in',
        });
      } else if (decision.outcome === 'UNCHANGED') issue(row.row, 'UNCHANGED', { reason: decision.reason, entityKey: decision.entityKey });
      else if (decision.outcome === 'REJECTED') issue(row.row, 'REJECTED', decision);
      else if (decision.outcome === 'REVIEW') reviews.push({ row: row.row, decision });
      else {
        const prepared = decision.operation.prepare(decision.change, { now });
        authorizeDirectWrite(ctx.access, coordinatesOf(decision.operation, prepared), 'a change request');
        applies.push({ row: row.row, decision, prepared });
      }
    } catch (error) {
      rejectFor(row.row, error);
    }
  }

  // 2. The records the changes name in other registers, asked for the whole page before anything is
  // written (as a direct write asks before it writes): a row naming one that does not exist is
  // rejected; when they cannot be asked the page fails closed and nothing of it is written.
  const missing = await missingReferences(
    ctx,
    applies.flatMap((a) => a.prepared.references ?? []),
  );
  const missingOf = (a: (typeof applies)[number]) =>
    missing.find((m) => (a.prepared.references ?? []).some((r) => r.kind === m.reference.kind && r.code === m.reference.code && r.field === m.reference.field));
  const checked = applies.filter((a) => {
    const gone = missingOf(a);
    if (!gone) return true;
    const field = gone.reference.field.replace(/^change\./, '');
    issue(a.row, 'REJECTED', {
      field,
      value: maskForReport(REFERENCE_MASKS[gone.reference.kind], gone.reference.code),
      reason: missingMessage({ ...gone, reference: { ...gone.reference, field } }, 'with this code on record'),
      suggestion: `check the ${field} against its register, or register that record first, and import the row again`,
      entityKey: a.decision.entityKey,
    });
    return false;
  });

  // 3. The writes, in the page's one transaction: the changes set-based (page-writes.ts), a row the
  // record changed under (a collection request approved meanwhile) to review instead; the reviews
  // looked up and queued with one statement each.
  const queued: string[] = [];
  const decideAll = async (tx: SqlClient, writes: PageWrites | null) => {
    if (!writes) result.applied += checked.length;
    else {
      const outcomes = await writes.applyAll(checked, now);
      for (const a of checked) {
        const outcome = outcomes.get(a.row)!;
        if ('applied' in outcome) {
          if (outcome.applied) lookups.applied(a.decision, outcome.applied);
          result.applied++;
        } else if (codeOf(outcome.error) === ErrorCode.CONFLICT && !isReusedKey(outcome.error)) {
          // Someone changed the record since this page read it: the row is decided by a person.
          reviews.push({
            row: a.row,
            decision: {
              field: null,
              value: null,
              reason: `the record changed while importing (${scrub((outcome.error as Error).message)})`,
              suggestion: 'compare the row with the record as it is now',
              review: a.decision.review,
            },
          });
        } else if (codeOf(outcome.error) === ErrorCode.CONFLICT) throw outcome.error;
        else rejectFor(a.row, outcome.error);
      }
    }
    queued.push(...(await queueReviews(tx, reviews, { access: ctx.access, importId: input.importId, actor, now, write: writes !== null }, issue, rejectFor)));
    await lookups.finish?.(tx);
  };

  if (dryRun) await sql.transaction((tx) => decideAll(tx, null));
  else {
    const writes = await sql.transaction(async (tx) => {
      const pageWrites = await PageWrites.open(
        tx,
        ctx,
        register.name,
        input.importId,
        input.rows.map((r) => r.row),
      );
      await decideAll(tx, pageWrites);
      return pageWrites;
    });
    // The trail hears of the page's writes and queued requests once they are committed.
    writes.reportCommitted();
    for (const id of queued) ctx.access.recordWrite(register.requestType, changeRequestWrite(ctx, id));
  }
  // The report in the file's order, whatever order the steps above decided the rows in.
  result.notApplied.sort((a, b) => a.row - b.row);
  const counts = {
    applied: result.applied,
    unchanged: result.unchanged,
    needsReview: result.needsReview,
    rejected: result.rejected,
    rows: result.rows,
    dryRun,
  };
  // One entry per page on the trail: the counts, never a value (the rows' own writes are entries of their own).
  ctx.access.recordWrite(register.auditType, {
    entityKey: `${input.importId}/${input.page}`,
    changedFields: Object.entries(counts).map(([k, v]) => `${k}=${v}`),
    beforeDigest: ctx.access.keyedDigest(''),
    afterDigest: ctx.access.keyedDigest(canonicalize(counts) ?? ''),
  });
  ctx.logger.info(
    { event: 'imports.page_done', requestId: ctx.requestId, register: register.name, importId: input.importId, page: input.page, ...counts },
    'import page done',
  );
  return result;
}

/** Messages of the write path may quote what was sent: quoted values and long digit runs are cut before they reach a report. */
export function scrub(message: string): string {
  return message.replace(/"[^"]*"/g, '"…"').replace(/[0-9X]{6,}/g, (run) => `${run.slice(0, 4)}${'*'.repeat(run.length - 4)}`);
}

function changeRequestWrite(ctx: WriteContext, id: string) {
  const digest = (status: string | null) => ctx.access.keyedDigest(canonicalize({ status }) ?? '');
  return { entityKey: id, changedFields: ['status'], beforeDigest: digest(null), afterDigest: digest('PENDING'), changeRequestId: id };
}
