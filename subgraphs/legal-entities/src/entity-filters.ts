import { textArgument } from '../../kit/src/list-filters';
import type { Prisma } from '../prisma/generated/client';
import type { EntityType, LicenceStatus } from '../prisma/generated/enums';

export interface EntityListArgs {
  gridCode: string;
  type?: EntityType | null;
  industry?: string | null;
  licenceStatus?: LicenceStatus | null;
  fireKeyUnit?: boolean | null;
  hasFoodLicence?: boolean | null;
  first?: number | null;
  after?: string | null;
}

/** The `where` for a legal-entities list's filters (undefined when none is given); a bad value is BAD_USER_INPUT naming it. */
export function entityFilters(args: EntityListArgs): Prisma.LegalEntityWhereInput | undefined {
  const industry = textArgument(args.industry, 'industry');
  const conditions: Prisma.LegalEntityWhereInput[] = [];
  if (args.type) conditions.push({ type: args.type });
  if (industry !== undefined) conditions.push({ industry });
  if (args.licenceStatus) conditions.push({ licenceStatus: args.licenceStatus });
  if (args.fireKeyUnit !== undefined && args.fireKeyUnit !== null) conditions.push({ fireKeyUnit: args.fireKeyUnit });
  if (args.hasFoodLicence !== undefined && args.hasFoodLicence !== null) {
    conditions.push({ foodLicence: args.hasFoodLicence ? { not: null } : null });
  }
  return conditions.length > 0 ? { AND: conditions } : undefined;
}
