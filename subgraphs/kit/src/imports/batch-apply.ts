import { localDate } from '../calendar/working-calendar';
import type { SqlClient } from '../../../../platform/database/sql-client';
import { badUserInput, conflict, notFound } from '../../../../platform/errors';
import type { Actor, RecordDescriptor } from '../records/descriptor';
import type { PreparedChange } from '../records/operations';
import { Applied, asFieldValue, sameValue, textArray } from '../records/record-change';

/**
 * The applied rows of an import page written set-based: the page's records locked and read in one
 * statement, each row checked in memory as record-change.ts checks one (its version, the invariants
 * on the locked row, what really changes), then one statement per table for all of them — the
 * records, their history (record_version) and their change feed (change_outbox). A row that fails
 * its checks has written nothing yet, so it needs no savepoint: it comes back as its error for the
 * caller to decide otherwise (a version conflict goes to review). Only plain updates qualify
 * (`batchable`); a creation, a list field kept in its own table or a value that follows from the
 * locked row takes the one-row path (page-writes.ts).
 */

export interface BatchRow {
  row: number;
  prepared: PreparedChange;
  expectedVersion: number;
  /** Checked on the locked row before anything of the page is written (the writer's jurisdiction). */
  check: (current: Record<string, unknown>) => void;
}

export type BatchOutcome = { row: number; applied: Applied } | { row: number; error: unknown };

export function batchable(d: RecordDescriptor, prepared: PreparedChange): boolean {
  if (prepared.entityKey === null || prepared.newKey || prepared.valuesFor) return false;
  const plain = (v: unknown) => !Array.isArray(v) && (v === null || typeof v !== 'object');
  return (
    Object.entries(prepared.values).every(([f, v]) => d.fields[f] && !d.fields[f].child && plain(v)) &&
    Object.values(prepared.derived ?? {}).every((x) => plain(x.value))
  );
}

/** Locks and checks every row's record; the rows that may be written and the errors of the others. */
export async function checkBatch(
  tx: SqlClient,
  d: RecordDescriptor,
  rows: BatchRow[],
): Promise<{ ok: { row: BatchRow; applied: Applied }[]; failed: BatchOutcome[] }> {
  const keys = [...new Set(rows.map((r) => r.prepared.entityKey!))].sort();
  // Locked in key order: two imports (or an import and a reviewer) never wait on each other in a circle.
  const { rows: found } = await tx.query<{ row: Record<string, unknown> }>(
    `SELECT to_jsonb(t) AS row FROM "${d.table}" t WHERE "${d.keyColumn}" = ANY($1::text[]) ORDER BY "${d.keyColumn}" FOR UPDATE`,
    [textArray(keys)],
  );
  const byKey = new Map(found.map((f) => [String(f.row[d.keyColumn]), f.row]));
  const ok: { row: BatchRow; applied: Applied }[] = [];
  const failed: BatchOutcome[] = [];
  for (const r of rows) {
    const key = r.prepared.entityKey!;
    try {
      const current = byKey.get(key);
      if (!current) throw notFound(`${d.entityType} ${key} does not exist`, { field: 'key' });
      const version = Number(current.version);
      if (version !== r.expectedVersion) {
        throw conflict(
          `${d.entityType} ${key} changed since you read it: it is at version ${version}, you sent expectedVersion ${r.expectedVersion}; read it again and retry`,
          { currentVersion: version, field: 'expectedVersion' },
        );
      }
      r.check(current);
      await r.prepared.invariants?.(current, tx);
      const values = r.prepared.values;
      const changed = Object.keys(values).filter((f) => !sameValue(current[d.fields[f]!.column], values[f]!));
      if (changed.length === 0 && !r.prepared.derived)
        throw badUserInput(`${d.entityType} ${key} already has these values: nothing to change`, { field: 'input' });
      const before = Object.fromEntries(changed.map((f) => [f, asFieldValue(current[d.fields[f]!.column])]));
      const after = Object.fromEntries(changed.map((f) => [f, values[f]!]));
      ok.push({ row: r, applied: { key, version: version + 1, changedFields: changed, before, after, gridCode: String(current[d.gridColumn]) } });
    } catch (error) {
      failed.push({ row: r.row, error });
    }
  }
  return { ok, failed };
}

