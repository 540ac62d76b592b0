import { badUserInput } from '../../../../platform/errors';
import { checkDate, checkEnum, checkHouseCode, checkPersonId, present } from '../../../kit/src/records/checks';
import type { FieldValue, RecordDescriptor } from '../../../kit/src/records/descriptor';
import type { PreparedChange, WriteOperation } from '../../../kit/src/records/operations';

/**
 * The housing register's writes: a house's use, occupancy and owner, and its rental registration
 * (出租屋登记: landlord, registered on; the tenants are the persons the population register has
 * living in it). Persons are another register's: a person id is checked for its form here and asked
 * for through the gateway before the write applies (kit/src/records/references.ts).
 */

export const HOUSE: RecordDescriptor = {
  entityType: 'House',
  table: 'house',
  keyColumn: 'code',
  gridColumn: 'grid_code',
  fields: {
    use: { column: 'use', sqlType: '"HouseUse"' },
    occupancy: { column: 'occupancy', sqlType: '"Occupancy"' },
    owner: { column: 'owner_person_id', sqlType: 'text' },
    rentalRegisteredOn: { column: 'rental_registered_on', sqlType: 'date' },
    landlord: { column: 'landlord_person_id', sqlType: 'text' },
  },
};

const HOUSE_USES = ['RESIDENTIAL', 'SHOP', 'FACTORY', 'WAREHOUSE', 'OFFICE', 'MIXED'] as const;
const f = (name: string) => `change.${name}`;

export interface HouseChange {
  houseCode: string;
  use?: string | null;
  occupancy?: string | null;
  ownerPersonId?: string | null;
}

export interface RentalChange {
  houseCode: string;
  landlordPersonId: string;
  registeredOn: string;
}

export interface RentalEndChange {
  houseCode: string;
  endedOn: string;
  occupancy: string;
}

export const changeHouse: WriteOperation<HouseChange> = {
  name: 'changeHouse',
  descriptor: HOUSE,
  writes: ['use', 'occupancy', 'owner'],
  prepare(change): PreparedChange {
    const { code } = checkHouseCode(change.houseCode, f('houseCode'));
    const values: Record<string, FieldValue> = {};
    if (present(change.use)) values.use = checkEnum(change.use, f('use'), HOUSE_USES);
    if (present(change.occupancy)) {
      values.occupancy = checkEnum(change.occupancy, f('occupancy'), ['SELF_OCCUPIED', 'VACANT'] as const);
    }
    if (present(change.ownerPersonId)) values.owner = checkPersonId(change.ownerPersonId, f('ownerPersonId'));
    if (Object.keys(values).length === 0) throw badUserInput('change: give at least one of use, occupancy, ownerPersonId', { field: 'change' });
    return {
      entityKey: code,
      kind: 'UPDATED',
      effectiveOn: null,
      values,
      references: values.owner ? [{ kind: 'person', code: String(values.owner), field: f('ownerPersonId') }] : [],
      invariants: (current) => {
        // A let house stays RENTED until its registration ends (endRental), so the register never
        // shows a rental registration on a house marked vacant.
        if (values.occupancy && current.rental_registered_on) {
          throw badUserInput(
            `house ${code} is registered as a rental since ${current.rental_registered_on}: end the rental (endRental) to change its occupancy`,
            { field: f('occupancy') },
          );
        }
      },
    };
  },
};

export const registerRental: WriteOperation<RentalChange> = {
  name: 'registerRental',
  descriptor: HOUSE,
  writes: ['occupancy', 'landlord', 'rentalRegisteredOn'],
  prepare(change, { now }): PreparedChange {
    const { code } = checkHouseCode(change.houseCode, f('houseCode'));
    const registeredOn = checkDate(change.registeredOn, f('registeredOn'), now);
    const landlord = checkPersonId(change.landlordPersonId, f('landlordPersonId'));
    return {
      entityKey: code,
      kind: 'RENTAL_REGISTERED',
      effectiveOn: registeredOn,
      values: { occupancy: 'RENTED', landlord, rentalRegisteredOn: registeredOn },
      references: [{ kind: 'person', code: landlord, field: f('landlordPersonId') }],
      invariants: (current) => {
        if (current.rental_registered_on) {
          throw badUserInput(`house ${code} is already registered as a rental since ${current.rental_registered_on}`, { field: f('houseCode') });
        }
      },
    };
  },
};

export const endRental: WriteOperation<RentalEndChange> = {
  name: 'endRental',
  descriptor: HOUSE,
  writes: ['occupancy', 'landlord', 'rentalRegisteredOn'],
  prepare(change, { now }): PreparedChange {
    const { code } = checkHouseCode(change.houseCode, f('houseCode'));
    const endedOn = checkDate(change.endedOn, f('endedOn'), now);
    const occupancy = checkEnum(change.occupancy, f('occupancy'), ['SELF_OCCUPIED', 'VACANT'] as const);
    return {
      entityKey: code,
      kind: 'RENTAL_ENDED',
      effectiveOn: endedOn,
      values: { occupancy, landlord: null, rentalRegisteredOn: null },
      invariants: (current) => {
        if (!current.rental_registered_on) throw badUserInput(`house ${code} has no rental registration to end`, { field: f('houseCode') });
        if (endedOn < String(current.rental_registered_on)) {
          throw badUserInput(`change.endedOn ${endedOn} is before the rental was registered (${current.rental_registered_on})`, { field: f('endedOn') });
        }
      },
    };
  },
};

export const HOUSE_OPERATIONS = { house: changeHouse, rental: registerRental, rentalEnd: endRental };
