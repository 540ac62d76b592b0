import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { loadHolidayCalendar } from '../calendar/holidays';
import { addWorkingDays, WorkingCalendar } from '../calendar/working-calendar';
import type { SqlClient } from '../../../../platform/database/sql-client';
import { badUserInput, conflict, forbidden, notFound } from '../../../../platform/errors';
import { auditWrite, writeResult, WriteResult } from './direct-write';
import { checkIdempotencyKey, payloadDigest, withIdempotency } from './idempotency';
import { applyPrepared, coordinatesOf, WriteOperation } from './operations';
import { checkReferences } from './references';
import { applyRecordChange, textArray } from './record-change';
import { assertWritableRow, authorizeDirectWrite, authorizeSubmission } from './write-access';
import { actorOf, WriteContext } from './write-context';

/**
 * Collection and review (采集 → 核实): a grid worker submits what they saw as a change request; the
 * owner's registrar approves it (the change applies atomically, citing the request) or rejects it
 * with a reason the worker reads in their own list. Fields whose grant says `review: after` apply
 * at once and wait for confirmation; a rejection then reverts them. A request for a fact already
 * pending (same operation, record and values) is merged into it.
 */

/** Reviews are due within this many working days (China's calendar, holidays.yaml), as registration offices promise. */
export const REVIEW_WORKING_DAYS = 5;
/** The share of the allowed time after which a pending request turns YELLOW (as event deadlines do). */
export const WARNING_SHARE = 0.8;

export interface ChangeRequestSetup {
  /** Names the mutations in messages: submitPopulationChangeRequest, … */
  owner: string;
  /** The GraphQL type of this owner's requests: the trail records each submission and decision under it. */
  requestType: string;
  /** The operations a request may carry, by the input field that carries each. */
  operations: Record<string, WriteOperation<any>>;
  calendar?: WorkingCalendar;
}

let sharedCalendar: WorkingCalendar | undefined;
const calendarOf = (setup: ChangeRequestSetup) => setup.calendar ?? (sharedCalendar ??= loadHolidayCalendar());

export interface ChangeRequestRow {
  id: string;
  operation: string;
  entity_type: string;
  entity_key: string | null;
  payload: Record<string, unknown>;
  changed_fields: string[];
  observed_at: Date | string;
  note: string | null;
  grid_code: string;
  submitted_by_department: string;
  submitted_by_user: string;
  submitted_at: Date | string;
  also_submitted_by: { department: string; user: string }[];
  status: 'PENDING' | 'APPROVED' | 'REJECTED' | 'APPLIED_UNDER_REVIEW' | 'CONFIRMED';
  review_deadline: Date | string;
  review_warn_at: Date | string;
  reviewer_department: string | null;
  reviewer_user: string | null;
  decided_at: Date | string | null;
  reason: string | null;
  applied_version: number | null;
  merged_count: number;
  version: number;
}

export interface SubmitResult {
  changeRequestId: string;
  merged: boolean;
  write?: WriteResult;
}

function pickOperation(setup: ChangeRequestSetup, input: Record<string, unknown>): [string, WriteOperation<any>, unknown] {
  const given = Object.keys(setup.operations).filter((field) => input[field] !== undefined && input[field] !== null);
  if (given.length !== 1) {
    throw badUserInput(`give exactly one of ${Object.keys(setup.operations).join(', ')}; got ${given.length === 0 ? 'none' : given.join(', ')}`, {
      field: 'input',
    });
  }
  return [given[0], setup.operations[given[0]], input[given[0]]];
}

function checkObservedAt(value: unknown, now: Date): Date {
  const at =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(value)
      ? new Date(value.length === 10 ? `${value}T00:00:00+08:00` : value)
      : null;
  if (!at || Number.isNaN(at.getTime())) throw badUserInput('observedAt must be an ISO 8601 date or date-time (when you saw it)', { field: 'observedAt' });
  // A few minutes of clock difference between a worker's phone and the server are not the future.
  if (at.getTime() > now.getTime() + 10 * 60_000) throw badUserInput('observedAt lies in the future', { field: 'observedAt' });
  return at;
}

