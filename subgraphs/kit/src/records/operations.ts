import type { RequestAccess } from '../../../../access-policies/runtime/request-access';
import type { SqlClient } from '../../../../platform/database/sql-client';
import type { Actor, ChangeSource, FieldValue, RecordDescriptor } from './descriptor';
import { Applied, applyRecordChange, createRecord } from './record-change';
import type { Reference } from './references';
import { assertWritableRow } from './write-access';

/**
 * A write operation of a subgraph (register an arrival, record a departure, register a rental): it
 * validates its input into a prepared change, which then applies directly, or waits in a change
 * request and applies on approval. Both paths run the same validation and the same apply.
 */
export interface PreparedChange {
  /** The record changed; null when the change creates one (then `newKey` makes its key in the transaction). */
  entityKey: string | null;
  /** The grid the record moves to or is created in (the writer's jurisdiction must cover it); undefined: it stays where it is. */
  gridCode?: string;
  kind: string;
  effectiveOn: string | null;
  values: Record<string, FieldValue>;
  derived?: Record<string, { value: unknown; sqlType: string }>;
  newKey?: (tx: SqlClient) => Promise<string>;
  /** Checked on the locked row, throwing BAD_USER_INPUT naming the field. */
  invariants?: (current: Record<string, unknown>, tx: SqlClient) => Promise<void> | void;
  /** Checked before a record is created (uniqueness), in the same transaction. */
  beforeCreate?: (tx: SqlClient) => Promise<void> | void;
  /** Values that depend on the locked row (a death ends a residence only if there is one)… */
  valuesFor?: (current: Record<string, unknown>) => Record<string, FieldValue>;
  /** …and the fields they may write, which the write grants must cover as well. */
  mayWrite?: string[];
  /** Records of other registers the change names (checked through the gateway before it applies: references.ts). */
  references?: Reference[];
}

export interface WriteOperation<Change> {
  /** The mutation's name. */
  name: string;
  descriptor: RecordDescriptor;
  /** Every field the operation may write (its row of the WRITES table; the policy must grant them). */
  writes: readonly string[];
  /** Validates the change (BAD_USER_INPUT naming the field) without writing. */
  prepare(change: Change, env: { now: Date }): PreparedChange;
}

/** The coordinates a prepared change writes: what the write grants are asked about. */
export function coordinatesOf(operation: WriteOperation<unknown>, prepared: PreparedChange): string[] {
  const fields = new Set([...Object.keys(prepared.values), ...(prepared.mayWrite ?? [])]);
  return operation.writes.filter((f) => fields.has(f)).map((f) => `${operation.descriptor.entityType}.${f}`);
}

export interface ApplyMeta {
  source: ChangeSource;
  actor: Actor;
  changeRequestId?: string | null;
  reason?: string | null;
  now: Date;
}

/** Applies a prepared change in `tx`, inside the writer's jurisdiction (checked on the locked row). */
export async function applyPrepared(
  tx: SqlClient,
  operation: WriteOperation<unknown>,
  prepared: PreparedChange,
  meta: ApplyMeta & { access: RequestAccess; expectedVersion?: number },
): Promise<Applied> {
  const d = operation.descriptor;
  if (prepared.gridCode) assertWritableRow(meta.access, d.entityType, prepared.gridCode, `${d.entityType} ${prepared.entityKey ?? '(new)'}`);
  const common = { kind: prepared.kind, effectiveOn: prepared.effectiveOn, ...meta };
  if (prepared.entityKey === null) {
    await prepared.beforeCreate?.(tx);
    const key = await prepared.newKey!(tx);
    return createRecord(tx, d, { ...common, key, gridCode: prepared.gridCode!, values: prepared.values, derived: prepared.derived });
  }
  return applyRecordChange(tx, d, {
    ...common,
    key: prepared.entityKey,
    expectedVersion: meta.expectedVersion,
    values: prepared.values,
    derived: prepared.derived,
    valuesFor: prepared.valuesFor,
    invariants: async (current, lockedTx) => {
      assertWritableRow(meta.access, d.entityType, String(current[d.gridColumn]), `${d.entityType} ${prepared.entityKey}`);
      await prepared.invariants?.(current, lockedTx);
    },
  });
}
