import { localDate } from '../../../kit/src/calendar/working-calendar';
import { badUserInput } from '../../../../platform/errors';
import { validateGridCode } from '../../../../platform/identifiers/grid-code';
import { validateResidentIdNumber } from '../../../../platform/identifiers/resident-id';
import { checkCreditCode, checkDate, checkEnum, checkHouseCode, checkPersonId, checkText, present } from '../../../kit/src/records/checks';
import type { FieldValue, RecordDescriptor } from '../../../kit/src/records/descriptor';
import type { PreparedChange, WriteOperation } from '../../../kit/src/records/operations';
import type { Reference } from '../../../kit/src/records/references';

/**
 * The business register's writes (market regulation): register an entity, change its particulars,
 * its premises, deregister it (注销). A deregistered entity changes no more and gains no premises.
 * Addresses, houses and persons are other registers': their codes are checked for form (and an
 * address for its grid), the representative's ID number by GB 11643; addresses and premises are then
 * asked for through the gateway (kit/src/records/references.ts). The representative's person id is
 * not: market regulation may read no person rows, and a row grant cannot be narrowed to its service.
 */

export const LEGAL_ENTITY: RecordDescriptor = {
  entityType: 'LegalEntity',
  table: 'legal_entity',
  keyColumn: 'uscc',
  gridColumn: 'grid_code',
  fields: {
    name: { column: 'name', sqlType: 'text' },
    type: { column: 'type', sqlType: '"EntityType"' },
    legalRepresentative: { column: 'legal_representative_id', sqlType: 'text' },
    registeredAddress: { column: 'registered_address_code', sqlType: 'text' },
    businessAddress: { column: 'business_address_code', sqlType: 'text' },
    industry: { column: 'industry', sqlType: 'text' },
    staffCount: { column: 'staff_count', sqlType: 'int' },
    establishedOn: { column: 'established_on', sqlType: 'date' },
    licenceStatus: { column: 'licence_status', sqlType: '"LicenceStatus"' },
    workSafetyLevel: { column: 'work_safety_level', sqlType: '"WorkSafetyLevel"' },
    fireKeyUnit: { column: 'fire_key_unit', sqlType: 'boolean' },
    foodLicence: { column: 'food_licence', sqlType: 'text' },
    premises: { column: 'house_code', sqlType: 'text', child: { table: 'premises', ownerColumn: 'entity_uscc' } },
  },
};

const f = (name: string) => `change.${name}`;
const ENTITY_TYPES = ['COMPANY', 'INDIVIDUAL_BUSINESS', 'INSTITUTION', 'SOCIAL_ORGANIZATION'] as const;
const SAFETY_LEVELS = ['LOW', 'MEDIUM', 'HIGH', 'MAJOR_HAZARD'] as const;

export interface Representative {
  personId: string;
  name: string;
  idNumber: string;
}

export interface EntityChange {
  uscc: string;
  name?: string | null;
  type?: string | null;
  legalRepresentative?: Representative | null;
  registeredAddressCode?: string | null;
  businessAddressCode?: string | null;
  industry?: string | null;
  staffCount?: number | null;
  establishedOn?: string | null;
  licenceStatus?: string | null;
  workSafetyLevel?: string | null;
  fireKeyUnit?: boolean | null;
  foodLicence?: string | null;
}

function addressGrid(value: unknown, field: string): { code: string; gridCode: string } {
  const code = typeof value === 'string' ? value : '';
  const grid = /^\d{19}$/.test(code) ? validateGridCode(code.slice(0, 15)) : undefined;
  if (!grid?.ok || grid.level !== 'GRID') throw badUserInput(`${field} must be a standard address code: 19 digits, its grid's 15 and a number`, { field });
  return { code, gridCode: code.slice(0, 15) };
}

