import type { SqlClient } from '../../../../platform/database/sql-client';
import { conflict } from '../../../../platform/errors';
import { writeResult, WriteResult } from '../records/direct-write';
import { checkIdempotencyKey, payloadDigest } from '../records/idempotency';
import type { RecordDescriptor } from '../records/descriptor';
import { applyPrepared, PreparedChange, WriteOperation } from '../records/operations';
import { Applied, textArray } from '../records/record-change';
import { assertWritableRow } from '../records/write-access';
import { batchable, checkBatch, writeBatch } from './batch-apply';
import { actorOf, WriteContext } from '../records/write-context';

/**
 * The applied rows of one import page, written in the page's one transaction (a transaction per
 * row cost a commit each: the import's main cost). Each row still gets what a direct write gets —
 * its version check, history and feed rows with source IMPORT, and an idempotency key of the import
 * id and row number, so a page sent again applies once — and a row that fails (the record changed
 * by someone else since the page read it, an invariant) writes nothing, for the caller to decide it
 * otherwise. Plain updates are written set-based, a statement per table for the page
 * (batch-apply.ts: checked before anything is written, so no savepoint); the others one at a time,
 * each undone alone to its savepoint when it fails. The trail hears of a write only once the page
 * has committed.
 */

export interface RowApply {
  operation: WriteOperation<unknown>;
  change: unknown;
  expectedVersion: number;
}

interface Stored {
  operation: string;
  payload_digest: string;
  result: WriteResult | string;
}

export class PageWrites {
  /** Audit entries of the rows written, reported after the commit. */
  private readonly committed: { entityType: string; result: WriteResult }[] = [];

  private constructor(
    private readonly tx: SqlClient,
    private readonly ctx: WriteContext,
    private readonly register: string,
    private readonly importId: string,
    private readonly stored: Map<string, Stored>,
  ) {}

  static keyOf(importId: string, row: number): string {
    return checkIdempotencyKey(`imp.${importId}.${row}`);
  }

  /** Reads the page's idempotency keys in one query (not two per row). */
  static async open(tx: SqlClient, ctx: WriteContext, register: string, importId: string, rows: number[]): Promise<PageWrites> {
    const actor = actorOf(ctx);
    const keys = rows.map((row) => PageWrites.keyOf(importId, row));
    const { rows: found } = await tx.query<Stored & { idempotency_key: string }>(
      `SELECT "idempotency_key", "operation", "payload_digest", "result" FROM "write_idempotency"
        WHERE "department" = $1 AND "user_id" = $2 AND "idempotency_key" = ANY($3::text[])`,
      [actor.department, actor.user, textArray(keys)],
    );
    return new PageWrites(tx, ctx, register, importId, new Map(found.map((s) => [s.idempotency_key, s])));
  }

  /** Whether an earlier sending of the page wrote this row already (throws when it wrote other content under its key). */
  private sentBefore(row: number, decision: RowApply): { key: string; name: string; digest: string; before: boolean } {
    const { operation } = decision;
    const key = PageWrites.keyOf(this.importId, row);
    const name = `import:${operation.name}`;
    const digest = payloadDigest(`import:${this.register}:${operation.name}`, { change: decision.change as Record<string, unknown> });
    const earlier = this.stored.get(key);
    if (earlier && (earlier.operation !== name || earlier.payload_digest !== digest)) {
      throw conflict(`row ${row} of import ${this.importId} was imported before with other content; give the corrected file a new import id`, {
        reason: 'IDEMPOTENCY_KEY_REUSED',
        field: 'importId',
      });
    }
    return { key, name, digest, before: earlier !== undefined };
  }

