import type { SqlClient } from '../../../../platform/database/sql-client';
import { COLLECTION_SELECTION } from '../gridwork/collection-credits';

/**
 * The owners' change feeds the follower reads (design §4), one small definition each: which root
 * field, what it selects of each change beyond the keys, and how a change lands in this subgraph's
 * reference tables. Each selection is the narrowest that keeps the copy true: keys, kinds, licence
 * status and grid codes, never a person's particulars (the follower does not even read where a
 * person lives: the events subgraph never used a person's grid).
 *
 * Every upsert is conditional on the owner's record version, so that reading a page again (after a
 * crash between applying and storing the cursor is impossible, as both are one transaction, but
 * after a restore or a reset cursor) never puts back an older state.
 */

export interface FeedChange {
  cursor: string;
  entityType: string;
  entityKey: string;
  version: number;
  kind: string;
  [entity: string]: unknown;
}

export interface FeedSource {
  /** The key of its cursor in feed_cursor. */
  name: string;
  /** The gateway's root field, e.g. populationChanges. */
  field: string;
  /** What each change node selects besides cursor, entityType, entityKey, version and kind. */
  selection: string;
  apply(tx: SqlClient, change: FeedChange): Promise<void>;
}

/** Population's kinds that end a registration (record-change.ts); every other change leaves the person active. */
const ENDED: Record<string, string> = { DIED: 'DECEASED', CANCELLED: 'CANCELLED' };

export const populationSource: FeedSource = {
  name: 'population',
  field: 'populationChanges',
  // The kind says all the copy needs: the person's own fields stay unread (and uncounted on the
  // grid command centre's daily personal-data quota). Who collected a change is for the assessment.
  selection: COLLECTION_SELECTION,
  async apply(tx, change) {
    if (change.entityType !== 'Person') return;
    const status = ENDED[change.kind] ?? (change.kind === 'ARRIVED' || change.kind === 'CREATED' ? 'ACTIVE' : null);
    // A change that says nothing of the registration (an updated phone, a departure: the person stays
    // on the register) makes sure the key is known, and keeps the status it had.
    await tx.query(
      `INSERT INTO "person_reference" ("id", "grid_code", "status", "version") VALUES ($1, NULL, $2, $3)
       ON CONFLICT ("id") DO UPDATE SET "status" = COALESCE($4, "person_reference"."status"), "version" = EXCLUDED."version"
       WHERE "person_reference"."version" IS NULL OR "person_reference"."version" < EXCLUDED."version"`,
      [change.entityKey, status ?? 'ACTIVE', change.version, status],
    );
  },
};

interface EntityNode {
  licenceStatus: string | null;
  grid: { code: string } | null;
}

export const legalEntitiesSource: FeedSource = {
  name: 'legal-entities',
  field: 'legalEntityChanges',
  // Public on the licence: the status and the grid the entity is registered in.
  selection: `legalEntity { licenceStatus grid { code } } ${COLLECTION_SELECTION}`,
  async apply(tx, change) {
    if (change.entityType !== 'LegalEntity') return;
    const entity = change.legalEntity as EntityNode | null;
    const status = entity?.licenceStatus ?? (change.kind === 'DEREGISTERED' ? 'DEREGISTERED' : null);
    const gridCode = entity?.grid?.code ?? null;
    if (gridCode === null) {
      // Out of the follower's rows (it reads city-wide, so only a policy change does this): the key
      // is still known, under the grid a row of it already had.
      await tx.query(
        `UPDATE "entity_reference" SET "status" = COALESCE($2, "status"), "version" = $3 WHERE "uscc" = $1 AND ("version" IS NULL OR "version" < $3)`,
        [change.entityKey, status, change.version],
      );
      return;
    }
    await tx.query(
      `INSERT INTO "entity_reference" ("uscc", "grid_code", "status", "version") VALUES ($1, $2, $3, $4)
       ON CONFLICT ("uscc") DO UPDATE SET "grid_code" = EXCLUDED."grid_code", "status" = COALESCE($5, "entity_reference"."status"), "version" = EXCLUDED."version"
       WHERE "entity_reference"."version" IS NULL OR "entity_reference"."version" < EXCLUDED."version"`,
      [change.entityKey, gridCode, status ?? 'ACTIVE', change.version, status],
    );
  },
};

