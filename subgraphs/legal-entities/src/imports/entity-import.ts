import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { SqlClient } from '../../../../platform/database/sql-client';
import { badUserInput } from '../../../../platform/errors';
import { validateCreditCode } from '../../../../platform/identifiers/credit-code';
import { localDate } from '../../../kit/src/calendar/working-calendar';
import { cell, halfWidth, readClerkDate } from '../../../kit/src/imports/clerk-values';
import type { ImportRegister, PageLookups, RowDecision } from '../../../kit/src/imports/import-page';
import { ImportSeen } from '../../../kit/src/imports/import-seen';
import { maskForReport } from '../../../kit/src/imports/report-mask';
import { IMPORT_REVIEW_OPERATION, ImportReview } from '../../../kit/src/imports/review-queue';
import { present } from '../../../kit/src/records/checks';
import type { PreparedChange, WriteOperation } from '../../../kit/src/records/operations';
import { textArray } from '../../../kit/src/records/record-change';
import { changeEntity, LEGAL_ENTITY } from '../writes/entity-writes';

/**
 * The business register (企业登记, market regulation) as a department delivers it: a row per entity
 * with its unified social credit code (GB 32100), name, business address as written (matched by
 * addressMatch), founding date, status and industry. A new name, industry, business address or
 * active/suspended/revoked status applies; an entity the register does not know, a founding date
 * that differs, a deregistration (it needs its date) or a deregistered entity shown trading goes
 * to market regulation's review queue; a row that cannot be read is rejected naming the column.
 */

export interface EntityImportRow {
  row: number;
  uscc?: string | null;
  name?: string | null;
  businessAddress?: string | null;
  addressMatch?: { status: string; code?: string | null } | null;
  establishedOn?: string | null;
  licenceStatus?: string | null;
  industry?: string | null;
}

interface EntityOnRecord {
  uscc: string;
  name: string;
  address_code: string;
  industry: string;
  established_on: string;
  licence_status: string;
  grid_code: string;
  version: number;
}

const STATUSES: Record<string, string> = { 存续: 'ACTIVE', 在业: 'ACTIVE', 开业: 'ACTIVE', 停业: 'SUSPENDED', 吊销: 'REVOKED', 注销: 'DEREGISTERED' };
const ADDRESS_CODE = /^\d{19}$/;

type Checked = { uscc: string; name: string; addressCode: string; establishedOn: string; licenceStatus: string | null; industry: string | null };

const reject = (field: string, value: string | null, reason: string, suggestion: string): RowDecision => ({
  outcome: 'REJECTED',
  field,
  value,
  reason,
  suggestion,
});

function check(row: EntityImportRow, today: string): Checked | RowDecision {
  const usccText = cell(row.uscc);
  const uscc = halfWidth(usccText ?? '').toUpperCase();
  const valid = validateCreditCode(uscc);
  // The validator names the check character the code should have; the report (a file that travels) does not.
  if (!valid.ok)
    return reject(
      'uscc',
      maskForReport('credit-code', usccText),
      `not a unified social credit code (GB 32100): ${/check character/.test(valid.reason) ? 'the check character does not fit the other 17' : valid.reason}`,
      'copy the 18 characters from the business licence',
    );
  const name = cell(row.name);
  if (!name || name.length > 200)
    return reject('name', maskForReport('text', name), 'the name is missing or longer than 200 characters', 'write the name as on the business licence');
  const dateText = cell(row.establishedOn);
  const establishedOn = readClerkDate(dateText);
  if (!establishedOn || establishedOn > today)
    return reject(
      'establishedOn',
      maskForReport('date', dateText),
      'the founding date is missing, not a real date, or lies in the future',
      'write it as YYYY-MM-DD',
    );
  const statusText = cell(row.licenceStatus);
  const licenceStatus =
    statusText === null ? null : (STATUSES[statusText] ?? (Object.values(STATUSES).includes(statusText.toUpperCase()) ? statusText.toUpperCase() : null));
  if (statusText !== null && !licenceStatus)
    return reject('licenceStatus', statusText, 'the status is not one of 存续/在业/停业/吊销/注销', 'write 存续, 停业, 吊销 or 注销');
  const industry = cell(row.industry);
  if (industry !== null && industry.length > 100)
    return reject('industry', maskForReport('text', industry), 'the industry is longer than 100 characters', 'write the industry as on the licence');
  const match = row.addressMatch;
  if (match?.status !== 'MATCHED' || !ADDRESS_CODE.test(match.code ?? '')) {
    return reject(
      'businessAddress',
      maskForReport('address', cell(row.businessAddress)),
      `the business address is ${(match?.status ?? 'UNMATCHED').toLowerCase()}`,
      'write the address so it matches one standard address (addressSearch shows the candidates)',
    );
  }
  return { uscc, name, addressCode: match.code!, establishedOn, licenceStatus, industry };
}

