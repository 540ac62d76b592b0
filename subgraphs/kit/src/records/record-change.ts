import { localDate } from '../calendar/working-calendar';
import type { SqlClient } from '../../../../platform/database/sql-client';
import { badUserInput, conflict, notFound } from '../../../../platform/errors';
import type { Actor, ChangeSource, FieldValue, RecordDescriptor } from './descriptor';

/**
 * The one way a base-data record changes. In one transaction (the caller's `tx`): the row is read
 * FOR UPDATE (on PostgreSQL concurrent writers queue on the lock; PGlite has one connection), its
 * version checked against what the writer read, the subgraph's invariants checked on the locked row,
 * the changed columns written with version + 1, and a history row (record_version) and a change-feed
 * row (change_outbox) inserted. A failure anywhere rolls back all of it.
 */

export interface ChangeMeta {
  /** CREATED, UPDATED, ARRIVED, DEPARTED, DIED, CANCELLED, RENTAL_REGISTERED, … */
  kind: string;
  /** The business date the change took effect (moved-in, moved-out, registered-on); defaults to the recording day in China. */
  effectiveOn?: string | null;
  source: ChangeSource;
  actor: Actor;
  changeRequestId?: string | null;
  reason?: string | null;
  now: Date;
}

export interface RecordUpdate extends ChangeMeta {
  key: string;
  /** The version the writer read; undefined: whatever is current under the lock (an approved change request). */
  expectedVersion?: number;
  /** New values by GraphQL field name (the descriptor's fields). */
  values: Record<string, FieldValue>;
  /** Columns that follow from the values but are not fields of their own (a person's grid follows the house). */
  derived?: Record<string, { value: unknown; sqlType: string }>;
  /** Values that follow from the locked row, merged into `values`. */
  valuesFor?: (current: Record<string, unknown>) => Record<string, FieldValue>;
  /** Checked on the locked row before anything is written; throw BAD_USER_INPUT naming the field. */
  invariants?: (current: Record<string, unknown>, tx: SqlClient) => Promise<void> | void;
}

export interface Applied {
  key: string;
  version: number;
  changedFields: string[];
  before: Record<string, FieldValue>;
  after: Record<string, FieldValue>;
  gridCode: string;
}

export async function applyRecordChange(tx: SqlClient, d: RecordDescriptor, change: RecordUpdate): Promise<Applied> {
  const { rows } = await tx.query<{ row: Record<string, unknown> }>(`SELECT to_jsonb(t) AS row FROM "${d.table}" t WHERE "${d.keyColumn}" = $1 FOR UPDATE`, [
    change.key,
  ]);
  const current = rows[0]?.row;
  if (!current) throw notFound(`${d.entityType} ${change.key} does not exist`, { field: 'key' });
  for (const [field, stored] of childFields(d)) current[stored.column] = await readChildren(tx, d, field, change.key);
  const version = Number(current.version);
  if (change.expectedVersion !== undefined && version !== change.expectedVersion) {
    throw conflict(
      `${d.entityType} ${change.key} changed since you read it: it is at version ${version}, you sent expectedVersion ${change.expectedVersion}; read it again and retry`,
      { currentVersion: version, field: 'expectedVersion' },
    );
  }
  await change.invariants?.(current, tx);
  const values = { ...change.values, ...change.valuesFor?.(current) };
  // Only what really changes is written and recorded: a field sent with its current value is no change.
  const changed = Object.keys(values).filter((f) => !sameValue(current[d.fields[f].column], values[f]));
  if (changed.length === 0 && !change.derived) {
    throw badUserInput(`${d.entityType} ${change.key} already has these values: nothing to change`, { field: 'input' });
  }
  const before = Object.fromEntries(changed.map((f) => [f, asFieldValue(current[d.fields[f].column])]));
  const after = Object.fromEntries(changed.map((f) => [f, values[f]]));
  const sets: string[] = [];
  const params: unknown[] = [change.key];
  const set = (column: string, value: unknown, sqlType: string) => {
    params.push(toParameter(value));
    sets.push(`"${column}" = $${params.length}::${sqlType}`);
  };
  for (const field of changed) if (!d.fields[field].child) set(d.fields[field].column, values[field], d.fields[field].sqlType);
  for (const [column, { value, sqlType }] of Object.entries(change.derived ?? {})) set(column, value, sqlType);
  for (const field of changed) if (d.fields[field].child) await writeChildren(tx, d, field, change.key, values[field] as string[] | null);
  const { rows: updated } = await tx.query<{ grid: string }>(
    `UPDATE "${d.table}" SET ${[...sets, `"version" = "version" + 1`].join(', ')} WHERE "${d.keyColumn}" = $1 RETURNING "${d.gridColumn}" AS grid`,
    params,
  );
  const applied = { key: change.key, version: version + 1, changedFields: changed, before, after, gridCode: updated[0]!.grid };
  await recordVersion(tx, d, applied, change);
  return applied;
}

