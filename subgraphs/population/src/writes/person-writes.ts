import type { SqlClient } from '../../../../platform/database/sql-client';
import { badUserInput } from '../../../../platform/errors';
import { validateResidentIdNumber } from '../../../../platform/identifiers/resident-id';
import { localDate } from '../../../kit/src/calendar/working-calendar';
import { checkCreditCode, checkDate, checkEnum, checkHouseCode, checkPersonId, checkPhone, checkText, present } from '../../../kit/src/records/checks';
import type { FieldValue } from '../../../kit/src/records/descriptor';
import type { PreparedChange, WriteOperation } from '../../../kit/src/records/operations';
import { GENDERS, PERSON, PERSON_TAGS, RESIDENCE_TYPES } from './person-record';

/**
 * The population register's writes (来有登记、走有注销): each validates its change into values of
 * the person record, and checks its invariants on the locked row. The `writes` lists are this
 * subgraph's WRITES table: the fields the policy must grant for the operation.
 */

export interface NewPerson {
  name: string;
  idNumber: string;
  gender: string;
  birthDate: string;
  ethnicity?: string | null;
  householdRegistration: string;
}

export interface ArrivalChange {
  personId?: string | null;
  newPerson?: NewPerson | null;
  houseCode: string;
  residenceType: string;
  movedInOn: string;
  phone?: string | null;
}

export interface ParticularsChange {
  personId: string;
  name?: string | null;
  phone?: string | null;
  ethnicity?: string | null;
  householdRegistration?: string | null;
  residenceType?: string | null;
  employerUscc?: string | null;
  tags?: string[] | null;
}

export interface DepartureChange {
  personId: string;
  movedOutOn: string;
}

export interface EndRegistrationChange {
  personId: string;
  status: string;
  effectiveOn: string;
}

const f = (name: string) => `change.${name}`;

function active(current: Record<string, unknown>, personId: string): void {
  if (current.status !== 'ACTIVE') {
    throw badUserInput(`person ${personId} is ${String(current.status).toLowerCase()}: the registration has ended`, { field: f('personId') });
  }
}

function checkNewPerson(person: NewPerson, now: Date): Record<string, FieldValue> {
  const id = validateResidentIdNumber(String(person.idNumber ?? ''), { today: localDate(now) });
  if (!id.ok) throw badUserInput(`change.newPerson.idNumber is not a resident ID number (GB 11643): ${id.reason}`, { field: 'change.newPerson.idNumber' });
  const birthDate = checkDate(person.birthDate, 'change.newPerson.birthDate', now);
  if (birthDate !== id.birthDate) {
    throw badUserInput(`change.newPerson.birthDate ${birthDate} differs from the ID number's ${id.birthDate}`, { field: 'change.newPerson.birthDate' });
  }
  const gender = checkEnum(person.gender, 'change.newPerson.gender', GENDERS);
  if (gender !== id.gender)
    throw badUserInput(`change.newPerson.gender ${gender} differs from the ID number's (${id.gender})`, { field: 'change.newPerson.gender' });
  return {
    name: checkText(person.name, 'change.newPerson.name', 50),
    idNumber: id.normalized,
    gender,
    birthDate,
    ...(present(person.ethnicity) ? { ethnicity: checkText(person.ethnicity, 'change.newPerson.ethnicity', 20) } : {}),
    householdRegistration: checkText(person.householdRegistration, 'change.newPerson.householdRegistration', 200),
  };
}