export function legalEntitiesRegister(digest: (value: string) => string): ImportRegister<EntityImportRow> {
  return {
    name: 'legal-entities',
    entityType: 'LegalEntity',
    auditType: 'LegalEntityImport',
    requestType: 'LegalEntityChangeRequest',
    requires: ['LegalEntity.name', 'LegalEntity.businessAddress', 'LegalEntity.industry', 'LegalEntity.licenceStatus'],
    async load(sql: SqlClient, rows: EntityImportRow[], { now, importId }): Promise<PageLookups<EntityImportRow>> {
      const checked = new Map(rows.map((r) => [r.row, check(r, localDate(now))]));
      const valid = [...checked.values()].filter((c): c is Checked => 'uscc' in c);
      // By code, and by name for the codes the register does not know (a probable duplicate under another code).
      const { rows: entities } = await sql.query<EntityOnRecord>(
        `SELECT "uscc", "name", COALESCE("business_address_code", "registered_address_code") AS "address_code", "industry",
                to_char("established_on", 'YYYY-MM-DD') AS "established_on", "licence_status"::text AS "licence_status", "grid_code", "version"
           FROM "legal_entity" WHERE "uscc" = ANY($1::text[]) OR "name" = ANY($2::text[])`,
        [textArray([...new Set(valid.map((c) => c.uscc))]), textArray([...new Set(valid.map((c) => c.name))])],
      );
      const byUscc = new Map(entities.map((e) => [e.uscc, e]));
      const byName = new Map(entities.map((e) => [e.name, e]));
      const seen = await ImportSeen.load(
        sql,
        importId,
        valid.map((c) => digest(c.uscc)),
      );
      return {
        decide: (row) => decide(checked.get(row.row)!, row, byUscc, byName, seen, digest),
        applied(decision, applied) {
          const entity = byUscc.get(decision.entityKey);
          if (!entity) return;
          entity.version = applied.version;
          const change = decision.change as Record<string, string>;
          if (change.name) entity.name = change.name;
          if (change.industry) entity.industry = change.industry;
          if (change.businessAddressCode) entity.address_code = change.businessAddressCode;
          if (change.licenceStatus) entity.licence_status = change.licenceStatus;
        },
        finish: (tx) => seen.save(tx, now),
      };
    },
  };
}

