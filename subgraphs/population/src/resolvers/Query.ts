import { badUserInput } from '../../../../platform/errors';
import { gridFilterPrefix } from '../../../kit/src/grid-filter';
import { gridScopedWhere } from '../../../kit/src/row-scope';
import { validateResidentIdNumber } from '../../../../platform/identifiers/resident-id';
import { parsePageRequest, toConnection } from '../../../kit/src/pagination';
import { primeAll } from '../../../kit/src/loaders';
import type { QueryResolvers } from '../generated/resolver-types';
import { localDateOf } from '../population-stats';
import { personFilters } from '../person-filters';

export const Query: QueryResolvers = {
  person: (_, args, ctx) => ctx.loaders.personById.load(args.id),

  personByIdNumber: (_, args, ctx) => {
    const checked = validateResidentIdNumber(args.idNumber);
    if (!checked.ok) throw badUserInput(`idNumber is not a valid resident ID number: ${checked.reason}`, { argument: 'idNumber' });
    return ctx.loaders.personByIdNumber.load(args.idNumber.toUpperCase());
  },

  persons: async (_, args, ctx) => {
    const prefix = gridFilterPrefix(args.gridCode);
    const page = parsePageRequest(args);
    const filters = personFilters(args, localDateOf(ctx.now()));
    // Persons living there: a death or a cancelled registration takes a person off the list (person(id) still finds them).
    const scoped = { ...gridScopedWhere(prefix, ctx.access.rowPrefixes('Person')), status: 'ACTIVE' as const };
    const where = filters ? { AND: [scoped, filters] } : scoped;
    const rows = await ctx.db.prisma.person.findMany({
      where: page.afterKey ? { AND: [where, { id: { gt: page.afterKey } }] } : where,
      orderBy: { id: 'asc' },
      take: page.take + 1,
    });
    primeAll(ctx.loaders.personById, rows, (p) => p.id);
    return toConnection(
      rows,
      page,
      (p) => p.id,
      (p) => p,
      () => ctx.db.prisma.person.count({ where }),
    );
  },
};
