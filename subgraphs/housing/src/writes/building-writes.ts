import { validateGridCode } from '../../../../platform/identifiers/grid-code';
import { badUserInput } from '../../../../platform/errors';
import { checkEnum, checkText, present } from '../../../kit/src/records/checks';
import type { FieldValue, RecordDescriptor } from '../../../kit/src/records/descriptor';
import { auditWrite, writeResult } from '../../../kit/src/records/direct-write';
import { checkIdempotencyKey, payloadDigest, withIdempotency } from '../../../kit/src/records/idempotency';
import { createRecord } from '../../../kit/src/records/record-change';
import { checkReferences } from '../../../kit/src/records/references';
import { assertWritableRow, authorizeDirectWrite } from '../../../kit/src/records/write-access';
import { actorOf, WriteContext } from '../../../kit/src/records/write-context';
import { localDate } from '../../../kit/src/calendar/working-calendar';
import { HOUSE } from './house-writes';

/**
 * Registers a building on a standard address with its rooms, in one transaction: codes follow the
 * hierarchy (building = address code + 2 digits, the next free number on the address; house = building
 * + floor + position on the floor, 2 digits each), every record starts at version 1 with history and a
 * feed entry. Addresses are the address register's: the code's form and grid are checked here, and
 * the address register is asked (through the gateway) that it exists and is not retired.
 */

export const BUILDING: RecordDescriptor = {
  entityType: 'Building',
  table: 'building',
  keyColumn: 'code',
  gridColumn: 'grid_code',
  fields: {
    name: { column: 'name', sqlType: 'text' },
    use: { column: 'use', sqlType: '"BuildingUse"' },
    structure: { column: 'structure', sqlType: 'text' },
    floors: { column: 'floors', sqlType: 'int' },
    builtYear: { column: 'built_year', sqlType: 'int' },
  },
};

const HOUSE_WITH_PLACE: RecordDescriptor = {
  ...HOUSE,
  fields: {
    ...HOUSE.fields,
    unit: { column: 'unit', sqlType: 'text' },
    floor: { column: 'floor', sqlType: 'int' },
    roomNumber: { column: 'room_number', sqlType: 'text' },
    area: { column: 'area', sqlType: 'float8' },
  },
};

export interface NewBuilding {
  addressCode: string;
  name: string;
  use: string;
  structure: string;
  floors: number;
  builtYear?: number | null;
  houses: { unit?: string | null; floor: number; roomNumber: string; use: string; area: number }[];
}

const BUILDING_USES = ['RESIDENTIAL', 'COMMERCIAL', 'INDUSTRIAL', 'MIXED', 'PUBLIC'] as const;
const HOUSE_USES = ['RESIDENTIAL', 'SHOP', 'FACTORY', 'WAREHOUSE', 'OFFICE', 'MIXED'] as const;
/** What the building write changes, for the write grants (the WRITES row of registerBuilding). */
export const REGISTER_BUILDING_WRITES = [
  ...Object.keys(BUILDING.fields).map((f) => `Building.${f}`),
  ...['unit', 'floor', 'roomNumber', 'use', 'area', 'occupancy'].map((f) => `House.${f}`),
];

function checkInt(value: unknown, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max)
    throw badUserInput(`${field} must be a whole number from ${min} to ${max}`, { field });
  return value as number;
}