function decide(
  c: Checked | RowDecision,
  row: EntityImportRow,
  byUscc: Map<string, EntityOnRecord>,
  byName: Map<string, EntityOnRecord>,
  seen: ImportSeen,
  digest: (v: string) => string,
): RowDecision {
  if (!('uscc' in c)) return c;
  const content = {
    uscc: c.uscc,
    name: c.name,
    businessAddressCode: c.addressCode,
    establishedOn: c.establishedOn,
    licenceStatus: c.licenceStatus,
    industry: c.industry,
  };
  const entity = byUscc.get(c.uscc);
  const review = (coordinates: string[]): ImportReview => ({
    register: 'legal-entities',
    entityType: 'LegalEntity',
    entityKey: entity?.uscc ?? null,
    identity: digest(c.uscc),
    gridCode: entity?.grid_code ?? c.addressCode.slice(0, 15),
    coordinates,
    content,
    detail: { businessAddress: cell(row.businessAddress) },
    note: '',
  });
  const earlier = seen.meet(
    digest(c.uscc),
    row.row,
    createHash('sha256')
      .update(canonicalize(content) ?? '')
      .digest('hex'),
  );
  if (earlier?.same)
    return {
      outcome: 'UNCHANGED',
      reason: `the same as row ${earlier.row} of this file`,
      entityKey: entity?.uscc ?? null,
      gridCode: entity?.grid_code ?? c.addressCode.slice(0, 15),
    };
  if (earlier)
    return {
      outcome: 'REVIEW',
      field: 'uscc',
      value: maskForReport('credit-code', c.uscc),
      reason: `row ${earlier.row} of this file says otherwise about the same entity`,
      suggestion: 'keep one row per entity in the file',
      review: review(['LegalEntity.name', 'LegalEntity.businessAddress']),
    };
  if (!entity) {
    const namesake = byName.get(c.name);
    return {
      outcome: 'REVIEW',
      field: 'uscc',
      value: maskForReport('credit-code', c.uscc),
      // The namesake is not named: it may lie outside the importer's jurisdiction.
      reason: namesake
        ? 'no entity with this code is on record, but one of the same name is (a mistyped code?)'
        : "no entity with this code is on record: registering one needs the licence's particulars the register does not carry",
      suggestion: namesake
        ? 'compare the code with the licence of the entity on record'
        : 'register it (registerLegalEntity) with its representative, type and registered address',
      review: review(['LegalEntity.name', 'LegalEntity.type', 'LegalEntity.registeredAddress']),
    };
  }
  if (entity.licence_status === 'DEREGISTERED') {
    if (c.licenceStatus === 'DEREGISTERED')
      return {
        outcome: 'UNCHANGED',
        reason: `${entity.uscc} is deregistered on record as in the register`,
        entityKey: entity.uscc,
        gridCode: entity.grid_code,
      };
    return {
      outcome: 'REVIEW',
      field: 'licenceStatus',
      value: cell(row.licenceStatus),
      reason: `${entity.uscc} is deregistered on record but the register shows it trading`,
      suggestion: 'check the licence: a deregistered entity is registered anew under its code only by the registration office',
      review: review(['LegalEntity.licenceStatus']),
    };
  }
  if (c.licenceStatus === 'DEREGISTERED') {
    return {
      outcome: 'REVIEW',
      field: 'licenceStatus',
      value: cell(row.licenceStatus),
      reason: `${entity.uscc} is deregistered by the register, not on record`,
      suggestion: 'deregister it (deregisterLegalEntity) with the day of its deregistration',
      review: review(['LegalEntity.licenceStatus', 'LegalEntity.premises']),
    };
  }
  if (c.establishedOn !== entity.established_on) {
    return {
      outcome: 'REVIEW',
      field: 'establishedOn',
      value: maskForReport('date', cell(row.establishedOn)),
      reason: `the founding date of ${entity.uscc} differs from the record`,
      suggestion: 'compare with the business licence; the registrar corrects whichever is wrong',
      review: review(['LegalEntity.establishedOn']),
    };
  }
  const change: Record<string, string> = {};
  if (c.name !== entity.name) change.name = c.name;
  if (c.industry && c.industry !== entity.industry) change.industry = c.industry;
  if (c.addressCode !== entity.address_code) change.businessAddressCode = c.addressCode;
  if (c.licenceStatus && c.licenceStatus !== entity.licence_status) change.licenceStatus = c.licenceStatus;
  if (Object.keys(change).length === 0)
    return { outcome: 'UNCHANGED', reason: `${entity.uscc} is on record as the row says`, entityKey: entity.uscc, gridCode: entity.grid_code };
  const fields: Record<string, string> = { name: 'name', industry: 'industry', businessAddressCode: 'businessAddress', licenceStatus: 'licenceStatus' };
  return {
    outcome: 'APPLY',
    operation: changeEntity,
    change: { uscc: entity.uscc, ...change },
    expectedVersion: entity.version,
    entityKey: entity.uscc,
    review: review(Object.keys(change).map((f) => `LegalEntity.${fields[f]}`)),
  };
}

/** An imported entity row in the review queue: approving applies its particulars to an entity on record; registering and deregistering keep their own mutations. */
export const importedEntityRow: WriteOperation<{ entityKey?: string | null; row?: Record<string, unknown> }> = {
  name: IMPORT_REVIEW_OPERATION,
  descriptor: LEGAL_ENTITY,
  writes: ['name', 'industry', 'businessAddress', 'licenceStatus', 'establishedOn'],
  prepare(payload, env): PreparedChange {
    const row = payload.row ?? {};
    const status = row.licenceStatus === 'DEREGISTERED' ? null : row.licenceStatus;
    const change = {
      ...(present(row.name) ? { name: String(row.name) } : {}),
      ...(present(row.industry) ? { industry: String(row.industry) } : {}),
      ...(present(row.businessAddressCode) ? { businessAddressCode: String(row.businessAddressCode) } : {}),
      ...(present(row.establishedOn) ? { establishedOn: String(row.establishedOn) } : {}),
      ...(present(status) ? { licenceStatus: String(status) } : {}),
    };
    if (!payload.entityKey || row.licenceStatus === 'DEREGISTERED' || Object.keys(change).length === 0) {
      throw badUserInput(
        'an imported row applies nothing by itself here: register or deregister the entity with its mutation, then reject this request saying what you did',
        { field: 'id' },
      );
    }
    return changeEntity.prepare({ uscc: payload.entityKey, ...change }, env);
  },
};
