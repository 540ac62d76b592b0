import type { EventChannel, EventStatus } from '../../prisma/generated/enums';
import type { TrafficLight } from '../workflow/deadlines';

/**
 * Every event list (Query.events, overdue and due-soon lists, Grid/House/LegalEntity.events) filters
 * through this one SQL builder, so a filter means the same everywhere. The light conditions restate
 * workflow/deadlines.ts `lightAt` in SQL over the precomputed deadline and warning columns; a test
 * checks that both agree on every event.
 */

export interface EventListFilter {
  gridPrefix?: string;
  /** The caller's row scope (access policy): grid prefixes it may see; absent when it sees all. */
  rowPrefixes?: readonly string[];
  department?: string;
  statuses?: readonly EventStatus[];
  light?: TrafficLight;
  categoryCode?: string;
  channel?: EventChannel;
  /** OVERDUE: open and RED. DUE_SOON: open and YELLOW. */
  clock?: 'OVERDUE' | 'DUE_SOON';
}

/** Positional parameters for a raw statement; placeholders are handed out in order. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown, cast = ''): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
}

// Constant SQL (no caller input): the status sets of deadlines.ts.
const ACTIVE = `e.status IN ('DISPATCHED', 'ACCEPTED', 'EXTENSION_REQUESTED')`;
const FINISHED = `e.status IN ('HANDLED', 'CLOSED', 'EVALUATED')`;
const COMMAND = `e.status IN ('REPORTED', 'REGISTERED', 'RETURNED')`;

/** Exported for the command-centre overview, which groups by light. */
export function lightConditions(now: string) {
  const past = `(e.handle_deadline < ${now} OR (e.accepted_at IS NULL AND e.contact_deadline < ${now}))`;
  const warned = `(e.handle_warn_at <= ${now} OR (e.accepted_at IS NULL AND e.contact_warn_at <= ${now}))`;
  const openRed = `(${ACTIVE} AND ${past})`;
  const openYellow = `(${ACTIVE} AND NOT ${past} AND ${warned})`;
  // The command centre's own step: NULL deadlines (events older than that clock) match no light.
  const commandRed = `(${COMMAND} AND e.command_deadline < ${now})`;
  const commandYellow = `(${COMMAND} AND e.command_deadline >= ${now} AND e.command_warn_at <= ${now})`;
  const commandGreen = `(${COMMAND} AND e.command_warn_at > ${now})`;
  return {
    openRed,
    openYellow,
    RED: `(${openRed} OR ${commandRed} OR (${FINISHED} AND e.handled_late = true))`,
    YELLOW: `(${openYellow} OR ${commandYellow})`,
    GREEN: `((${ACTIVE} AND NOT ${past} AND NOT ${warned}) OR ${commandGreen} OR (${FINISHED} AND e.handled_late = false))`,
  };
}

/** WHERE conditions over the alias `e` for the filter, evaluated at `now`. */
export function filterConditions(filter: EventListFilter, now: Date, params: SqlParams): string[] {
  const conditions: string[] = [];
  if (filter.gridPrefix !== undefined) conditions.push(`e.grid_code LIKE ${params.add(`${filter.gridPrefix}%`)}`);
  if (filter.rowPrefixes !== undefined) {
    conditions.push(
      `e.grid_code LIKE ANY(${params.add(
        filter.rowPrefixes.map((p) => `${p}%`),
        '::text[]',
      )})`,
    );
  }
  if (filter.department !== undefined) conditions.push(`e.department = ${params.add(filter.department)}`);
  if (filter.statuses && filter.statuses.length > 0) conditions.push(`e.status::text = ANY(${params.add([...filter.statuses], '::text[]')})`);
  if (filter.categoryCode !== undefined) conditions.push(`e.category_code = ${params.add(filter.categoryCode)}`);
  if (filter.channel !== undefined) conditions.push(`e.channel::text = ${params.add(filter.channel)}`);
  if (filter.light !== undefined || filter.clock !== undefined) {
    const lights = lightConditions(params.add(now.toISOString(), '::timestamptz'));
    if (filter.light !== undefined) conditions.push(lights[filter.light]);
    if (filter.clock === 'OVERDUE') conditions.push(lights.openRed);
    if (filter.clock === 'DUE_SOON') conditions.push(lights.openYellow);
  }
  return conditions;
}

/** A stable text for a filter, so loaders can batch requests that share one. */
export function filterSignature(filter: EventListFilter): string {
  return JSON.stringify([
    filter.gridPrefix ?? null,
    filter.rowPrefixes ? [...filter.rowPrefixes].sort() : null,
    filter.department ?? null,
    filter.statuses ? [...filter.statuses].sort() : null,
    filter.light ?? null,
    filter.categoryCode ?? null,
    filter.channel ?? null,
    filter.clock ?? null,
  ]);
}
