import type { Prisma } from '../prisma/generated/client';
import type { BuildingUse, HouseUse, Occupancy } from '../prisma/generated/enums';

interface PageArgs {
  gridCode: string;
  first?: number | null;
  after?: string | null;
}

export interface BuildingListArgs extends PageArgs {
  use?: BuildingUse | null;
}

export interface HouseListArgs extends PageArgs {
  use?: HouseUse | null;
  occupancy?: Occupancy | null;
  rentalRegistered?: boolean | null;
}

/** The `where` for a houses list's filters (undefined when none is given). */
export function houseFilters(args: HouseListArgs): Prisma.HouseWhereInput | undefined {
  const conditions: Prisma.HouseWhereInput[] = [];
  if (args.use) conditions.push({ use: args.use });
  if (args.occupancy) conditions.push({ occupancy: args.occupancy });
  if (args.rentalRegistered !== undefined && args.rentalRegistered !== null) {
    conditions.push({ rentalRegisteredOn: args.rentalRegistered ? { not: null } : null });
  }
  return conditions.length > 0 ? { AND: conditions } : undefined;
}
