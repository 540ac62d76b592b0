import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { SqlClient } from '../../../../platform/database/sql-client';
import { ImportSeen } from '../../../kit/src/imports/import-seen';
import { badUserInput } from '../../../../platform/errors';
import { validateCreditCode } from '../../../../platform/identifiers/credit-code';
import { validateResidentIdNumber } from '../../../../platform/identifiers/resident-id';
import { localDate } from '../../../kit/src/calendar/working-calendar';
import { cell, halfWidth, readClerkDate, readGender } from '../../../kit/src/imports/clerk-values';
import type { ImportRegister, PageLookups, RowDecision } from '../../../kit/src/imports/import-page';
import { maskForReport } from '../../../kit/src/imports/report-mask';
import type { ImportReview } from '../../../kit/src/imports/review-queue';
import { IMPORT_REVIEW_OPERATION } from '../../../kit/src/imports/review-queue';
import { checkPhone, present } from '../../../kit/src/records/checks';
import type { PreparedChange, WriteOperation } from '../../../kit/src/records/operations';
import { textArray } from '../../../kit/src/records/record-change';
import { PERSON } from '../writes/person-record';
import { updateParticulars } from '../writes/person-writes';

/**
 * The persons register (实有人口, public security): a row per person with name, sex, ID number,
 * birth date, phone, the address as written and the employer. A row for a person on record whose
 * address matches where they live is unchanged, or applies a new phone or employer; anything a
 * person must judge (another address, another name, an address nobody could match, a person not
 * on record, a probable duplicate under another ID number) goes to public security's review queue;
 * a row whose identifiers or dates are invalid is rejected, naming the field.
 *
 * The address arrives matched (`addressMatch`, through the gateway, as the CLI does): this
 * subgraph holds no addresses, and the code only ever decides between unchanged and review, never
 * where a person is registered.
 */

export interface PersonImportRow {
  row: number;
  name?: string | null;
  gender?: string | null;
  idNumber?: string | null;
  birthDate?: string | null;
  phone?: string | null;
  address?: string | null;
  addressMatch?: { status: string; code?: string | null } | null;
  employerName?: string | null;
  employerUscc?: string | null;
}

interface OnRecord {
  id: string;
  name: string;
  id_number: string;
  birth_date: string;
  phone: string | null;
  house_code: string | null;
  grid_code: string;
  status: string;
  employer_uscc: string | null;
  version: number;
}

const ADDRESS_CODE = /^\d{19}$/;
/** Rows naming fields an import may change without a person's judgement. */
const APPLIED_FIELDS = ['phone', 'employer'] as const;

type Checked = {
  name: string;
  idNumber: string;
  gender: 'MALE' | 'FEMALE';
  birthDate: string;
  phone: string | null;
  employerUscc: string | null;
  addressCode: string | null;
  addressStatus: string;
};

const reject = (field: string, value: string | null, reason: string, suggestion: string): RowDecision => ({
  outcome: 'REJECTED',
  field,
  value,
  reason,
  suggestion,
});

