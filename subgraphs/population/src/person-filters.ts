import { ageArgument, birthDateBounds, checkRange, dateArgument } from '../../kit/src/list-filters';
import type { Prisma } from '../prisma/generated/client';
import type { Gender, PersonTag, ResidenceType } from '../prisma/generated/enums';

export interface PersonListArgs {
  gridCode: string;
  tag?: PersonTag | null;
  ageMin?: number | null;
  ageMax?: number | null;
  gender?: Gender | null;
  residenceType?: ResidenceType | null;
  movedInFrom?: string | null;
  movedInTo?: string | null;
  first?: number | null;
  after?: string | null;
}

/**
 * The `where` for a persons list's filters (undefined when none is given), checked first: a bad
 * value is BAD_USER_INPUT naming its argument. Ages are counted on `today`, the request's local
 * date, and become birth-date bounds so that the birth-date index serves them.
 */
export function personFilters(args: PersonListArgs, today: string): Prisma.PersonWhereInput | undefined {
  const ageMin = ageArgument(args.ageMin, 'ageMin');
  const ageMax = ageArgument(args.ageMax, 'ageMax');
  checkRange(ageMin, ageMax, 'ageMin', 'ageMax');
  const movedInFrom = dateArgument(args.movedInFrom, 'movedInFrom');
  const movedInTo = dateArgument(args.movedInTo, 'movedInTo');
  checkRange(movedInFrom, movedInTo, 'movedInFrom', 'movedInTo');
  const conditions: Prisma.PersonWhereInput[] = [];
  if (args.tag) conditions.push({ tags: { has: args.tag } });
  if (args.gender) conditions.push({ gender: args.gender });
  if (args.residenceType) conditions.push({ residenceType: args.residenceType });
  if (ageMin !== undefined || ageMax !== undefined) conditions.push({ birthDate: birthDateBounds(today, ageMin, ageMax) });
  if (movedInFrom || movedInTo) conditions.push({ movedInOn: { ...(movedInFrom ? { gte: movedInFrom } : {}), ...(movedInTo ? { lte: movedInTo } : {}) } });
  return conditions.length > 0 ? { AND: conditions } : undefined;
}