function checkRepresentative(rep: Representative, now: Date, establishedOn: string | null) {
  const id = validateResidentIdNumber(String(rep.idNumber ?? ''), { today: localDate(now) });
  if (!id.ok)
    throw badUserInput(`change.legalRepresentative.idNumber is not a resident ID number (GB 11643): ${id.reason}`, {
      field: 'change.legalRepresentative.idNumber',
    });
  // An entity's legal representative is an adult when it is founded (or when they take office).
  const from = establishedOn ?? localDate(now);
  const adultOn = `${Number(id.birthDate.slice(0, 4)) + 18}${id.birthDate.slice(4)}`;
  if (adultOn > from)
    throw badUserInput(`change.legalRepresentative: the representative is not 18 on ${from}`, { field: 'change.legalRepresentative.idNumber' });
  return {
    value: checkPersonId(rep.personId, 'change.legalRepresentative.personId'),
    derived: {
      legal_representative_name: { value: checkText(rep.name, 'change.legalRepresentative.name', 50), sqlType: 'text' },
      legal_representative_id_number: { value: id.normalized, sqlType: 'text' },
    },
  };
}

/** The values of an entity's particulars, from the fields the change gives. */
function particulars(change: EntityChange, now: Date) {
  const values: Record<string, FieldValue> = {};
  let derived: Record<string, { value: unknown; sqlType: string }> = {};
  let gridCode: string | undefined;
  if (present(change.name)) values.name = checkText(change.name, f('name'), 200);
  if (present(change.type)) values.type = checkEnum(change.type, f('type'), ENTITY_TYPES);
  if (present(change.industry)) values.industry = checkText(change.industry, f('industry'), 100);
  if (present(change.staffCount)) {
    if (!Number.isInteger(change.staffCount) || change.staffCount! < 0 || change.staffCount! > 1_000_000)
      throw badUserInput(`${f('staffCount')} must be a whole number from 0`, { field: f('staffCount') });
    values.staffCount = change.staffCount!;
  }
  if (present(change.establishedOn)) values.establishedOn = checkDate(change.establishedOn, f('establishedOn'), now);
  if (present(change.registeredAddressCode)) {
    const address = addressGrid(change.registeredAddressCode, f('registeredAddressCode'));
    values.registeredAddress = address.code;
    // An entity is under the grid of its registered address.
    gridCode = address.gridCode;
    derived.grid_code = { value: address.gridCode, sqlType: 'text' };
  }
  if (present(change.businessAddressCode)) values.businessAddress = addressGrid(change.businessAddressCode, f('businessAddressCode')).code;
  if (present(change.licenceStatus)) values.licenceStatus = checkEnum(change.licenceStatus, f('licenceStatus'), ['ACTIVE', 'SUSPENDED', 'REVOKED'] as const);
  if (present(change.workSafetyLevel)) values.workSafetyLevel = checkEnum(change.workSafetyLevel, f('workSafetyLevel'), SAFETY_LEVELS);
  if (present(change.fireKeyUnit)) {
    if (typeof change.fireKeyUnit !== 'boolean') throw badUserInput(`${f('fireKeyUnit')} must be true or false`, { field: f('fireKeyUnit') });
    values.fireKeyUnit = String(change.fireKeyUnit);
  }
  if (present(change.foodLicence)) values.foodLicence = checkText(change.foodLicence, f('foodLicence'), 50);
  if (present(change.legalRepresentative)) {
    const rep = checkRepresentative(change.legalRepresentative!, now, (values.establishedOn as string | undefined) ?? null);
    values.legalRepresentative = rep.value;
    derived = { ...derived, ...rep.derived };
  }
  const references: Reference[] = [];
  if (values.registeredAddress) references.push({ kind: 'address', code: String(values.registeredAddress), field: f('registeredAddressCode') });
  if (values.businessAddress) references.push({ kind: 'address', code: String(values.businessAddress), field: f('businessAddressCode') });
  return { values, derived, gridCode, references };
}

function notDeregistered(current: Record<string, unknown>, uscc: string, what: string): void {
  if (current.licence_status === 'DEREGISTERED') throw badUserInput(`${uscc} is deregistered: it ${what}`, { field: f('uscc') });
}

