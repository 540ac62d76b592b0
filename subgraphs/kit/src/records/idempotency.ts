import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { SqlClient } from '../../../../platform/database/sql-client';
import { badUserInput, conflict } from '../../../../platform/errors';
import type { Actor } from './descriptor';

/**
 * Idempotency keys of base-data writes, as the events subgraph has them for reports: a retry with the
 * same key and the same payload gets the original result and changes nothing; the same key with
 * another payload is CONFLICT IDEMPOTENCY_KEY_REUSED. Keys are per department and user, and the key
 * is stored in the write's own transaction, so a rolled-back write leaves no key behind.
 */

const KEY = /^[A-Za-z0-9._:-]{8,100}$/;

export function checkIdempotencyKey(key: unknown): string {
  if (typeof key !== 'string' || !KEY.test(key)) {
    throw badUserInput('idempotencyKey must be 8-100 characters of letters, digits and . _ : - (a UUID works)', { field: 'idempotencyKey' });
  }
  return key;
}

/** SHA-256 of the operation and its input (without the key itself), canonical JSON (RFC 8785). */
export function payloadDigest(operation: string, input: Record<string, unknown>): string {
  const { idempotencyKey: _key, ...rest } = input;
  return createHash('sha256')
    .update(canonicalize({ operation, input: rest }) ?? '')
    .digest('hex');
}

export interface Idempotent<Result> {
  result: Result;
  replayed: boolean;
}

/**
 * Runs `work` in one transaction unless the key was used: then answers the stored result. A
 * concurrent retry that loses the race (for the key or the record's version) answers as the retry it is.
 */
export async function withIdempotency<Result extends object>(
  sql: SqlClient,
  request: { actor: Actor; key: string; operation: string; digest: string; now: Date },
  work: (tx: SqlClient) => Promise<Result>,
): Promise<Idempotent<Result>> {
  const earlier = () => storedResult<Result>(sql, request);
  const found = await earlier();
  if (found) return { result: found, replayed: true };
  try {
    const result = await sql.transaction(async (tx) => {
      const raced = await storedResult<Result>(tx, request);
      if (raced) return { raced };
      const result = await work(tx);
      await tx.query(
        `INSERT INTO "write_idempotency" ("department", "user_id", "idempotency_key", "operation", "payload_digest", "result", "created_at")
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::timestamptz)`,
        [request.actor.department, request.actor.user, request.key, request.operation, request.digest, JSON.stringify(result), request.now.toISOString()],
      );
      return { result };
    });
    return 'raced' in result ? { result: result.raced as Result, replayed: true } : { result: result.result, replayed: false };
  } catch (error) {
    // A concurrent retry with this key may have won (its key insert, or the record's version): if
    // the key is stored now, this request is that retry.
    const winner = await earlier();
    if (winner) return { result: winner, replayed: true };
    throw error;
  }
}

async function storedResult<Result>(sql: SqlClient, request: { actor: Actor; key: string; operation: string; digest: string }): Promise<Result | undefined> {
  const { rows } = await sql.query<{ operation: string; payload_digest: string; result: Result }>(
    `SELECT "operation", "payload_digest", "result" FROM "write_idempotency" WHERE "department" = $1 AND "user_id" = $2 AND "idempotency_key" = $3`,
    [request.actor.department, request.actor.user, request.key],
  );
  const row = rows[0];
  if (!row) return undefined;
  if (row.operation !== request.operation || row.payload_digest !== request.digest) {
    throw conflict(`idempotencyKey ${request.key} was already used for a different request (${row.operation}); use a new key for a new change`, {
      reason: 'IDEMPOTENCY_KEY_REUSED',
      field: 'idempotencyKey',
    });
  }
  return typeof row.result === 'string' ? (JSON.parse(row.result) as Result) : row.result;
}