function checkText(value: unknown, field: string, max: number, required = false): string | null {
  if (value === undefined || value === null || value === '') {
    if (required) throw badUserInput(`${field} is required`, { field });
    return null;
  }
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max)
    throw badUserInput(`${field} must be text of 1-${max} characters`, { field });
  return value.trim();
}

async function currentGrid(sql: SqlClient, operation: WriteOperation<unknown>, key: string): Promise<string> {
  const d = operation.descriptor;
  const { rows } = await sql.query<{ grid: string }>(`SELECT "${d.gridColumn}" AS grid FROM "${d.table}" WHERE "${d.keyColumn}" = $1`, [key]);
  if (!rows[0]) throw notFound(`${d.entityType} ${key} does not exist`);
  return rows[0].grid;
}

/**
 * A submission or a decision is a write of the request itself (its status): on the trail under the
 * request's id, with keyed digests of the status before and after, like any other write.
 */
function auditDecision(ctx: WriteContext, setup: ChangeRequestSetup, id: string, before: string | null, after: string): void {
  const digest = (status: string | null) => ctx.access.keyedDigest(canonicalize({ status }) ?? '');
  ctx.access.recordWrite(setup.requestType, {
    entityKey: id,
    changedFields: ['status'],
    beforeDigest: digest(before),
    afterDigest: digest(after),
    changeRequestId: id,
  });
}

export async function submitChangeRequest(setup: ChangeRequestSetup, input: Record<string, unknown>, ctx: WriteContext): Promise<SubmitResult> {
  const key = checkIdempotencyKey(input.idempotencyKey);
  const now = ctx.now();
  const observedAt = checkObservedAt(input.observedAt, now);
  const note = checkText(input.note, 'note', 2000);
  const [, operation, change] = pickOperation(setup, input);
  const prepared = operation.prepare(change, { now });
  const coordinates = coordinatesOf(operation, prepared);
  const { applyAtOnce } = authorizeSubmission(ctx.access, coordinates);
  const d = operation.descriptor;
  if (prepared.gridCode) assertWritableRow(ctx.access, d.entityType, prepared.gridCode, `${d.entityType} ${prepared.entityKey ?? '(new)'}`);
  const recordGrid = prepared.entityKey === null ? undefined : await currentGrid(ctx.db.sql, operation, prepared.entityKey);
  if (recordGrid) assertWritableRow(ctx.access, d.entityType, recordGrid, `${d.entityType} ${prepared.entityKey}`);
  // A request naming a house or address that does not exist is refused at once, not queued for a reviewer.
  await checkReferences(ctx, prepared.references);
  // The queue shows a request where the record will be (an arrival: the house's grid).
  const gridCode = prepared.gridCode ?? recordGrid!;
  const actor = actorOf(ctx);
  const fingerprint = createHash('sha256')
    .update(canonicalize({ operation: operation.name, key: prepared.entityKey, change }) ?? '')
    .digest('hex');
  const digest = payloadDigest(`submit:${operation.name}`, input);
  const { result, replayed } = await withIdempotency(ctx.db.sql, { actor, key, operation: `submit:${operation.name}`, digest, now }, async (tx) => {
    const { rows: same } = await tx.query<{ id: string }>(
      `SELECT "id" FROM "change_request" WHERE "fingerprint" = $1 AND "status" = 'PENDING' ORDER BY "id" LIMIT 1 FOR UPDATE`,
      [fingerprint],
    );
    if (same[0]) {
      await tx.query(
        `UPDATE "change_request" SET "merged_count" = "merged_count" + 1, "version" = "version" + 1,
           "also_submitted_by" = "also_submitted_by" || $2::jsonb WHERE "id" = $1`,
        [same[0].id, JSON.stringify([{ ...actor, observedAt: observedAt.toISOString(), note }])],
      );
      return { changeRequestId: same[0].id, merged: true } as SubmitResult;
    }
    const { rows: numbered } = await tx.query<{ n: string | number }>(`SELECT nextval('change_request_number') AS n`);
    const id = `CR${String(numbered[0]!.n).padStart(10, '0')}`;
    const write = applyAtOnce
      ? writeResult(
          ctx.access,
          await applyPrepared(tx, operation, prepared, { source: 'COLLECTION', actor, now, access: ctx.access, changeRequestId: id, reason: note }),
          id,
        )
      : undefined;
    const calendar = calendarOf(setup);
    await tx.query(
      `INSERT INTO "change_request" ("id", "operation", "entity_type", "entity_key", "payload", "changed_fields", "observed_at", "note", "grid_code",
         "submitted_by_department", "submitted_by_user", "submitted_at", "status", "review_deadline", "review_warn_at", "fingerprint", "applied_version")
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::text[], $7::timestamptz, $8, $9, $10, $11, $12::timestamptz, $13, $14::timestamptz, $15::timestamptz, $16, $17)`,
      [
        id,
        operation.name,
        d.entityType,
        write?.entityKey ?? prepared.entityKey,
        JSON.stringify(change),
        textArray(coordinates),
        observedAt.toISOString(),
        note,
        gridCode,
        actor.department,
        actor.user,
        now.toISOString(),
        write ? 'APPLIED_UNDER_REVIEW' : 'PENDING',
        addWorkingDays(calendar, now, REVIEW_WORKING_DAYS).toISOString(),
        addWorkingDays(calendar, now, REVIEW_WORKING_DAYS * WARNING_SHARE).toISOString(),
        fingerprint,
        write?.version ?? null,
      ],
    );
    return { changeRequestId: id, merged: false, ...(write ? { write } : {}) } as SubmitResult;
  });
  if (result.write) auditWrite(ctx.access, d.entityType, result.write, replayed);
  if (!replayed && !result.merged) auditDecision(ctx, setup, result.changeRequestId, null, result.write ? 'APPLIED_UNDER_REVIEW' : 'PENDING');
  ctx.logger.info(
    { event: 'records.change_request_submitted', requestId: ctx.requestId, changeRequestId: result.changeRequestId, merged: result.merged, replayed },
    'change request submitted',
  );
  return result;
}