/** Person ids are P + 9 digits in creation order; the advisory lock orders concurrent registrations. */
async function nextPersonId(tx: SqlClient): Promise<string> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('gridshare.person_id'))`);
  // Ids are P and nine digits, so the greatest is the last of that range in the primary key's index:
  // one index probe, where MAX over the parsed number read the whole table (the benchmark's
  // registrations ran at a few per second on the medium city, each holding the lock meanwhile).
  const { rows } = await tx.query<{ id: string }>(
    `SELECT "id" FROM "person" WHERE "id" BETWEEN 'P000000000' AND 'P999999999' AND length("id") = 10 ORDER BY "id" DESC LIMIT 1`,
  );
  return `P${String(rows[0] ? Number(rows[0].id.slice(1)) + 1 : 1).padStart(9, '0')}`;
}

export const registerArrival: WriteOperation<ArrivalChange> = {
  name: 'registerArrival',
  descriptor: PERSON,
  writes: ['name', 'idNumber', 'gender', 'birthDate', 'ethnicity', 'householdRegistration', 'residence', 'residenceType', 'movedInOn', 'movedOutOn', 'phone'],
  prepare(change, { now }): PreparedChange {
    if (present(change.personId) === present(change.newPerson)) {
      throw badUserInput('give either change.personId (a person on record) or change.newPerson (a first registration), not both or neither', {
        field: f('personId'),
      });
    }
    const house = checkHouseCode(change.houseCode, f('houseCode'));
    const movedInOn = checkDate(change.movedInOn, f('movedInOn'), now);
    const values: Record<string, FieldValue> = {
      residence: house.code,
      residenceType: checkEnum(change.residenceType, f('residenceType'), RESIDENCE_TYPES),
      movedInOn,
      ...(present(change.phone) ? { phone: checkPhone(change.phone, f('phone')) } : {}),
    };
    const base = {
      gridCode: house.gridCode,
      kind: 'ARRIVED',
      effectiveOn: movedInOn,
      derived: { grid_code: { value: house.gridCode, sqlType: 'text' } },
      // The house is the housing register's: asked whether it exists (kit/src/records/references.ts).
      references: [{ kind: 'house' as const, code: house.code, field: f('houseCode') }],
    };
    if (change.newPerson) {
      const person = checkNewPerson(change.newPerson, now);
      if (movedInOn < String(person.birthDate)) throw badUserInput(`change.movedInOn ${movedInOn} is before the person was born`, { field: f('movedInOn') });
      return {
        ...base,
        entityKey: null,
        values: { ...person, ...values },
        // Not collected (a grid worker may not even read it): left empty for the registrar to fill in.
        derived: person.ethnicity === undefined ? { ethnicity: { value: '', sqlType: 'text' } } : {},
        newKey: nextPersonId,
        beforeCreate: async (tx) => {
          const { rows } = await tx.query<{ id: string }>(`SELECT "id" FROM "person" WHERE "id_number" = $1`, [person.idNumber]);
          if (rows[0]) {
            throw badUserInput(`change.newPerson.idNumber is already registered (person ${rows[0].id}): register the arrival with change.personId`, {
              field: 'change.newPerson.idNumber',
            });
          }
        },
      };
    }
    const personId = checkPersonId(change.personId, f('personId'));
    return {
      ...base,
      entityKey: personId,
      values: { ...values, movedOutOn: null },
      invariants: (current) => {
        active(current, personId);
        // One house at a time: a move is a departure from the old house first (走有注销).
        if (current.house_code) {
          throw badUserInput(`person ${personId} lives in house ${current.house_code} since ${current.moved_in_on}: record the departure first`, {
            field: f('personId'),
          });
        }
        if (current.moved_out_on && movedInOn < String(current.moved_out_on)) {
          throw badUserInput(`change.movedInOn ${movedInOn} is before the person left the last house (${current.moved_out_on})`, { field: f('movedInOn') });
        }
        if (movedInOn < String(current.birth_date))
          throw badUserInput(`change.movedInOn ${movedInOn} is before the person was born`, { field: f('movedInOn') });
      },
    };
  },
};

export const updateParticulars: WriteOperation<ParticularsChange> = {
  name: 'updatePersonParticulars',
  descriptor: PERSON,
  writes: ['name', 'phone', 'ethnicity', 'householdRegistration', 'residenceType', 'employer', 'tags'],
  prepare(change): PreparedChange {
    const personId = checkPersonId(change.personId, f('personId'));
    const values: Record<string, FieldValue> = {};
    if (present(change.name)) values.name = checkText(change.name, f('name'), 50);
    if (present(change.phone)) values.phone = checkPhone(change.phone, f('phone'));
    if (present(change.ethnicity)) values.ethnicity = checkText(change.ethnicity, f('ethnicity'), 20);
    if (present(change.householdRegistration)) values.householdRegistration = checkText(change.householdRegistration, f('householdRegistration'), 200);
    if (present(change.residenceType)) values.residenceType = checkEnum(change.residenceType, f('residenceType'), RESIDENCE_TYPES);
    if (present(change.employerUscc)) values.employer = checkCreditCode(change.employerUscc, f('employerUscc'));
    if (present(change.tags)) {
      const tags = change.tags!.map((t, i) => checkEnum(t, `${f('tags')}.${i}`, PERSON_TAGS));
      values.tags = [...new Set(tags)].sort();
    }
    if (Object.keys(values).length === 0) throw badUserInput('change: give at least one particular to change', { field: 'change' });
    return {
      entityKey: personId,
      kind: 'UPDATED',
      effectiveOn: null,
      values,
      references: values.employer ? [{ kind: 'legalEntity', code: String(values.employer), field: f('employerUscc') }] : [],
      invariants: (current) => active(current, personId),
    };
  },
};

export const recordDeparture: WriteOperation<DepartureChange> = {
  name: 'recordDeparture',
  descriptor: PERSON,
  writes: ['residence', 'movedOutOn'],
  prepare(change, { now }): PreparedChange {
    const personId = checkPersonId(change.personId, f('personId'));
    const movedOutOn = checkDate(change.movedOutOn, f('movedOutOn'), now);
    return {
      entityKey: personId,
      kind: 'DEPARTED',
      effectiveOn: movedOutOn,
      values: { residence: null, movedOutOn },
      invariants: (current) => {
        active(current, personId);
        if (!current.house_code) throw badUserInput(`person ${personId} has no residence to leave`, { field: f('personId') });
        if (current.moved_in_on && movedOutOn < String(current.moved_in_on)) {
          throw badUserInput(`change.movedOutOn ${movedOutOn} is before the person moved in (${current.moved_in_on})`, { field: f('movedOutOn') });
        }
      },
    };
  },
};

export const endRegistration: WriteOperation<EndRegistrationChange> = {
  name: 'endPersonRegistration',
  descriptor: PERSON,
  writes: ['status', 'residence', 'movedOutOn'],
  prepare(change, { now }): PreparedChange {
    const personId = checkPersonId(change.personId, f('personId'));
    const status = checkEnum(change.status, f('status'), ['DECEASED', 'CANCELLED'] as const);
    const effectiveOn = checkDate(change.effectiveOn, f('effectiveOn'), now);
    return {
      entityKey: personId,
      kind: status === 'DECEASED' ? 'DIED' : 'CANCELLED',
      effectiveOn,
      values: { status },
      // A death or a cancellation ends the residence too, on the same day, if there is one.
      valuesFor: (current): Record<string, FieldValue> => (current.house_code ? { residence: null, movedOutOn: effectiveOn } : {}),
      mayWrite: ['residence', 'movedOutOn'],
      invariants: (current) => {
        active(current, personId);
        if (effectiveOn < String(current.birth_date))
          throw badUserInput(`change.effectiveOn ${effectiveOn} is before the person was born`, { field: f('effectiveOn') });
      },
    };
  },
};

export const PERSON_OPERATIONS = { arrival: registerArrival, particulars: updateParticulars, departure: recordDeparture, endRegistration };
