import { badUserInput } from '../../../../platform/errors';
import { gridFilterPrefix } from '../../../kit/src/grid-filter';
import { gridScopedWhere } from '../../../kit/src/row-scope';
import { validateCreditCode } from '../../../../platform/identifiers/credit-code';
import { primeAll } from '../../../kit/src/loaders';
import { parsePageRequest, toConnection } from '../../../kit/src/pagination';
import type { QueryResolvers } from '../generated/resolver-types';
import { entityFilters } from '../entity-filters';

export const Query: QueryResolvers = {
  legalEntity: (_, args, ctx) => {
    const checked = validateCreditCode(args.uscc);
    if (!checked.ok) throw badUserInput(`uscc is not a valid unified social credit code: ${checked.reason}`, { argument: 'uscc' });
    return ctx.loaders.entityByUscc.load(args.uscc);
  },
  legalEntities: async (_, args, ctx) => {
    const prefix = gridFilterPrefix(args.gridCode);
    const page = parsePageRequest(args);
    const filters = entityFilters(args);
    const scoped = gridScopedWhere(prefix, ctx.access.rowPrefixes('LegalEntity'));
    const where = filters ? { AND: [scoped, filters] } : scoped;
    const rows = await ctx.db.prisma.legalEntity.findMany({
      where: page.afterKey ? { AND: [where, { uscc: { gt: page.afterKey } }] } : where,
      orderBy: { uscc: 'asc' },
      take: page.take + 1,
    });
    primeAll(ctx.loaders.entityByUscc, rows, (e) => e.uscc);
    return toConnection(
      rows,
      page,
      (e) => e.uscc,
      (e) => e,
      () => ctx.db.prisma.legalEntity.count({ where }),
    );
  },
};