  /**
   * Applies the page's rows: set-based (batch-apply.ts) for plain updates, one row at a time with a
   * savepoint for the rest. Each row's outcome: its Applied, null when an earlier sending of the page
   * wrote it, or the error that kept it from being written (nothing of that row is written).
   */
  async applyAll(
    rows: { row: number; decision: RowApply; prepared: PreparedChange }[],
    now: Date,
  ): Promise<Map<number, { applied: Applied | null } | { error: unknown }>> {
    const outcomes = new Map<number, { applied: Applied | null } | { error: unknown }>();
    const batches = new Map<RecordDescriptor, { item: (typeof rows)[number]; key: string; name: string; digest: string }[]>();
    const single: (typeof rows)[number][] = [];
    const keysInBatch = new Set<string>();
    for (const item of rows) {
      try {
        const sent = this.sentBefore(item.row, item.decision);
        if (sent.before) {
          outcomes.set(item.row, { applied: null });
          continue;
        }
        const d = item.decision.operation.descriptor;
        const recordKey = `${d.table}|${item.prepared.entityKey}`;
        // A second row about one record in a page (registers compare rows first: rare) waits for the first's write.
        if (!batchable(d, item.prepared) || keysInBatch.has(recordKey)) single.push(item);
        else {
          keysInBatch.add(recordKey);
          batches.set(d, [...(batches.get(d) ?? []), { item, ...sent }]);
        }
      } catch (error) {
        outcomes.set(item.row, { error });
      }
    }
    const actor = actorOf(this.ctx);
    for (const [d, items] of batches) {
      const byRow = new Map(items.map((i) => [i.item.row, i]));
      const access = this.ctx.access;
      const { ok, failed } = await checkBatch(
        this.tx,
        d,
        items.map(({ item }) => ({
          row: item.row,
          prepared: item.prepared,
          expectedVersion: item.decision.expectedVersion,
          check: (current) => {
            if (item.prepared.gridCode) assertWritableRow(access, d.entityType, item.prepared.gridCode, `${d.entityType} ${item.prepared.entityKey}`);
            assertWritableRow(access, d.entityType, String(current[d.gridColumn]), `${d.entityType} ${item.prepared.entityKey}`);
          },
        })),
      );
      for (const f of failed) outcomes.set(f.row, f as { error: unknown });
      // The keys first: a concurrent sending of the same page that stored a row's key has written that row.
      const results = ok.map(({ row, applied }) => ({ row, applied, result: writeResult(access, applied) }));
      const { rows: stored } = await this.tx.query<{ idempotency_key: string }>(
        `INSERT INTO "write_idempotency" ("department", "user_id", "idempotency_key", "operation", "payload_digest", "result", "created_at")
         SELECT $1, $2, k."key", k."name", k."digest", k."result", $4::timestamptz FROM jsonb_to_recordset($3::jsonb) AS k("key" text, "name" text, "digest" text, "result" jsonb)
         ON CONFLICT DO NOTHING RETURNING "idempotency_key"`,
        [
          actor.department,
          actor.user,
          JSON.stringify(
            results.map(({ row, result }) => ({ key: byRow.get(row.row)!.key, name: byRow.get(row.row)!.name, digest: byRow.get(row.row)!.digest, result })),
          ),
          now.toISOString(),
        ],
      );
      const mine = new Set(stored.map((s) => s.idempotency_key));
      const written = results.filter(({ row }) => mine.has(byRow.get(row.row)!.key));
      for (const { row } of results) if (!mine.has(byRow.get(row.row)!.key)) outcomes.set(row.row, { applied: null });
      await writeBatch(this.tx, d, written, { actor, now, reasonOf: (row) => `import ${this.importId} row ${row}` });
      for (const { row, applied, result } of written) {
        this.committed.push({ entityType: d.entityType, result });
        outcomes.set(row.row, { applied });
      }
    }
    for (const item of single) {
      try {
        outcomes.set(item.row, { applied: await this.apply(item.row, item.decision, item.prepared, now) });
      } catch (error) {
        outcomes.set(item.row, { error });
      }
    }
    return outcomes;
  }

  /** Applies one row's change with a savepoint; the Applied when written now, null when an earlier sending of the page wrote it. */
  private async apply(row: number, decision: RowApply, prepared: PreparedChange, now: Date): Promise<Applied | null> {
    const { operation } = decision;
    const actor = actorOf(this.ctx);
    const { key, name, digest, before } = this.sentBefore(row, decision);
    if (before) return null;
    await this.tx.query('SAVEPOINT "import_row"');
    try {
      const applied = await applyPrepared(this.tx, operation, prepared, {
        source: 'IMPORT',
        actor,
        now,
        access: this.ctx.access,
        expectedVersion: decision.expectedVersion,
        reason: `import ${this.importId} row ${row}`,
      });
      const result = writeResult(this.ctx.access, applied);
      // A concurrent sending of the same page may have stored the key first: then this row is its retry.
      const { rows: inserted } = await this.tx.query(
        `INSERT INTO "write_idempotency" ("department", "user_id", "idempotency_key", "operation", "payload_digest", "result", "created_at")
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::timestamptz) ON CONFLICT DO NOTHING RETURNING 1`,
        [actor.department, actor.user, key, name, digest, JSON.stringify(result), now.toISOString()],
      );
      if (inserted.length === 0) {
        await this.tx.query('ROLLBACK TO SAVEPOINT "import_row"');
        return null;
      }
      await this.tx.query('RELEASE SAVEPOINT "import_row"');
      this.committed.push({ entityType: operation.descriptor.entityType, result });
      return applied;
    } catch (error) {
      await this.tx.query('ROLLBACK TO SAVEPOINT "import_row"');
      throw error;
    }
  }

  /** After the page's commit: each written row on the trail, as a direct write is. */
  reportCommitted(): void {
    for (const { entityType, result } of this.committed) this.ctx.access.recordWrite(entityType, result);
  }
}
