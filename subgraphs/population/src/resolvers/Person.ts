import { isoDate } from '../../../../platform/dates';
import { recordHistory } from '../../../kit/src/records/history';
import type { PopulationContext } from '../loaders';
import type { PersonRow } from '../prisma';

export const Person = {
  __resolveReference: (ref: { id: string }, ctx: PopulationContext) => ctx.loaders.personById.load(ref.id),
  birthDate: (person: PersonRow) => isoDate(person.birthDate),
  movedInOn: (person: PersonRow) => isoDate(person.movedInOn),
  residence: (person: PersonRow) => (person.houseCode ? { __typename: 'House', code: person.houseCode } : null),
  employer: (person: PersonRow) => (person.employerUscc ? { __typename: 'LegalEntity', uscc: person.employerUscc } : null),
  movedOutOn: (person: PersonRow) => isoDate(person.movedOutOn),
  history: (person: PersonRow, args: { first?: number }, ctx: PopulationContext) => recordHistory(ctx, 'Person', person as never, person.id, args.first),
};
