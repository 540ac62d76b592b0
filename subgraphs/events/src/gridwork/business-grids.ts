import { isDepartmentId } from '../catalogue/departments';
import { badUserInput, forbidden } from '../errors';
import type { EventsPrisma } from '../prisma';
import { Actor, describeActor, Role } from '../workflow/actors';
import { coversGrid } from '../../../../platform/jurisdiction';
import { quoted, requiredText } from '../workflow/input';

/**
 * Department business grids (专业网格) laid over the base grids: a police district (警务区), a fire
 * grid, a market-supervision area, each a named set of base grids, so that a department's own map
 * and the city's grid map line up. Defined and redefined by the department's leaders, within their
 * jurisdiction; another department's business grid is not theirs to change.
 */

const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const KIND = /^[A-Z][A-Z_]{1,39}$/;
const GRIDS_MAX = 200;

export async function defineBusinessGrid(
  prisma: EventsPrisma,
  actor: Actor,
  input: { code: string; kind: string; name: string; gridCodes: string[] },
  now: Date,
  /** Reads the owners' feeds once before a grid is refused as unknown (it may be new). */
  refreshReferences: () => Promise<unknown> = async () => undefined,
) {
  if (actor.role !== Role.LEADER || !isDepartmentId(actor.department)) {
    throw forbidden(`business grids are defined by a department's leaders; you are ${describeActor(actor)}`, { reason: 'WRONG_ROLE' });
  }
  if (input.code.length > 60 || !CODE.test(input.code))
    throw badUserInput(`code ${quoted(input.code)} must be lower-case letters, digits and dashes (at most 60)`, { field: 'code' });
  if (!KIND.test(input.kind))
    throw badUserInput(`kind ${quoted(input.kind)} must be upper-case letters and underscores, e.g. POLICE_DISTRICT`, { field: 'kind' });
  const name = requiredText(input.name, 'name', 50);
  const gridCodes = [...new Set(input.gridCodes)];
  if (gridCodes.length === 0 || gridCodes.length > GRIDS_MAX)
    throw badUserInput(`gridCodes: 1 to ${GRIDS_MAX} base grids, got ${gridCodes.length}`, { field: 'gridCodes' });
  const bad = gridCodes.find((code) => !/^\d{15}$/.test(code));
  if (bad) throw badUserInput(`gridCodes: ${quoted(bad)} is not a base grid code (15 digits)`, { field: 'gridCodes' });
  const outside = gridCodes.find((code) => !coversGrid(actor, code));
  if (outside) throw forbidden(`gridCodes: grid ${outside} is outside your jurisdiction`, { reason: 'OUT_OF_JURISDICTION' });
  const knownGrids = async () =>
    new Set((await prisma.gridReference.findMany({ where: { code: { in: gridCodes }, level: 'GRID' }, select: { code: true } })).map((g) => g.code));
  let known = await knownGrids();
  if (gridCodes.some((code) => !known.has(code))) {
    await refreshReferences();
    known = await knownGrids();
  }
  const unknown = gridCodes.find((code) => !known.has(code));
  if (unknown) throw badUserInput(`gridCodes: there is no base grid ${unknown}`, { field: 'gridCodes' });
  return prisma.$transaction(async (tx) => {
    const existing = await tx.businessGrid.findUnique({ where: { code: input.code } });
    if (existing && existing.department !== actor.department) {
      throw forbidden(`business grid ${input.code} is ${existing.department}'s`, { reason: 'WRONG_DEPARTMENT' });
    }
    await tx.businessGridMember.deleteMany({ where: { businessGridCode: input.code } });
    const grid = await tx.businessGrid.upsert({
      where: { code: input.code },
      create: { code: input.code, department: actor.department, kind: input.kind, name, definedAt: now, definedBy: actor.user },
      update: { kind: input.kind, name, definedAt: now, definedBy: actor.user },
    });
    await tx.businessGridMember.createMany({ data: gridCodes.map((gridCode) => ({ businessGridCode: input.code, gridCode })) });
    return grid;
  });
}