/** The row's values in the record's forms, or the first field that is wrong. */
function check(row: PersonImportRow, today: string): Checked | RowDecision {
  const name = cell(row.name);
  if (!name || name.length > 50)
    return reject('name', maskForReport('name', name), 'name is missing or longer than 50 characters', 'fill in the name as on the ID card');
  const rawId = cell(row.idNumber);
  if (!rawId) return reject('idNumber', null, 'ID number is missing', 'fill in the 18-character resident ID number');
  const id = validateResidentIdNumber(halfWidth(rawId).toUpperCase(), { today });
  if (!id.ok) {
    // The validator's reason may quote the number's birth date: the report says which part is wrong, not its digits.
    const reason = id.reason.startsWith('birth date') ? 'the birth date inside the number is not a real date' : id.reason;
    return reject(
      'idNumber',
      maskForReport('id-number', rawId),
      `not a resident ID number (GB 11643): ${reason}`,
      'copy the number again from the ID card (a letter O for a zero, a digit lost or a wrong last character are common)',
    );
  }
  const birthDate = readClerkDate(row.birthDate);
  if (!birthDate)
    return reject(
      'birthDate',
      maskForReport('date', cell(row.birthDate)),
      'birth date is missing or not a real date',
      'write it as YYYY-MM-DD (1985/3/2 and 19850302 are read too)',
    );
  if (birthDate !== id.birthDate)
    return reject('birthDate', maskForReport('date', birthDate), 'birth date differs from the one inside the ID number', 'check which of the two is right');
  const gender = readGender(row.gender);
  if (!gender) return reject('gender', cell(row.gender), 'sex is missing or not 男/女', 'write 男 or 女');
  if (gender !== id.gender) return reject('gender', cell(row.gender), 'sex differs from the one the ID number encodes', 'check which of the two is right');
  let phone: string | null = null;
  if (cell(row.phone)) {
    try {
      phone = checkPhone(halfWidth(cell(row.phone)!), 'phone');
    } catch {
      return reject(
        'phone',
        maskForReport('phone', cell(row.phone)),
        'phone is not a mobile number (11 digits from 13x to 19x) or a landline with its area code',
        'correct it or leave it empty',
      );
    }
  }
  let employerUscc: string | null = null;
  if (cell(row.employerUscc)) {
    const code = halfWidth(cell(row.employerUscc)!).toUpperCase();
    const checked = validateCreditCode(code);
    if (!checked.ok) {
      return reject(
        'employerUscc',
        maskForReport('credit-code', code),
        `not a unified social credit code (GB 32100): ${checked.reason}`,
        'copy the 18-character code again from the business licence',
      );
    }
    employerUscc = code;
  }
  const match = row.addressMatch;
  const addressCode = match?.status === 'MATCHED' && typeof match.code === 'string' && ADDRESS_CODE.test(match.code) ? match.code : null;
  return {
    name,
    idNumber: id.normalized,
    gender,
    birthDate,
    phone,
    employerUscc,
    addressCode,
    addressStatus: addressCode ? 'MATCHED' : (match?.status ?? 'UNMATCHED'),
  };
}

function review(
  row: PersonImportRow,
  c: Checked,
  entityKey: string | null,
  gridCode: string,
  coordinates: string[],
  digest: (v: string) => string,
): ImportReview {
  const { addressStatus, ...fact } = c;
  return {
    register: 'persons',
    entityType: 'Person',
    entityKey,
    identity: digest(c.idNumber),
    gridCode,
    coordinates,
    content: { ...fact, addressMatched: addressStatus === 'MATCHED' },
    detail: { address: cell(row.address), addressStatus, employerName: cell(row.employerName) },
    note: '',
  };
}