export const registerEntity: WriteOperation<EntityChange> = {
  name: 'registerLegalEntity',
  descriptor: LEGAL_ENTITY,
  writes: Object.keys(LEGAL_ENTITY.fields).filter((field) => field !== 'premises'),
  prepare(change, { now }): PreparedChange {
    const uscc = checkCreditCode(change.uscc, f('uscc'));
    const required: (keyof EntityChange)[] = [
      'name',
      'type',
      'legalRepresentative',
      'registeredAddressCode',
      'industry',
      'staffCount',
      'establishedOn',
      'workSafetyLevel',
      'fireKeyUnit',
    ];
    const missing = required.find((field) => !present(change[field]));
    if (missing) throw badUserInput(`${f(missing)} is required to register an entity`, { field: f(missing) });
    const { values, derived, gridCode, references } = particulars(change, now);
    return {
      entityKey: null,
      gridCode,
      kind: 'CREATED',
      effectiveOn: values.establishedOn as string,
      references,
      values: { ...values, licenceStatus: 'ACTIVE' },
      derived: Object.fromEntries(Object.entries(derived).filter(([c]) => c !== 'grid_code')),
      newKey: async () => uscc,
      beforeCreate: async (tx) => {
        const { rows } = await tx.query('SELECT 1 FROM "legal_entity" WHERE "uscc" = $1', [uscc]);
        if (rows[0]) throw badUserInput(`${f('uscc')} ${uscc} is already registered`, { field: f('uscc') });
      },
    };
  },
};

export const changeEntity: WriteOperation<EntityChange> = {
  name: 'changeLegalEntity',
  descriptor: LEGAL_ENTITY,
  writes: Object.keys(LEGAL_ENTITY.fields).filter((field) => field !== 'premises'),
  prepare(change, { now }): PreparedChange {
    const uscc = checkCreditCode(change.uscc, f('uscc'));
    const { values, derived, gridCode, references } = particulars(change, now);
    if (Object.keys(values).length === 0) throw badUserInput('change: give at least one particular to change', { field: 'change' });
    return {
      entityKey: uscc,
      gridCode,
      kind: 'UPDATED',
      effectiveOn: null,
      values,
      derived,
      references,
      invariants: (current) => notDeregistered(current, uscc, 'changes no more'),
    };
  },
};

export const setPremises: WriteOperation<{ uscc: string; houseCodes: string[] }> = {
  name: 'setLegalEntityPremises',
  descriptor: LEGAL_ENTITY,
  writes: ['premises'],
  prepare(change): PreparedChange {
    const uscc = checkCreditCode(change.uscc, f('uscc'));
    if (!Array.isArray(change.houseCodes) || change.houseCodes.length > 1000)
      throw badUserInput(`${f('houseCodes')} must list at most 1000 houses`, { field: f('houseCodes') });
    const checked = change.houseCodes.map((code, i) => ({ code: checkHouseCode(code, `${f('houseCodes')}.${i}`).code, field: `${f('houseCodes')}.${i}` }));
    const codes = [...new Set(checked.map((c) => c.code))].sort();
    return {
      entityKey: uscc,
      kind: 'PREMISES_CHANGED',
      effectiveOn: null,
      values: { premises: codes },
      references: [...new Map(checked.map((c) => [c.code, { kind: 'house' as const, code: c.code, field: c.field }])).values()],
      invariants: (current) => notDeregistered(current, uscc, 'cannot gain premises'),
    };
  },
};

export const deregisterEntity: WriteOperation<{ uscc: string; deregisteredOn: string }> = {
  name: 'deregisterLegalEntity',
  descriptor: LEGAL_ENTITY,
  writes: ['licenceStatus', 'premises'],
  prepare(change, { now }): PreparedChange {
    const uscc = checkCreditCode(change.uscc, f('uscc'));
    const on = checkDate(change.deregisteredOn, f('deregisteredOn'), now);
    return {
      entityKey: uscc,
      kind: 'DEREGISTERED',
      effectiveOn: on,
      values: { licenceStatus: 'DEREGISTERED', premises: [] },
      invariants: (current) => {
        notDeregistered(current, uscc, 'is deregistered already');
        if (on < String(current.established_on))
          throw badUserInput(`${f('deregisteredOn')} ${on} is before the entity was established`, { field: f('deregisteredOn') });
      },
    };
  },
};

export const ENTITY_OPERATIONS = { register: registerEntity, particulars: changeEntity, premises: setPremises, deregistration: deregisterEntity };