export interface DecisionInput {
  id: string;
  expectedVersion: number;
  note?: string | null;
  reason?: string | null;
}

/** Locks the request and checks everything a decision needs: version, status, not one's own, the reviewer's grants and jurisdiction. */
async function lockForDecision(
  tx: SqlClient,
  setup: ChangeRequestSetup,
  input: DecisionInput,
  ctx: WriteContext,
): Promise<[ChangeRequestRow, WriteOperation<any>]> {
  const { rows } = await tx.query<ChangeRequestRow>(`SELECT * FROM "change_request" WHERE "id" = $1 FOR UPDATE`, [input.id]);
  const request = rows[0];
  if (!request) throw notFound(`change request ${input.id} does not exist`, { field: 'id' });
  const operation = Object.values(setup.operations).find((op) => op.name === request.operation)!;
  authorizeDirectWrite(ctx.access, request.changed_fields, 'a review by a registrar who may write these fields');
  assertWritableRow(ctx.access, request.entity_type, request.grid_code, `change request ${request.id}`);
  const submitters = [{ department: request.submitted_by_department, user: request.submitted_by_user }, ...(request.also_submitted_by ?? [])];
  if (submitters.some((s) => s.department === ctx.caller.department && s.user === ctx.caller.user)) {
    throw forbidden(`you submitted change request ${request.id}; another registrar must review it`, { reason: 'SELF_REVIEW' });
  }
  if (request.version !== input.expectedVersion) {
    throw conflict(`change request ${request.id} changed since you read it: it is at version ${request.version}, you sent ${input.expectedVersion}`, {
      currentVersion: request.version,
      field: 'expectedVersion',
    });
  }
  if (request.status !== 'PENDING' && request.status !== 'APPLIED_UNDER_REVIEW') {
    throw conflict(`change request ${request.id} is already ${request.status}`, { field: 'id', currentStatus: request.status });
  }
  return [request, operation];
}

