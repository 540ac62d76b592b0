import { MASKS } from '../../../../access-policies/runtime/masks';
import { badUserInput } from '../../../../platform/errors';
import type { WriteContext } from './write-context';

/**
 * A record's versions, newest first, each change passed through the same field policy as the live
 * field for this caller: masked with the same mask, withheld (denied) when the caller may not read the
 * field. What went out is noted for the audit trail like a read of the field. Seeded rows have no
 * history rows: a record without a stored version 1 was created by the seed (lazy: the seed path
 * stays a bulk insert), and its version 1 is shown as such.
 */

interface VersionRow {
  version: number;
  change_kind: string;
  changed_fields: string[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
  effective_on: Date | string;
  recorded_at: Date | string;
  source: string;
  actor_department: string;
  actor_user: string;
  change_request_id: string | null;
  reason: string | null;
}

const asText = (value: unknown): string | null => (value === null || value === undefined ? null : Array.isArray(value) ? value.join(',') : String(value));

function shown(value: unknown, decision: ReturnType<WriteContext['access']['field']>): string | null {
  if (value === null || value === undefined || decision.effect === 'deny') return null;
  return asText(decision.effect === 'mask' ? MASKS[decision.mask](value) : value);
}

/** One version as the registers' XVersion types answer it (a seeded version 1 has no dates or actor). */
export interface RecordVersion {
  version: number;
  kind: string;
  effectiveOn: string | null;
  recordedAt: string | null;
  source: string;
  actorDepartment: string | null;
  actorUser: string | null;
  changeRequestId: string | null;
  reason: string | null;
  changes: { field: string; before: string | null; after: string | null; denied: boolean }[];
}

export async function recordHistory(
  ctx: WriteContext,
  entityType: string,
  record: Record<string, unknown>,
  key: string,
  first: number | null | undefined,
): Promise<RecordVersion[]> {
  const take = first ?? 20;
  if (!Number.isInteger(take) || take < 1 || take > 200) throw badUserInput(`first must be between 1 and 200, got ${take}`, { argument: 'first' });
  const { rows } = await ctx.db.sql.query<VersionRow>(
    `SELECT * FROM "record_version" WHERE "entity_type" = $1 AND "entity_key" = $2 ORDER BY "version" DESC LIMIT ${take}`,
    [entityType, key],
  );
  const owner = ctx.access.ownsData();
  const versions = rows.map((row): RecordVersion => ({
    version: row.version,
    kind: row.change_kind,
    effectiveOn: new Date(row.effective_on).toISOString().slice(0, 10),
    recordedAt: new Date(row.recorded_at).toISOString(),
    source: row.source,
    actorDepartment: row.actor_department,
    actorUser: owner ? row.actor_user : null,
    changeRequestId: row.change_request_id,
    reason: owner ? row.reason : null,
    changes: row.changed_fields.map((field) => {
      const coordinate = `${entityType}.${field}`;
      const decision = ctx.access.field(coordinate);
      ctx.access.record(entityType, record, coordinate, decision.effect === 'deny' ? 'denied' : decision.effect === 'mask' ? 'masked' : 'raw');
      return { field, before: shown(row.before?.[field], decision), after: shown(row.after[field], decision), denied: decision.effect === 'deny' };
    }),
  }));
  const oldest = rows.at(-1)?.version ?? Number(record.version ?? 1) + 1;
  if (rows.length < take && oldest > 1) {
    versions.push({
      version: 1,
      kind: 'CREATED',
      effectiveOn: null,
      recordedAt: null,
      source: 'SEED',
      actorDepartment: null,
      actorUser: null,
      changeRequestId: null,
      reason: null,
      changes: [],
    });
  }
  return versions;
}
