import { gridFilterPrefix } from '../../../kit/src/grid-filter';
import { gridScopedWhere } from '../../../kit/src/row-scope';
import { primeAll } from '../../../kit/src/loaders';
import { parsePageRequest, toConnection } from '../../../kit/src/pagination';
import type { QueryResolvers } from '../generated/resolver-types';
import { houseFilters } from '../house-filters';

export const Query: QueryResolvers = {
  building: (_, args, ctx) => ctx.loaders.buildingByCode.load(args.code),
  house: (_, args, ctx) => ctx.loaders.houseByCode.load(args.code),
  buildings: async (_, args, ctx) => {
    const prefix = gridFilterPrefix(args.gridCode);
    const page = parsePageRequest(args);
    const scoped = gridScopedWhere(prefix, ctx.access.rowPrefixes('Building'));
    const where = args.use ? { AND: [scoped, { use: args.use }] } : scoped;
    const rows = await ctx.db.prisma.building.findMany({
      where: page.afterKey ? { AND: [where, { code: { gt: page.afterKey } }] } : where,
      orderBy: { code: 'asc' },
      take: page.take + 1,
    });
    primeAll(ctx.loaders.buildingByCode, rows, (b) => b.code);
    return toConnection(
      rows,
      page,
      (b) => b.code,
      (b) => b,
      () => ctx.db.prisma.building.count({ where }),
    );
  },
  houses: async (_, args, ctx) => {
    const prefix = gridFilterPrefix(args.gridCode);
    const page = parsePageRequest(args);
    const filters = houseFilters(args);
    const scoped = gridScopedWhere(prefix, ctx.access.rowPrefixes('House'));
    const where = filters ? { AND: [scoped, filters] } : scoped;
    const rows = await ctx.db.prisma.house.findMany({
      where: page.afterKey ? { AND: [where, { code: { gt: page.afterKey } }] } : where,
      orderBy: { code: 'asc' },
      take: page.take + 1,
    });
    primeAll(ctx.loaders.houseByCode, rows, (h) => h.code);
    return toConnection(
      rows,
      page,
      (h) => h.code,
      (h) => h,
      () => ctx.db.prisma.house.count({ where }),
    );
  },
};