interface GridNode {
  code: string;
  name: string | null;
  level: string | null;
  parent: { code: string } | null;
}

interface AddressNode {
  code: string;
  province: string | null;
  city: string | null;
  district: string | null;
  town: string | null;
  community: string | null;
  road: string | null;
  doorNumber: string | null;
  fullText: string | null;
  longitude: number | null;
  latitude: number | null;
  grid: { code: string } | null;
}

/** Kinds after which a grid or address is no longer one to report at. */
const RETIRED = new Set(['RETIRED', 'DELETED']);

/**
 * Grids and standard addresses (addressChanges, owned by the address subgraph): written against the
 * shape of design §4 (`grid` and `address` entities on each change). The runner enables it only when
 * the supergraph the gateway serves has the field.
 */
export const addressSource: FeedSource = {
  name: 'address',
  field: 'addressChanges',
  selection:
    'grid { code name level parent { code } } ' +
    'address { code province city district town community road doorNumber fullText longitude latitude grid { code } }',
  async apply(tx, change) {
    if (change.entityType === 'Grid') {
      if (RETIRED.has(change.kind)) {
        await tx.query(`DELETE FROM "grid_reference" WHERE "code" = $1 AND ("version" IS NULL OR "version" < $2)`, [change.entityKey, change.version]);
        return;
      }
      const grid = change.grid as GridNode | null;
      if (!grid?.name || !grid.level) return;
      await tx.query(
        `INSERT INTO "grid_reference" ("code", "name", "level", "parent_code", "version") VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT ("code") DO UPDATE SET "name" = EXCLUDED."name", "level" = EXCLUDED."level", "parent_code" = EXCLUDED."parent_code", "version" = EXCLUDED."version"
         WHERE "grid_reference"."version" IS NULL OR "grid_reference"."version" < EXCLUDED."version"`,
        [grid.code, grid.name, grid.level, grid.parent?.code ?? null, change.version],
      );
      return;
    }
    if (change.entityType !== 'Address') return;
    if (RETIRED.has(change.kind)) {
      await tx.query(`DELETE FROM "address_reference" WHERE "code" = $1 AND ("version" IS NULL OR "version" < $2)`, [change.entityKey, change.version]);
      return;
    }
    const a = change.address as AddressNode | null;
    if (!a?.grid || a.fullText == null || a.longitude == null || a.latitude == null) return;
    const text = (v: string | null) => v ?? '';
    await tx.query(
      `INSERT INTO "address_reference" ("code", "province", "city", "district", "town", "community", "road", "door_number", "full_text", "longitude", "latitude", "grid_code", "version")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT ("code") DO UPDATE SET "province" = EXCLUDED."province", "city" = EXCLUDED."city", "district" = EXCLUDED."district",
         "town" = EXCLUDED."town", "community" = EXCLUDED."community", "road" = EXCLUDED."road", "door_number" = EXCLUDED."door_number",
         "full_text" = EXCLUDED."full_text", "longitude" = EXCLUDED."longitude", "latitude" = EXCLUDED."latitude", "grid_code" = EXCLUDED."grid_code",
         "version" = EXCLUDED."version"
       WHERE "address_reference"."version" IS NULL OR "address_reference"."version" < EXCLUDED."version"`,
      [
        a.code,
        text(a.province),
        text(a.city),
        text(a.district),
        text(a.town),
        text(a.community),
        text(a.road),
        text(a.doorNumber),
        a.fullText,
        a.longitude,
        a.latitude,
        a.grid.code,
        change.version,
      ],
    );
  },
};

/**
 * Houses are no reference of events: housing's feed is read only for the grid workers' collected
 * changes (a room let, a tenant registered), which the grid-work assessment counts.
 */
export const housingSource: FeedSource = {
  name: 'housing',
  field: 'housingChanges',
  selection: COLLECTION_SELECTION,
  async apply() {},
};

/** The sources the follower reads, in the order it reads them (grids first: a new address needs its grid). */
export function feedSources(options: { address: boolean }): FeedSource[] {
  return [...(options.address ? [addressSource] : []), populationSource, legalEntitiesSource, housingSource];
}