async function decide(tx: SqlClient, request: ChangeRequestRow, ctx: WriteContext, status: string, reason: string | null, appliedVersion: number | null) {
  await tx.query(
    `UPDATE "change_request" SET "status" = $2, "reviewer_department" = $3, "reviewer_user" = $4, "decided_at" = $5::timestamptz,
       "reason" = $6, "applied_version" = COALESCE($7, "applied_version"), "version" = "version" + 1 WHERE "id" = $1`,
    [request.id, status, ctx.caller.department, ctx.caller.user, ctx.now().toISOString(), reason, appliedVersion],
  );
}

export async function approveChangeRequest(setup: ChangeRequestSetup, input: DecisionInput, ctx: WriteContext): Promise<{ changeRequestId: string }> {
  const note = checkText(input.note, 'note', 2000);
  const now = ctx.now();
  let written: WriteResult | undefined;
  let entityType = '';
  let decided: [string, string] = ['', ''];
  await ctx.db.sql.transaction(async (tx) => {
    const [request, operation] = await lockForDecision(tx, setup, input, ctx);
    entityType = request.entity_type;
    decided = [request.status, request.status === 'APPLIED_UNDER_REVIEW' ? 'CONFIRMED' : 'APPROVED'];
    if (request.status === 'APPLIED_UNDER_REVIEW') return decide(tx, request, ctx, 'CONFIRMED', note, null);
    // Validated again: the record may have changed since the worker saw it (the invariants decide).
    const prepared = operation.prepare(request.payload, { now });
    // Asked again: a house or address may have gone since the worker submitted.
    await checkReferences(ctx, prepared.references);
    const applied = await applyPrepared(tx, operation, prepared, {
      source: 'COLLECTION',
      actor: actorOf(ctx),
      now,
      access: ctx.access,
      changeRequestId: request.id,
      reason: note ?? request.note,
    });
    written = writeResult(ctx.access, applied, request.id);
    if (request.entity_key === null) await tx.query(`UPDATE "change_request" SET "entity_key" = $2 WHERE "id" = $1`, [request.id, applied.key]);
    await decide(tx, request, ctx, 'APPROVED', note, applied.version);
  });
  if (written) auditWrite(ctx.access, entityType, written, false);
  auditDecision(ctx, setup, input.id, ...decided);
  ctx.logger.info({ event: 'records.change_request_approved', requestId: ctx.requestId, changeRequestId: input.id }, 'change request approved');
  return { changeRequestId: input.id };
}

export async function rejectChangeRequest(setup: ChangeRequestSetup, input: DecisionInput, ctx: WriteContext): Promise<{ changeRequestId: string }> {
  const reason = checkText(input.reason, 'reason', 2000, true);
  const now = ctx.now();
  let written: WriteResult | undefined;
  let entityType = '';
  let before = '';
  await ctx.db.sql.transaction(async (tx) => {
    const [request, operation] = await lockForDecision(tx, setup, input, ctx);
    entityType = request.entity_type;
    before = request.status;
    if (request.status === 'APPLIED_UNDER_REVIEW' && request.entity_key && request.applied_version) {
      // Applied at once, rejected on review: the fields go back to what they were before it.
      const { rows } = await tx.query<{ before: Record<string, string | null> | null }>(
        `SELECT "before" FROM "record_version" WHERE "entity_type" = $1 AND "entity_key" = $2 AND "version" = $3`,
        [request.entity_type, request.entity_key, request.applied_version],
      );
      const applied = await applyRecordChange(tx, operation.descriptor, {
        key: request.entity_key,
        values: rows[0]?.before ?? {},
        kind: 'REVERTED',
        source: 'DEPARTMENT',
        actor: actorOf(ctx),
        now,
        changeRequestId: request.id,
        reason,
      });
      written = writeResult(ctx.access, applied, request.id);
    }
    await decide(tx, request, ctx, 'REJECTED', reason, null);
  });
  if (written) auditWrite(ctx.access, entityType, written, false);
  auditDecision(ctx, setup, input.id, before, 'REJECTED');
  ctx.logger.info({ event: 'records.change_request_rejected', requestId: ctx.requestId, changeRequestId: input.id }, 'change request rejected');
  return { changeRequestId: input.id };
}
