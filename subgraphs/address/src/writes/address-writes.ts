import { badUserInput } from '../../../../platform/errors';
import { validateGridCode } from '../../../../platform/identifiers/grid-code';
import { checkDate, checkText, present } from '../../../kit/src/records/checks';
import type { FieldValue, RecordDescriptor } from '../../../kit/src/records/descriptor';
import type { PreparedChange, WriteOperation } from '../../../kit/src/records/operations';
import type { SqlClient } from '../../../../platform/database/sql-client';

/**
 * The standard-address register's writes (the grid command centre's registrars): add an address
 * under a grid, correct its text, parts or position, retire it. The code follows the hierarchy (the
 * grid's 15 digits and the next free 4-digit number in that grid, as the seed numbers them) and never
 * changes: an address that belongs to another grid is retired there and added anew. A retired address
 * stays readable (houses and entities point at it), changes no more and is matched no more.
 */

export const ADDRESS: RecordDescriptor = {
  entityType: 'Address',
  table: 'address',
  keyColumn: 'code',
  gridColumn: 'grid_code',
  fields: {
    province: { column: 'province', sqlType: 'text' },
    city: { column: 'city', sqlType: 'text' },
    district: { column: 'district', sqlType: 'text' },
    town: { column: 'town', sqlType: 'text' },
    community: { column: 'community', sqlType: 'text' },
    road: { column: 'road', sqlType: 'text' },
    doorNumber: { column: 'door_number', sqlType: 'text' },
    fullText: { column: 'full_text', sqlType: 'text' },
    longitude: { column: 'longitude', sqlType: 'float8' },
    latitude: { column: 'latitude', sqlType: 'float8' },
    status: { column: 'status', sqlType: '"AddressStatus"' },
    retiredOn: { column: 'retired_on', sqlType: 'date' },
  },
};

const f = (name: string) => `change.${name}`;
/** A standard address code: its grid's 15 digits and a 4-digit number. */
export const ADDRESS_CODE = /^\d{19}$/;
/** China's extent in WGS 84 degrees: a position outside it is a typing error, not an address here. */
const CHINA = { longitude: [73, 136], latitude: [3, 54] } as const;

export interface NewAddress {
  gridCode: string;
  road: string;
  doorNumber: string;
  longitude: number;
  latitude: number;
  province?: string | null;
  city?: string | null;
  district?: string | null;
  fullText?: string | null;
}

export interface AddressCorrection {
  code: string;
  road?: string | null;
  doorNumber?: string | null;
  longitude?: number | null;
  latitude?: number | null;
  province?: string | null;
  city?: string | null;
  district?: string | null;
  fullText?: string | null;
}

function checkCoordinate(value: unknown, axis: 'longitude' | 'latitude'): number {
  const [min, max] = CHINA[axis];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw badUserInput(`${f(axis)} must be WGS 84 degrees inside China (${min} to ${max}), got ${JSON.stringify(value)}`, { field: f(axis) });
  }
  return Math.round(value * 1e6) / 1e6;
}

export function checkAddressCode(value: unknown, field: string): { code: string; gridCode: string } {
  const code = typeof value === 'string' ? value : '';
  const grid = ADDRESS_CODE.test(code) ? validateGridCode(code.slice(0, 15)) : undefined;
  if (!grid?.ok || grid.level !== 'GRID' || code.endsWith('0000')) {
    throw badUserInput(`${field} must be a standard address code: 19 digits, its grid's 15 and a number from 0001`, { field });
  }
  return { code, gridCode: code.slice(0, 15) };
}

/** The parts a clerk may give or correct, checked; the names above the community come from the register. */
function parts(change: NewAddress | AddressCorrection): Record<string, FieldValue> {
  const values: Record<string, FieldValue> = {};
  for (const [field, max] of [
    ['province', 20],
    ['city', 20],
    ['district', 20],
    ['road', 50],
    ['doorNumber', 20],
    ['fullText', 200],
  ] as const) {
    if (present(change[field])) values[field] = checkText(change[field], f(field), max);
  }
  if (present(change.longitude)) values.longitude = checkCoordinate(change.longitude, 'longitude');
  if (present(change.latitude)) values.latitude = checkCoordinate(change.latitude, 'latitude');
  return values;
}

/** How the register writes an address in full (as the seed does): province, city, town, community, road, number. */
const fullTextOf = (v: Record<string, unknown>) => `${v.province}${v.city}${v.town}${v.community}${v.road}${v.doorNumber}`;

function notRetired(current: Record<string, unknown>, code: string, what: string): void {
  if (current.status === 'RETIRED') throw badUserInput(`address ${code} is retired (on ${current.retired_on}): it ${what}`, { field: f('code') });
}

const lockCommunity = (tx: SqlClient, community: string) => tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`gridshare.address:${community}`]);

/** One door, one standard address: the same road and number twice in a community is refused. */
async function sameDoorRefused(tx: SqlClient, community: string, road: string, doorNumber: string, except: string | null): Promise<void> {
  const { rows } = await tx.query<{ code: string }>(
    `SELECT "code" FROM "address" WHERE "grid_code" LIKE $1 AND "road" = $2 AND "door_number" = $3 AND "status" = 'ACTIVE' AND "code" <> $4`,
    [`${community}%`, road, doorNumber, except ?? ''],
  );
  if (rows[0]) throw badUserInput(`${f('doorNumber')}: ${road}${doorNumber} is already address ${rows[0].code}`, { field: f('doorNumber') });
}