export function personsRegister(digest: (value: string) => string): ImportRegister<PersonImportRow> {
  return {
    name: 'persons',
    entityType: 'Person',
    auditType: 'PersonImport',
    requestType: 'PopulationChangeRequest',
    requires: ['Person.name', 'Person.idNumber', 'Person.phone', 'Person.employer', 'Person.residence'],
    async load(sql: SqlClient, rows: PersonImportRow[], { now, importId }): Promise<PageLookups<PersonImportRow>> {
      const today = localDate(now);
      const checked = new Map(rows.map((r) => [r.row, check(r, today)]));
      const valid = [...checked.values()].filter((c): c is Checked => 'idNumber' in c);
      const columns = `"id", "name", "id_number", to_char("birth_date", 'YYYY-MM-DD') AS "birth_date", "phone", "house_code", "grid_code", "status"::text AS "status", "employer_uscc", "version"`;
      const byId = new Map(
        (await sql.query<OnRecord>(`SELECT ${columns} FROM "person" WHERE "id_number" = ANY($1::text[])`, [textArray(valid.map((c) => c.idNumber))])).rows.map(
          (p) => [p.id_number, p],
        ),
      );
      const unknown = valid.filter((c) => !byId.has(c.idNumber));
      const byNameAndBirth = new Map<string, OnRecord[]>();
      if (unknown.length > 0) {
        const { rows: namesakes } = await sql.query<OnRecord>(
          `SELECT ${columns} FROM "person" WHERE ("name", "birth_date") IN (SELECT * FROM unnest($1::text[], $2::date[]))`,
          [textArray(unknown.map((c) => c.name)), textArray(unknown.map((c) => c.birthDate))],
        );
        for (const p of namesakes) byNameAndBirth.set(`${p.name}|${p.birth_date}`, [...(byNameAndBirth.get(`${p.name}|${p.birth_date}`) ?? []), p]);
      }
      const seen = await ImportSeen.load(
        sql,
        importId,
        valid.map((c) => digest(c.idNumber)),
      );
      return {
        decide: (row) => {
          const c = checked.get(row.row)!;
          if (!('idNumber' in c)) return c;
          const earlier = seen.meet(digest(c.idNumber), row.row, contentDigest(c));
          if (earlier?.same)
            return {
              outcome: 'UNCHANGED',
              reason: `the same as row ${earlier.row} of this file`,
              entityKey: byId.get(c.idNumber)?.id ?? null,
              gridCode: byId.get(c.idNumber)?.grid_code ?? c.addressCode?.slice(0, 15) ?? null,
            };
          if (earlier) {
            const person = byId.get(c.idNumber);
            const gridCode = person?.grid_code ?? c.addressCode?.slice(0, 15);
            if (!gridCode)
              return reject(
                'address',
                maskForReport('address', cell(row.address)),
                `row ${earlier.row} of this file says otherwise about this person, and this row's address is ${c.addressStatus.toLowerCase()}`,
                'keep one row per person in the file',
              );
            return {
              outcome: 'REVIEW',
              field: null,
              value: null,
              reason: `row ${earlier.row} of this file says otherwise about this person`,
              suggestion: 'keep one row per person in the file; the reviewer decides which is right',
              review: review(row, c, person?.id ?? null, gridCode, ['Person.name', 'Person.phone', 'Person.residence'], digest),
            };
          }
          return decide(row, c, byId, byNameAndBirth, digest);
        },
        finish: (tx) => seen.save(tx, now),
        applied(decision, applied) {
          const person = [...byId.values()].find((p) => p.id === decision.entityKey);
          if (!person) return;
          person.version = applied.version;
          if ('phone' in applied.after) person.phone = applied.after.phone as string | null;
          if ('employer' in applied.after) person.employer_uscc = applied.after.employer as string | null;
        },
      };
    },
  };
}

/** What a row says about a person, as the import compares rows of one file. */
function contentDigest(c: Checked): string {
  return createHash('sha256')
    .update(canonicalize(c) ?? '')
    .digest('hex');
}

