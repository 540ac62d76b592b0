import canonicalize from 'canonicalize';
import type { RequestAccess } from '../../../../access-policies/runtime/request-access';
import { badUserInput } from '../../../../platform/errors';
import { checkIdempotencyKey, payloadDigest, withIdempotency } from './idempotency';
import { applyPrepared, coordinatesOf, WriteOperation } from './operations';
import type { Applied } from './record-change';
import { checkReferences } from './references';
import { authorizeDirectWrite } from './write-access';
import { actorOf, WriteContext } from './write-context';

/** What a write answers (and what its idempotency key replays): the record and the version it reached. */
export interface WriteResult {
  entityKey: string;
  version: number;
  changedFields: string[];
  /** Keyed digests of the changed fields' values before and after (for the audit trail; never the values). */
  beforeDigest: string;
  afterDigest: string;
  changeRequestId?: string | null;
  replayed?: boolean;
}

/** What a register's write payload is resolved from: the result, and the written record's key under the payload's own name. */
export type WritePayloadParent<Key extends string> = WriteResult & { replayed: boolean } & Record<Key, string>;

export function writeResult(access: RequestAccess, applied: Applied, changeRequestId?: string | null): WriteResult {
  return {
    entityKey: applied.key,
    version: applied.version,
    changedFields: applied.changedFields,
    beforeDigest: access.keyedDigest(canonicalize(applied.before) ?? ''),
    afterDigest: access.keyedDigest(canonicalize(applied.after) ?? ''),
    changeRequestId: changeRequestId ?? null,
  };
}

/** Reports a committed write to the audit trail (a replay changed nothing and reports nothing). */
export function auditWrite(access: RequestAccess, entityType: string, result: WriteResult, replayed: boolean): void {
  if (!replayed) access.recordWrite(entityType, result);
}

export interface DirectWriteInput<Change> {
  idempotencyKey: string;
  expectedVersion?: number | null;
  change: Change;
}

export function checkExpectedVersion(value: number | null | undefined, needed: boolean): number | undefined {
  if (!needed) return undefined;
  if (value === null || value === undefined || !Number.isInteger(value) || value < 1) {
    throw badUserInput(`expectedVersion must be the version you read (a whole number from 1), got ${value ?? 'none'}`, { field: 'expectedVersion' });
  }
  return value;
}

/**
 * The resolver of a direct write (the owner's registrar): validate, check the write grants and the
 * version, apply in one transaction with the idempotency key. A department whose grant is for
 * collection is told to submit a change request instead.
 */
export function directWrite<Change>(operation: WriteOperation<Change>, submitInstead: string) {
  return async (_: unknown, { input }: { input: DirectWriteInput<Change> }, ctx: WriteContext): Promise<WriteResult> => {
    const key = checkIdempotencyKey(input.idempotencyKey);
    const now = ctx.now();
    const prepared = operation.prepare(input.change, { now });
    authorizeDirectWrite(ctx.access, coordinatesOf(operation as WriteOperation<unknown>, prepared), submitInstead);
    const expectedVersion = checkExpectedVersion(input.expectedVersion, prepared.entityKey !== null);
    await checkReferences(ctx, prepared.references);
    const actor = actorOf(ctx);
    const digest = payloadDigest(operation.name, input as unknown as Record<string, unknown>);
    const { result, replayed } = await withIdempotency(ctx.db.sql, { actor, key, operation: operation.name, digest, now }, async (tx) => {
      const applied = await applyPrepared(tx, operation as WriteOperation<unknown>, prepared, {
        source: 'DEPARTMENT',
        actor,
        now,
        access: ctx.access,
        expectedVersion,
      });
      return writeResult(ctx.access, applied);
    });
    auditWrite(ctx.access, operation.descriptor.entityType, result, replayed);
    ctx.logger.info(
      { event: 'records.written', requestId: ctx.requestId, operation: operation.name, entityKey: result.entityKey, version: result.version, replayed },
      'base-data record written',
    );
    return { ...result, replayed };
  };
}
