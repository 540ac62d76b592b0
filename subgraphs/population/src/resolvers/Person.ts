import { isoDate } from '../../../../platform/dates';
import { recordHistory } from '../../../kit/src/records/history';
import type { PersonResolvers } from '../generated/resolver-types';

export const Person: PersonResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.personById.load(ref.id),
  birthDate: (person) => isoDate(person.birthDate),
  movedInOn: (person) => isoDate(person.movedInOn),
  residence: (person) => (person.houseCode ? { __typename: 'House', code: person.houseCode } : null),
  employer: (person) => (person.employerUscc ? { __typename: 'LegalEntity', uscc: person.employerUscc } : null),
  movedOutOn: (person) => isoDate(person.movedOutOn),
  history: (person, args, ctx) => recordHistory(ctx, 'Person', person, person.id, args.first),
};
