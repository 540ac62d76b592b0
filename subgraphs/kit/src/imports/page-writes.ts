import type { SqlClient } from '../../../../platform/database/sql-client';
import { conflict } from '../../../../platform/errors';
import { writeResult, WriteResult } from '../records/direct-write';
import { checkIdempotencyKey, payloadDigest } from '../records/idempotency';
import { applyPrepared, coordinatesOf, WriteOperation } from '../records/operations';
import { Applied, textArray } from '../records/record-change';
import { authorizeDirectWrite } from '../records/write-access';
import { actorOf, WriteContext } from '../records/write-context';

/**
 * The applied rows of one import page, written in the page's one transaction (a transaction per
 * row cost a commit each: the import's main cost). Each row still gets what a direct write gets —
 * its version check, history and feed rows with source IMPORT, and an idempotency key of the import
 * id and row number, so a page sent again applies once — and a row that fails (the record changed
 * by someone else since the page read it, an invariant) is undone alone, to its savepoint, for the
 * caller to decide it otherwise. The trail hears of a write only once the page has committed.
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

  /** Applies one row's change; the Applied when written now, null when an earlier sending of the page wrote it. */
  async apply(row: number, decision: RowApply, now: Date): Promise<Applied | null> {
    const { operation } = decision;
    const prepared = operation.prepare(decision.change, { now });
    authorizeDirectWrite(this.ctx.access, coordinatesOf(operation, prepared), 'a change request');
    const actor = actorOf(this.ctx);
    const key = PageWrites.keyOf(this.importId, row);
    const name = `import:${operation.name}`;
    const digest = payloadDigest(`import:${this.register}:${operation.name}`, { change: decision.change as Record<string, unknown> });
    const earlier = this.stored.get(key);
    if (earlier) {
      if (earlier.operation !== name || earlier.payload_digest !== digest) {
        throw conflict(`row ${row} of import ${this.importId} was imported before with other content; give the corrected file a new import id`, { reason: 'IDEMPOTENCY_KEY_REUSED', field: 'importId' });
      }
      return null;
    }
    await this.tx.query('SAVEPOINT "import_row"');
    try {
      const applied = await applyPrepared(this.tx, operation, prepared, { source: 'IMPORT', actor, now, access: this.ctx.access, expectedVersion: decision.expectedVersion, reason: `import ${this.importId} row ${row}` });
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