export interface BatchMeta {
  actor: Actor;
  now: Date;
  reasonOf: (row: number) => string;
}

/** Writes the checked rows: one UPDATE, one history INSERT and one feed INSERT for the whole batch. */
export async function writeBatch(tx: SqlClient, d: RecordDescriptor, rows: { row: BatchRow; applied: Applied }[], meta: BatchMeta): Promise<void> {
  if (rows.length === 0) return;
  // Each record's new values as JSON; a column is set only on the records whose change names it.
  const columns = new Map<string, string>();
  const entries = rows.map(({ row, applied }) => {
    const set: Record<string, unknown> = {};
    for (const f of applied.changedFields) {
      set[d.fields[f]!.column] = applied.after[f];
      columns.set(d.fields[f]!.column, d.fields[f]!.sqlType);
    }
    for (const [column, { value, sqlType }] of Object.entries(row.prepared.derived ?? {})) {
      set[column] = value;
      columns.set(column, sqlType);
    }
    return { key: applied.key, set };
  });
  const sets = [...columns].map(
    ([column, sqlType]) => `"${column}" = CASE WHEN e.j->'set' ? '${column}' THEN (e.j->'set'->>'${column}')::${sqlType} ELSE t."${column}" END`,
  );
  const { rows: updated } = await tx.query<{ key: string; grid: string }>(
    `UPDATE "${d.table}" t SET ${[...sets, `"version" = t."version" + 1`].join(', ')}
       FROM jsonb_array_elements($1::jsonb) AS e(j) WHERE t."${d.keyColumn}" = e.j->>'key'
     RETURNING t."${d.keyColumn}" AS key, t."${d.gridColumn}" AS grid`,
    [JSON.stringify(entries)],
  );
  const grids = new Map(updated.map((u) => [u.key, u.grid]));
  for (const r of rows) r.applied.gridCode = grids.get(r.applied.key) ?? r.applied.gridCode;
  const versions = rows.map(({ row, applied }) => ({
    key: applied.key,
    version: applied.version,
    kind: row.prepared.kind,
    changed: applied.changedFields,
    before: applied.before,
    after: applied.after,
    effective_on: row.prepared.effectiveOn ?? localDate(meta.now),
    grid: applied.gridCode,
    reason: meta.reasonOf(row.row),
    n: row.row,
  }));
  const recordset = `jsonb_to_recordset($1::jsonb) AS v("key" text, "version" int, "kind" text, "changed" jsonb, "before" jsonb, "after" jsonb, "effective_on" date, "grid" text, "reason" text, "n" int)`;
  const changed = `ARRAY(SELECT jsonb_array_elements_text(v."changed"))`;
  await tx.query(
    `INSERT INTO "record_version" ("entity_type", "entity_key", "version", "change_kind", "changed_fields", "before", "after",
       "effective_on", "recorded_at", "source", "actor_department", "actor_user", "change_request_id", "reason")
     SELECT $2, v."key", v."version", v."kind", ${changed}, v."before", v."after", v."effective_on", $3::timestamptz, 'IMPORT', $4, $5, NULL, v."reason" FROM ${recordset}`,
    [JSON.stringify(versions), d.entityType, meta.now.toISOString(), meta.actor.department, meta.actor.user],
  );
  await tx.query(
    `INSERT INTO "change_outbox" ("entity_type", "entity_key", "version", "change_kind", "changed_fields", "grid_code", "occurred_at", "recorded_at")
     SELECT $2, v."key", v."version", v."kind", ${changed}, v."grid", v."effective_on", $3::timestamptz FROM ${recordset} ORDER BY v."n"`,
    [JSON.stringify(versions), d.entityType, meta.now.toISOString()],
  );
}