function decide(
  row: PersonImportRow,
  c: Checked | RowDecision,
  byId: Map<string, OnRecord>,
  namesakes: Map<string, OnRecord[]>,
  digest: (v: string) => string,
): RowDecision {
  if (!('idNumber' in c)) return c;
  const person = byId.get(c.idNumber);
  const address = maskForReport('address', cell(row.address));
  if (!person) {
    const same = (namesakes.get(`${c.name}|${c.birthDate}`) ?? []).find((p) => c.addressCode !== null && p.house_code?.startsWith(c.addressCode));
    if (same) {
      return {
        outcome: 'REVIEW',
        field: 'idNumber',
        value: maskForReport('id-number', c.idNumber),
        reason: `probably person ${same.id} (same name, birth date and address) under another ID number`,
        suggestion: 'check the ID card: correct the number on record or in the register',
        review: review(row, c, same.id, same.grid_code, ['Person.idNumber'], digest),
      };
    }
    if (!c.addressCode) {
      return reject(
        'address',
        address,
        `person not on record and the address is ${c.addressStatus.toLowerCase()}: nothing to register them at`,
        'write the address so it matches one standard address (addressSearch shows the candidates) and import the row again',
      );
    }
    return {
      outcome: 'REVIEW',
      field: 'idNumber',
      value: maskForReport('id-number', c.idNumber),
      reason: 'person not on record: a first registration needs the household registration and move-in date, which the register does not carry',
      suggestion: 'register the arrival (registerArrival with newPerson) after checking the ID card',
      review: review(row, c, null, c.addressCode.slice(0, 15), ['Person.name', 'Person.idNumber', 'Person.residence'], digest),
    };
  }
  const toReview = (field: string, value: string | null, reason: string, suggestion: string, coordinates: string[]): RowDecision => ({
    outcome: 'REVIEW',
    field,
    value,
    reason,
    suggestion,
    review: review(row, c, person.id, person.grid_code, coordinates, digest),
  });
  if (person.status !== 'ACTIVE')
    return toReview(
      'idNumber',
      maskForReport('id-number', c.idNumber),
      `person ${person.id} is ${person.status.toLowerCase()} on record`,
      'check whether the register is out of date',
      ['Person.status'],
    );
  if (person.name !== c.name)
    return toReview(
      'name',
      maskForReport('name', c.name),
      `the name differs from person ${person.id}'s on record`,
      'check the ID card; change the name with updatePersonParticulars if it changed',
      ['Person.name'],
    );
  if (!c.addressCode)
    return toReview(
      'address',
      address,
      `the address is ${c.addressStatus.toLowerCase()}: it cannot be compared with person ${person.id}'s residence`,
      'choose the standard address (addressSearch) and compare it with the residence on record',
      ['Person.residence'],
    );
  if (!person.house_code?.startsWith(c.addressCode)) {
    return toReview(
      'address',
      address,
      person.house_code ? `person ${person.id} lives elsewhere on record: moved?` : `person ${person.id} has no residence on record`,
      'record the departure and the arrival (registerArrival) if they moved',
      ['Person.residence'],
    );
  }
  const change: Record<string, string> = {};
  if (c.phone && c.phone !== person.phone) change.phone = c.phone;
  if (c.employerUscc && c.employerUscc !== person.employer_uscc) change.employerUscc = c.employerUscc;
  if (Object.keys(change).length === 0)
    return { outcome: 'UNCHANGED', reason: `person ${person.id} is on record as the row says`, entityKey: person.id, gridCode: person.grid_code };
  return {
    outcome: 'APPLY',
    operation: updateParticulars,
    change: { personId: person.id, ...change },
    expectedVersion: person.version,
    entityKey: person.id,
    review: review(
      row,
      c,
      person.id,
      person.grid_code,
      APPLIED_FIELDS.map((f) => `Person.${f}`),
      digest,
    ),
  };
}

/**
 * An imported row in the review queue, as a change request's operation: approving it applies the
 * new phone or employer the row carried, when the record is still as it was; a row that needs a
 * registration, a move or a correction is done with those mutations, and the request then
 * rejected with what was done (the queue's reason says it).
 */
export const importedPersonRow: WriteOperation<{ entityKey?: string | null; row?: Record<string, unknown>; detail?: unknown }> = {
  name: IMPORT_REVIEW_OPERATION,
  descriptor: PERSON,
  writes: ['phone', 'employer'],
  prepare(payload, env): PreparedChange {
    const row = payload.row ?? {};
    const personId = payload.entityKey ?? null;
    const change = {
      ...(present(row.phone) ? { phone: String(row.phone) } : {}),
      ...(present(row.employerUscc) ? { employerUscc: String(row.employerUscc) } : {}),
    };
    if (!personId || Object.keys(change).length === 0) {
      throw badUserInput(
        'an imported row applies nothing by itself: register the arrival, the move or the correction with its mutation, then reject this request saying what you did',
        { field: 'id' },
      );
    }
    return updateParticulars.prepare({ personId, ...change }, env);
  },
};
