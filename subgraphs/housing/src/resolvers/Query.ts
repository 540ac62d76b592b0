import { gridFilterPrefix } from '../../../kit/src/grid-filter';
import { gridScopedWhere } from '../../../kit/src/row-scope';
import { primeAll } from '../../../kit/src/loaders';
import { parsePageRequest, toConnection } from '../../../kit/src/pagination';
import type { HousingContext } from '../loaders';

export const Query = {
  building: (_: unknown, args: { code: string }, ctx: HousingContext) => ctx.loaders.buildingByCode.load(args.code),
  house: (_: unknown, args: { code: string }, ctx: HousingContext) => ctx.loaders.houseByCode.load(args.code),
  buildings: async (_: unknown, args: { gridCode: string; first?: number; after?: string }, ctx: HousingContext) => {
    const prefix = gridFilterPrefix(args.gridCode);
    const page = parsePageRequest(args);
    const where = gridScopedWhere(prefix, ctx.access.rowPrefixes('Building'));
    const rows = await ctx.db.prisma.building.findMany({
      where: page.afterKey ? { ...where, code: { gt: page.afterKey } } : where,
      orderBy: { code: 'asc' },
      take: page.take + 1,
    });
    primeAll(ctx.loaders.buildingByCode, rows, (b) => b.code);
    return toConnection(rows, page, (b) => b.code, (b) => b, () => ctx.db.prisma.building.count({ where }));
  },
};
