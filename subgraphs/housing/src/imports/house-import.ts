import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { SqlClient } from '../../../../platform/database/sql-client';
import { badUserInput } from '../../../../platform/errors';
import { localDate } from '../../../kit/src/calendar/working-calendar';
import { cell, readClerkDate } from '../../../kit/src/imports/clerk-values';
import type { ImportRegister, PageLookups, RowDecision } from '../../../kit/src/imports/import-page';
import { ImportSeen } from '../../../kit/src/imports/import-seen';
import { maskForReport } from '../../../kit/src/imports/report-mask';
import { IMPORT_REVIEW_OPERATION, ImportReview } from '../../../kit/src/imports/review-queue';
import { present } from '../../../kit/src/records/checks';
import type { PreparedChange, WriteOperation } from '../../../kit/src/records/operations';
import { textArray } from '../../../kit/src/records/record-change';
import { changeHouse, HOUSE } from '../writes/house-writes';

/**
 * The houses register (房屋, the housing bureau): a row per house, found by its address as written
 * (matched to a standard address by addressMatch, then building, unit and room among the houses
 * there), with its use and occupancy. A new use, or self-occupied ↔ vacant, applies; a rental begun
 * or ended needs the landlord or the end date the register does not carry, and goes to the housing
 * bureau's review queue; a house the address does not single out is rejected.
 */

export interface HouseImportRow {
  row: number;
  address?: string | null;
  addressMatch?: { status: string; code?: string | null; building?: string | null; unit?: string | null; room?: string | null } | null;
  use?: string | null;
  occupancy?: string | null;
  rentalRegisteredOn?: string | null;
}

interface HouseOnRecord {
  code: string;
  address_code: string;
  building_name: string;
  unit: string | null;
  room_number: string;
  use: string;
  occupancy: string;
  grid_code: string;
  version: number;
}

const USES: Record<string, string> = { 住宅: 'RESIDENTIAL', 商铺: 'SHOP', 厂房: 'FACTORY', 仓库: 'WAREHOUSE', 办公: 'OFFICE', 综合: 'MIXED' };
const OCCUPANCIES: Record<string, string> = { 自住: 'SELF_OCCUPIED', 出租: 'RENTED', 空置: 'VACANT' };
const ADDRESS_CODE = /^\d{19}$/;

function readWord(table: Record<string, string>, text: string | null): string | null {
  if (text === null) return null;
  const upper = text.toUpperCase();
  return table[text] ?? (Object.values(table).includes(upper) ? upper : null);
}

/** The digits a building, unit or room is known by: 3栋 → 3, 2单元 → 2, 0102 → 102. */
const number = (text: string | null | undefined) => {
  const digits = /\d+/.exec(text ?? '')?.[0];
  return digits === undefined ? null : String(Number(digits));
};

type Checked = {
  addressCode: string;
  building: string | null;
  unit: string | null;
  room: string | null;
  use: string | null;
  occupancy: string;
  rentalRegisteredOn: string | null;
};

const reject = (field: string, value: string | null, reason: string, suggestion: string): RowDecision => ({
  outcome: 'REJECTED',
  field,
  value,
  reason,
  suggestion,
});

function check(row: HouseImportRow, today: string): Checked | RowDecision {
  const occupancyText = cell(row.occupancy);
  const occupancy = readWord(OCCUPANCIES, occupancyText);
  if (!occupancy) return reject('occupancy', occupancyText, 'occupancy is missing or not 自住/出租/空置', 'write 自住, 出租 or 空置');
  const useText = cell(row.use);
  const use = useText === null ? null : readWord(USES, useText);
  if (useText !== null && !use)
    return reject('use', useText, 'use is not one of 住宅/商铺/厂房/仓库/办公/综合', 'write one of 住宅, 商铺, 厂房, 仓库, 办公, 综合');
  const dateText = cell(row.rentalRegisteredOn);
  const rentalRegisteredOn = dateText === null ? null : readClerkDate(dateText);
  if (dateText !== null && (!rentalRegisteredOn || rentalRegisteredOn > today))
    return reject(
      'rentalRegisteredOn',
      maskForReport('date', dateText),
      'rental registration date is not a real date, or lies in the future',
      'write it as YYYY-MM-DD',
    );
  const match = row.addressMatch;
  if (match?.status !== 'MATCHED' || !ADDRESS_CODE.test(match.code ?? '')) {
    return reject(
      'address',
      maskForReport('address', cell(row.address)),
      `the address is ${(match?.status ?? 'UNMATCHED').toLowerCase()}: no house to compare with`,
      'write the address so it matches one standard address (addressSearch shows the candidates), with building and room',
    );
  }
  return { addressCode: match.code!, building: number(match.building), unit: number(match.unit), room: number(match.room), use, occupancy, rentalRegisteredOn };
}