function prepare(input: NewBuilding, now: Date) {
  const address = typeof input.addressCode === 'string' ? input.addressCode : '';
  const grid = /^\d{19}$/.test(address) ? validateGridCode(address.slice(0, 15)) : undefined;
  if (!grid?.ok || grid.level !== 'GRID')
    throw badUserInput('building.addressCode must be a standard address code: 19 digits, its grid code and a 4-digit number', {
      field: 'building.addressCode',
    });
  const floors = checkInt(input.floors, 'building.floors', 1, 99);
  const year = Number(localDate(now).slice(0, 4));
  const building: Record<string, FieldValue> = {
    name: checkText(input.name, 'building.name', 100),
    use: checkEnum(input.use, 'building.use', BUILDING_USES),
    structure: checkText(input.structure, 'building.structure', 50),
    floors,
    ...(present(input.builtYear) ? { builtYear: checkInt(input.builtYear, 'building.builtYear', 1800, year) } : {}),
  };
  if (!Array.isArray(input.houses) || input.houses.length === 0 || input.houses.length > 1000) {
    throw badUserInput('building.houses must list 1 to 1000 rooms or units', { field: 'building.houses' });
  }
  const positions = new Map<number, number>();
  const seen = new Set<string>();
  const houses = input.houses.map((house, i) => {
    const at = `building.houses.${i}`;
    const floor = checkInt(house.floor, `${at}.floor`, 1, floors);
    const position = (positions.get(floor) ?? 0) + 1;
    if (position > 99) throw badUserInput(`${at}.floor: at most 99 rooms on a floor`, { field: `${at}.floor` });
    positions.set(floor, position);
    const unit = present(house.unit) ? checkText(house.unit, `${at}.unit`, 20) : null;
    const roomNumber = checkText(house.roomNumber, `${at}.roomNumber`, 20);
    const place = `${unit ?? ''}|${roomNumber}`;
    if (seen.has(place)) throw badUserInput(`${at}.roomNumber ${roomNumber} is listed twice${unit ? ` in unit ${unit}` : ''}`, { field: `${at}.roomNumber` });
    seen.add(place);
    const area = house.area;
    if (typeof area !== 'number' || !(area > 0 && area < 100_000)) throw badUserInput(`${at}.area must be square metres above 0`, { field: `${at}.area` });
    const values: Record<string, FieldValue> = {
      floor,
      roomNumber,
      use: checkEnum(house.use, `${at}.use`, HOUSE_USES),
      area,
      occupancy: 'VACANT',
      ...(unit ? { unit } : {}),
    };
    return { suffix: `${String(floor).padStart(2, '0')}${String(position).padStart(2, '0')}`, values };
  });
  return { address, gridCode: address.slice(0, 15), building, houses };
}

export async function registerBuilding(_: unknown, { input }: { input: { idempotencyKey: string; building: NewBuilding } }, ctx: WriteContext) {
  const key = checkIdempotencyKey(input.idempotencyKey);
  const now = ctx.now();
  const plan = prepare(input.building, now);
  authorizeDirectWrite(ctx.access, REGISTER_BUILDING_WRITES, 'a housing registrar');
  assertWritableRow(ctx.access, 'Building', plan.gridCode, `address ${plan.address}`);
  await checkReferences(ctx, [{ kind: 'address', code: plan.address, field: 'building.addressCode' }]);
  const actor = actorOf(ctx);
  const meta = { source: 'DEPARTMENT' as const, actor, now, effectiveOn: null };
  const { result, replayed } = await withIdempotency(
    ctx.db.sql,
    { actor, key, operation: 'registerBuilding', digest: payloadDigest('registerBuilding', input), now },
    async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`gridshare.building:${plan.address}`]);
      const { rows } = await tx.query<{ n: number }>(
        `SELECT COALESCE(MAX(substring("code" from 20 for 2)::int), 0) + 1 AS n FROM "building" WHERE "address_code" = $1`,
        [plan.address],
      );
      if (rows[0]!.n > 99) throw badUserInput(`address ${plan.address} already has 99 buildings`, { field: 'building.addressCode' });
      const code = `${plan.address}${String(rows[0]!.n).padStart(2, '0')}`;
      const derived = { address_code: { value: plan.address, sqlType: 'text' } };
      const building = await createRecord(tx, BUILDING, { ...meta, kind: 'CREATED', key: code, gridCode: plan.gridCode, values: plan.building, derived });
      const houses = [];
      for (const house of plan.houses) {
        houses.push(
          await createRecord(tx, HOUSE_WITH_PLACE, {
            ...meta,
            kind: 'CREATED',
            key: `${code}${house.suffix}`,
            gridCode: plan.gridCode,
            values: house.values,
            derived: { building_code: { value: code, sqlType: 'text' } },
          }),
        );
      }
      return { building: writeResult(ctx.access, building), houses: houses.map((h) => writeResult(ctx.access, h)) };
    },
  );
  auditWrite(ctx.access, 'Building', result.building, replayed);
  for (const house of result.houses) auditWrite(ctx.access, 'House', house, replayed);
  ctx.logger.info(
    { event: 'records.building_registered', requestId: ctx.requestId, building: result.building.entityKey, houses: result.houses.length, replayed },
    'building registered',
  );
  return { buildingCode: result.building.entityKey, replayed };
}
