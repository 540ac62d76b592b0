import type { SqlClient } from '../../../../platform/database/sql-client';
import { badUserInput } from '../../../../platform/errors';
import { encodeCursor, parsePageRequest } from '../pagination';
import { gridFilterPrefix } from '../grid-filter';
import type { ChangeRequestRow } from './change-requests';
import type { WriteContext } from './write-context';

/** The review queue (oldest first, with lights) and a submitter's own requests (newest first). */

const STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'APPLIED_UNDER_REVIEW', 'CONFIRMED'];

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** GREEN within the review time, YELLOW past 80 % of it, RED overdue; decided requests have none. */
export function reviewLight(row: ChangeRequestRow, now: Date): 'GREEN' | 'YELLOW' | 'RED' | null {
  if (row.status !== 'PENDING' && row.status !== 'APPLIED_UNDER_REVIEW') return null;
  const t = now.getTime();
  if (t > new Date(row.review_deadline).getTime()) return 'RED';
  return t >= new Date(row.review_warn_at).getTime() ? 'YELLOW' : 'GREEN';
}

/** The GraphQL shape of a request (the payload stays with the owner: the schema's policy says who reads it). */
export function changeRequestView(row: ChangeRequestRow, now: Date) {
  return {
    id: row.id,
    version: row.version,
    operation: row.operation,
    entityType: row.entity_type,
    entityKey: row.entity_key,
    status: row.status,
    changedFields: row.changed_fields,
    observedAt: iso(row.observed_at),
    note: row.note,
    gridCode: row.grid_code,
    submittedByDepartment: row.submitted_by_department,
    submittedAt: iso(row.submitted_at),
    mergedCount: row.merged_count,
    reviewDeadline: iso(row.review_deadline),
    light: reviewLight(row, now),
    reviewerDepartment: row.reviewer_department,
    decidedAt: iso(row.decided_at),
    reason: row.reason,
    appliedVersion: row.applied_version,
    payload: JSON.stringify(row.payload),
  };
}

/** What the GraphQL change request types are resolved from. */
export type ChangeRequestView = ReturnType<typeof changeRequestView>;

/** What a submit, approve or reject answers: the request (resolved from its id) and whether it was merged into another. */
export interface ChangeRequestPayloadParent {
  changeRequestId: string;
  merged: boolean;
}

export interface QueueArgs {
  status?: string | null;
  gridCode?: string | null;
  operation?: string | null;
  first?: number | null;
  after?: string | null;
}

function pageOf(rows: ChangeRequestRow[], take: number, now: Date) {
  const page = rows.slice(0, take);
  const edges = page.map((row) => ({ cursor: encodeCursor(row.id), node: changeRequestView(row, now) }));
  return { edges, pageInfo: { hasNextPage: rows.length > take, endCursor: edges.at(-1)?.cursor ?? null } };
}

async function select(sql: SqlClient, where: string[], params: unknown[], order: 'ASC' | 'DESC', take: number) {
  const { rows } = await sql.query<ChangeRequestRow>(
    `SELECT * FROM "change_request" ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY "id" ${order} LIMIT ${take + 1}`,
    params,
  );
  return rows;
}

function filters(args: QueueArgs, where: string[], params: unknown[]) {
  if (args.status) {
    if (!STATUSES.includes(args.status)) throw badUserInput(`status must be one of ${STATUSES.join(', ')}`, { argument: 'status' });
    params.push(args.status);
    where.push(`"status" = $${params.length}`);
  }
  if (args.operation) {
    params.push(args.operation);
    where.push(`"operation" = $${params.length}`);
  }
}

/** The owner's queue, inside the caller's jurisdiction, oldest first (ids follow submission). */
export async function changeRequestQueue(args: QueueArgs, ctx: WriteContext, scopeType: string) {
  const page = parsePageRequest(args);
  const where: string[] = [];
  const params: unknown[] = [];
  filters(args, where, params);
  if (args.gridCode) {
    params.push(`${gridFilterPrefix(args.gridCode)}%`);
    where.push(`"grid_code" LIKE $${params.length}`);
  }
  // The queue's rows follow the policy of the request type (its grid), like any other list.
  const prefixes = ctx.access.rowPrefixes(scopeType);
  if (prefixes) {
    const ors = prefixes.map((p) => {
      params.push(`${p}%`);
      return `"grid_code" LIKE $${params.length}`;
    });
    where.push(ors.length ? `(${ors.join(' OR ')})` : 'false');
  }
  if (page.afterKey) {
    params.push(page.afterKey);
    where.push(`"id" > $${params.length}`);
  }
  return pageOf(await select(ctx.db.sql, where, params, 'ASC', page.take), page.take, ctx.now());
}

/** What the caller submitted (and what became of it: the reviewer's reason comes back here), newest first. */
export async function myChangeRequests(args: QueueArgs, ctx: WriteContext) {
  const page = parsePageRequest(args);
  const where = [`"submitted_by_department" = $1`, `"submitted_by_user" = $2`];
  const params: unknown[] = [ctx.caller.department, ctx.caller.user];
  filters(args, where, params);
  if (page.afterKey) {
    params.push(page.afterKey);
    where.push(`"id" < $${params.length}`);
  }
  return pageOf(await select(ctx.db.sql, where, params, 'DESC', page.take), page.take, ctx.now());
}