export interface RecordCreate extends ChangeMeta {
  key: string;
  gridCode: string;
  values: Record<string, FieldValue>;
  derived?: Record<string, { value: unknown; sqlType: string }>;
}

/** A new record at version 1, with its history and feed rows, in the caller's transaction. */
export async function createRecord(tx: SqlClient, d: RecordDescriptor, create: RecordCreate): Promise<Applied> {
  // A grid is its own grid: its key column is its grid column.
  const ownGrid = d.gridColumn === d.keyColumn;
  const columns = ownGrid ? [d.keyColumn] : [d.keyColumn, d.gridColumn];
  const values: string[] = ownGrid ? ['$1::text'] : ['$1::text', '$2::text'];
  const params: unknown[] = ownGrid ? [create.key] : [create.key, create.gridCode];
  const add = (column: string, value: unknown, sqlType: string) => {
    columns.push(column);
    params.push(toParameter(value));
    values.push(`$${params.length}::${sqlType}`);
  };
  const fields = Object.keys(create.values);
  for (const field of fields) if (!d.fields[field].child) add(d.fields[field].column, create.values[field], d.fields[field].sqlType);
  for (const [column, { value, sqlType }] of Object.entries(create.derived ?? {})) add(column, value, sqlType);
  await tx.query(`INSERT INTO "${d.table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${values.join(', ')})`, params);
  for (const field of fields) if (d.fields[field].child) await writeChildren(tx, d, field, create.key, create.values[field] as string[] | null);
  const applied = {
    key: create.key,
    version: 1,
    changedFields: fields,
    before: {},
    after: { ...create.values },
    gridCode: ownGrid ? create.key : create.gridCode,
  };
  await recordVersion(tx, d, applied, create);
  return applied;
}

async function recordVersion(tx: SqlClient, d: RecordDescriptor, applied: Applied, meta: ChangeMeta): Promise<void> {
  const effectiveOn = meta.effectiveOn ?? localDate(meta.now);
  await tx.query(
    `INSERT INTO "record_version" ("entity_type", "entity_key", "version", "change_kind", "changed_fields", "before", "after",
       "effective_on", "recorded_at", "source", "actor_department", "actor_user", "change_request_id", "reason")
     VALUES ($1, $2, $3, $4, $5::text[], $6::jsonb, $7::jsonb, $8::date, $9::timestamptz, $10, $11, $12, $13, $14)`,
    [
      d.entityType,
      applied.key,
      applied.version,
      meta.kind,
      textArray(applied.changedFields),
      applied.version === 1 ? null : JSON.stringify(applied.before),
      JSON.stringify(applied.after),
      effectiveOn,
      meta.now.toISOString(),
      meta.source,
      meta.actor.department,
      meta.actor.user,
      meta.changeRequestId ?? null,
      meta.reason ?? null,
    ],
  );
  await tx.query(
    `INSERT INTO "change_outbox" ("entity_type", "entity_key", "version", "change_kind", "changed_fields", "grid_code", "occurred_at", "recorded_at")
     VALUES ($1, $2, $3, $4, $5::text[], $6, $7::date, $8::timestamptz)`,
    [d.entityType, applied.key, applied.version, meta.kind, textArray(applied.changedFields), applied.gridCode, effectiveOn, meta.now.toISOString()],
  );
}

function childFields(d: RecordDescriptor) {
  return Object.entries(d.fields).filter(([, stored]) => stored.child);
}

/** A list field kept in its own table, sorted so that history compares lists, not their order. */
async function readChildren(tx: SqlClient, d: RecordDescriptor, field: string, key: string): Promise<string[]> {
  const { column, child } = d.fields[field];
  const { rows } = await tx.query<{ v: string }>(`SELECT "${column}" AS v FROM "${child!.table}" WHERE "${child!.ownerColumn}" = $1 ORDER BY 1`, [key]);
  return rows.map((r) => r.v);
}

async function writeChildren(tx: SqlClient, d: RecordDescriptor, field: string, key: string, list: string[] | null): Promise<void> {
  const { column, sqlType, child } = d.fields[field];
  await tx.query(`DELETE FROM "${child!.table}" WHERE "${child!.ownerColumn}" = $1`, [key]);
  if (list && list.length > 0) {
    await tx.query(`INSERT INTO "${child!.table}" ("${child!.ownerColumn}", "${column}") SELECT $1, unnest($2::${sqlType}[])`, [key, textArray(list)]);
  }
}

/** PostgreSQL's array literal: drivers serialize JS arrays only for types they know (see bulk-insert.ts). */
export function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

function toParameter(value: unknown): unknown {
  return Array.isArray(value) ? textArray(value as string[]) : value;
}

/** to_jsonb gives dates as YYYY-MM-DD, enums as their names, arrays as arrays: the schema's own forms. */
export function asFieldValue(value: unknown): FieldValue {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'number' ? value : String(value);
}

export function sameValue(current: unknown, next: FieldValue): boolean {
  return JSON.stringify(asFieldValue(current)) === JSON.stringify(next);
}
