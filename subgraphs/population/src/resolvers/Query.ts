import { badUserInput } from '../../../kit/src/errors';
import { gridFilterPrefix } from '../../../kit/src/grid-filter';
import { gridScopedWhere } from '../../../kit/src/row-scope';
import { validateResidentIdNumber } from '../../../kit/src/identifiers/resident-id';
import { parsePageRequest, toConnection } from '../../../kit/src/pagination';
import { primeAll } from '../../../kit/src/loaders';
import type { PopulationContext } from '../loaders';

export const Query = {
  person: (_: unknown, args: { id: string }, ctx: PopulationContext) => ctx.loaders.personById.load(args.id),

  personByIdNumber: (_: unknown, args: { idNumber: string }, ctx: PopulationContext) => {
    const checked = validateResidentIdNumber(args.idNumber);
    if (!checked.ok) throw badUserInput(`idNumber is not a valid resident ID number: ${checked.reason}`, { argument: 'idNumber' });
    return ctx.loaders.personByIdNumber.load(args.idNumber.toUpperCase());
  },

  persons: async (
    _: unknown,
    args: { gridCode: string; first?: number; after?: string },
    ctx: PopulationContext,
  ) => {
    const prefix = gridFilterPrefix(args.gridCode);
    const page = parsePageRequest(args);
    // Persons living there: a death or a cancelled registration takes a person off the list (person(id) still finds them).
    const where = { ...gridScopedWhere(prefix, ctx.access.rowPrefixes('Person')), status: 'ACTIVE' as const };
    const rows = await ctx.db.prisma.person.findMany({
      where: page.afterKey ? { ...where, id: { gt: page.afterKey } } : where,
      orderBy: { id: 'asc' },
      take: page.take + 1,
    });
    primeAll(ctx.loaders.personById, rows, (p) => p.id);
    return toConnection(rows, page, (p) => p.id, (p) => p, () => ctx.db.prisma.person.count({ where }));
  },
};