/** The grid's names above it, and a neighbour's province, city and district (one district per town). */
async function placeOf(tx: SqlClient, gridCode: string) {
  const { rows } = await tx.query<{ community: string; town: string }>(
    `SELECT c."name" AS community, t."name" AS town FROM "grid" g JOIN "grid" c ON c."code" = g."parent_code" JOIN "grid" t ON t."code" = c."parent_code"
      WHERE g."code" = $1 AND g."level" = 'GRID'`,
    [gridCode],
  );
  if (!rows[0]) throw badUserInput(`${f('gridCode')}: there is no grid ${gridCode} (add it first: addGrid)`, { field: f('gridCode') });
  const { rows: near } = await tx.query<{ province: string; city: string; district: string }>(
    `SELECT "province", "city", "district" FROM "address" WHERE "grid_code" LIKE $1 ORDER BY "code" LIMIT 1`,
    [`${gridCode.slice(0, 9)}%`],
  );
  return { ...rows[0], neighbour: near[0] };
}

export const addAddress: WriteOperation<NewAddress> = {
  name: 'addAddress',
  descriptor: ADDRESS,
  writes: Object.keys(ADDRESS.fields).filter((field) => field !== 'retiredOn'),
  prepare(change): PreparedChange {
    const grid = typeof change.gridCode === 'string' ? validateGridCode(change.gridCode) : undefined;
    if (!grid?.ok || grid.level !== 'GRID') throw badUserInput(`${f('gridCode')} must be the 15-digit code of a base grid`, { field: f('gridCode') });
    for (const field of ['road', 'doorNumber', 'longitude', 'latitude'] as const) {
      if (!present(change[field])) throw badUserInput(`${f(field)} is required to add an address`, { field: f(field) });
    }
    const gridCode = change.gridCode;
    const values: Record<string, FieldValue> = { ...parts(change), status: 'ACTIVE' };
    return {
      entityKey: null,
      gridCode,
      kind: 'CREATED',
      effectiveOn: null,
      values,
      mayWrite: ['province', 'city', 'district', 'town', 'community', 'fullText'],
      // The names above the road are the register's own (the grid hierarchy, a neighbour in the town).
      // Under a lock per community: concurrent adds queue here, so neither two numbers for one door
      // nor one number for two addresses (the primary key is the last line of defence).
      beforeCreate: async (tx) => {
        await lockCommunity(tx, gridCode.slice(0, 12));
        const place = await placeOf(tx, gridCode);
        for (const field of ['province', 'city', 'district'] as const) {
          values[field] ??= place.neighbour?.[field] ?? null;
          if (values[field] === null) throw badUserInput(`${f(field)} is required: no address in this town to take it from`, { field: f(field) });
        }
        values.town = place.town;
        values.community = place.community;
        values.fullText ??= fullTextOf(values);
        await sameDoorRefused(tx, gridCode.slice(0, 12), String(values.road), String(values.doorNumber), null);
      },
      // The next free number in the grid (retired numbers are not given again), read under that lock.
      newKey: async (tx) => {
        const { rows } = await tx.query<{ n: number }>(
          `SELECT COALESCE(MAX(substring("code" from 16 for 4)::int), 0) + 1 AS n FROM "address" WHERE "grid_code" = $1`,
          [gridCode],
        );
        const n = Number(rows[0]!.n);
        if (n > 9999) throw badUserInput(`${f('gridCode')}: grid ${gridCode} has used all 9999 address numbers`, { field: f('gridCode') });
        return `${gridCode}${String(n).padStart(4, '0')}`;
      },
    };
  },
};

export const correctAddress: WriteOperation<AddressCorrection> = {
  name: 'correctAddress',
  descriptor: ADDRESS,
  writes: ['province', 'city', 'district', 'road', 'doorNumber', 'fullText', 'longitude', 'latitude'],
  prepare(change): PreparedChange {
    const { code } = checkAddressCode(change.code, f('code'));
    const values = parts(change);
    if (Object.keys(values).length === 0) throw badUserInput('change: give at least one part to correct', { field: 'change' });
    // A corrected road or number rewrites the full text, unless the clerk gives it.
    const rewrite = (present(values.road) || present(values.doorNumber) || present(values.province) || present(values.city)) && !present(values.fullText);
    return {
      entityKey: code,
      kind: 'CORRECTED',
      effectiveOn: null,
      values,
      mayWrite: rewrite ? ['fullText'] : [],
      valuesFor: (current): Record<string, FieldValue> => (rewrite ? { fullText: fullTextOf({ ...current, doorNumber: current.door_number, ...values }) } : {}),
      invariants: async (current, tx) => {
        notRetired(current, code, 'is corrected no more');
        if (present(values.road) || present(values.doorNumber)) {
          await lockCommunity(tx, code.slice(0, 12));
          await sameDoorRefused(tx, code.slice(0, 12), String(values.road ?? current.road), String(values.doorNumber ?? current.door_number), code);
        }
      },
    };
  },
};

export const retireAddress: WriteOperation<{ code: string; retiredOn: string }> = {
  name: 'retireAddress',
  descriptor: ADDRESS,
  writes: ['status', 'retiredOn'],
  prepare(change, { now }): PreparedChange {
    const { code } = checkAddressCode(change.code, f('code'));
    const on = checkDate(change.retiredOn, f('retiredOn'), now);
    return {
      entityKey: code,
      kind: 'RETIRED',
      effectiveOn: on,
      values: { status: 'RETIRED', retiredOn: on },
      invariants: (current) => notRetired(current, code, 'is retired already'),
    };
  },
};