export function housesRegister(digest: (value: string) => string): ImportRegister<HouseImportRow> {
  return {
    name: 'houses',
    entityType: 'House',
    auditType: 'HouseImport',
    requestType: 'HousingChangeRequest',
    requires: ['House.use', 'House.occupancy'],
    async load(sql: SqlClient, rows: HouseImportRow[], { now, importId }): Promise<PageLookups<HouseImportRow>> {
      const checked = new Map(rows.map((r) => [r.row, check(r, localDate(now))]));
      const valid = [...checked.values()].filter((c): c is Checked => 'occupancy' in c);
      const { rows: houses } = await sql.query<HouseOnRecord>(
        `SELECT h."code", b."address_code", b."name" AS "building_name", h."unit", h."room_number", h."use"::text AS "use", h."occupancy"::text AS "occupancy", h."grid_code", h."version"
           FROM "house" h JOIN "building" b ON b."code" = h."building_code" WHERE b."address_code" = ANY($1::text[])`,
        [textArray([...new Set(valid.map((c) => c.addressCode))])],
      );
      const atAddress = new Map<string, HouseOnRecord[]>();
      for (const h of houses) atAddress.set(h.address_code, [...(atAddress.get(h.address_code) ?? []), h]);
      const seen = await ImportSeen.load(
        sql,
        importId,
        valid.map((c) => digest(c.addressCode)),
      );
      return {
        decide: (row) => decide(row, checked.get(row.row)!, atAddress, seen, digest),
        applied(decision, applied) {
          const house = houses.find((h) => h.code === decision.entityKey);
          if (!house) return;
          house.version = applied.version;
          if ('use' in applied.after) house.use = String(applied.after.use);
          if ('occupancy' in applied.after) house.occupancy = String(applied.after.occupancy);
        },
        finish: (tx) => seen.save(tx, now),
      };
    },
  };
}

function decide(
  row: HouseImportRow,
  c: Checked | RowDecision,
  atAddress: Map<string, HouseOnRecord[]>,
  seen: ImportSeen,
  digest: (v: string) => string,
): RowDecision {
  if (!('occupancy' in c)) return c;
  const address = maskForReport('address', cell(row.address));
  const fitting = (atAddress.get(c.addressCode) ?? []).filter(
    (h) =>
      (c.room === null || number(h.room_number) === c.room) &&
      (c.building === null || number(h.building_name) === c.building) &&
      (c.unit === null || number(h.unit) === c.unit),
  );
  if (fitting.length !== 1) {
    return reject(
      'address',
      address,
      fitting.length === 0
        ? 'no house at this address has that building, unit and room'
        : `the address names ${fitting.length} houses: building, unit or room is missing`,
      'write the building, unit and room as the house register has them',
    );
  }
  const house = fitting[0]!;
  const content = { house: house.code, use: c.use, occupancy: c.occupancy, rentalRegisteredOn: c.rentalRegisteredOn };
  const earlier = seen.meet(
    digest(house.code),
    row.row,
    createHash('sha256')
      .update(canonicalize(content) ?? '')
      .digest('hex'),
  );
  const review = (coordinates: string[]): ImportReview => ({
    register: 'houses',
    entityType: 'House',
    entityKey: house.code,
    identity: house.code,
    gridCode: house.grid_code,
    coordinates,
    content,
    detail: { address: cell(row.address) },
    note: '',
  });
  if (earlier?.same) return { outcome: 'UNCHANGED', reason: `the same as row ${earlier.row} of this file`, entityKey: house.code, gridCode: house.grid_code };
  if (earlier)
    return {
      outcome: 'REVIEW',
      field: null,
      value: null,
      reason: `row ${earlier.row} of this file says otherwise about house ${house.code}`,
      suggestion: 'keep one row per house in the file',
      review: review(['House.use', 'House.occupancy']),
    };
  if ((c.occupancy === 'RENTED') !== (house.occupancy === 'RENTED')) {
    return c.occupancy === 'RENTED'
      ? {
          outcome: 'REVIEW',
          field: 'occupancy',
          value: '出租',
          reason: `house ${house.code} is let by the register but not on record`,
          suggestion: 'register the rental (registerRental) with its landlord',
          review: review(['House.occupancy', 'House.landlord', 'House.rentalRegisteredOn']),
        }
      : {
          outcome: 'REVIEW',
          field: 'occupancy',
          value: row.occupancy ?? null,
          reason: `house ${house.code} is let on record but not by the register`,
          suggestion: 'end the rental (endRental) with the day it ended',
          review: review(['House.occupancy', 'House.landlord', 'House.rentalRegisteredOn']),
        };
  }
  const change: Record<string, string> = {};
  if (c.use && c.use !== house.use) change.use = c.use;
  if (c.occupancy !== 'RENTED' && c.occupancy !== house.occupancy) change.occupancy = c.occupancy;
  if (Object.keys(change).length === 0)
    return { outcome: 'UNCHANGED', reason: `house ${house.code} is on record as the row says`, entityKey: house.code, gridCode: house.grid_code };
  return {
    outcome: 'APPLY',
    operation: changeHouse,
    change: { houseCode: house.code, ...change },
    expectedVersion: house.version,
    entityKey: house.code,
    review: review(Object.keys(change).map((f) => `House.${f}`)),
  };
}

/** An imported house row in the review queue: approving applies its use (and self-occupied/vacant); a rental is registered or ended with its own mutation. */
export const importedHouseRow: WriteOperation<{ entityKey?: string | null; row?: Record<string, unknown> }> = {
  name: IMPORT_REVIEW_OPERATION,
  descriptor: HOUSE,
  writes: ['use', 'occupancy'],
  prepare(payload, env): PreparedChange {
    const row = payload.row ?? {};
    const change = {
      ...(present(row.use) ? { use: String(row.use) } : {}),
      ...(row.occupancy === 'SELF_OCCUPIED' || row.occupancy === 'VACANT' ? { occupancy: String(row.occupancy) } : {}),
    };
    if (!payload.entityKey || Object.keys(change).length === 0) {
      throw badUserInput(
        'an imported row applies nothing by itself: register or end the rental with its mutation, then reject this request saying what you did',
        { field: 'id' },
      );
    }
    return changeHouse.prepare({ houseCode: payload.entityKey, ...change }, env);
  },
};
