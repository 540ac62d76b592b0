import type { RecordDescriptor } from '../../../kit/src/records/descriptor';

/** The person table as the shared write path sees it: every writable field and its column. */
export const PERSON: RecordDescriptor = {
  entityType: 'Person',
  table: 'person',
  keyColumn: 'id',
  gridColumn: 'grid_code',
  fields: {
    name: { column: 'name', sqlType: 'text' },
    idNumber: { column: 'id_number', sqlType: 'text' },
    gender: { column: 'gender', sqlType: '"Gender"' },
    birthDate: { column: 'birth_date', sqlType: 'date' },
    ethnicity: { column: 'ethnicity', sqlType: 'text' },
    phone: { column: 'phone', sqlType: 'text' },
    householdRegistration: { column: 'household_registration', sqlType: 'text' },
    residenceType: { column: 'residence_type', sqlType: '"ResidenceType"' },
    movedInOn: { column: 'moved_in_on', sqlType: 'date' },
    residence: { column: 'house_code', sqlType: 'text' },
    movedOutOn: { column: 'moved_out_on', sqlType: 'date' },
    status: { column: 'status', sqlType: '"PersonStatus"' },
    employer: { column: 'employer_uscc', sqlType: 'text' },
    tags: { column: 'tags', sqlType: '"PersonTag"[]' },
  },
};

export const RESIDENCE_TYPES = ['REGISTERED', 'MIGRANT', 'FOREIGN'] as const;
export const GENDERS = ['MALE', 'FEMALE'] as const;
export const PERSON_TAGS = ['ELDERLY_ALONE', 'DISABILITY', 'PRESCHOOL_CHILD', 'SCHOOL_AGE', 'LOW_INCOME', 'VETERAN', 'KEY_PERSON'] as const;
