import { randomUUID } from 'node:crypto';
import { GRID_COMMAND, isDepartmentId } from '../catalogue/departments';
import { badUserInput, conflict, forbidden, notFound } from '../errors';
import type { EventsPrisma } from '../prisma';
import { Actor, describeActor, Role } from '../workflow/actors';
import { coversGrid } from '../../../../platform/jurisdiction';
import { checkGridCodeLength, quoted } from '../workflow/input';

/**
 * 一格多员: the people who work a base grid. Its full-time grid worker is the grid command centre's
 * (assigned by a grid-command leader); departments assign their own members to the grids they work
 * (by their leaders). Assignments are never deleted: ending one sets `until`, so who worked a grid
 * when stays answerable.
 */

export const DUTIES = ['FULL_TIME', 'DEPARTMENT_MEMBER'] as const;
export type Duty = (typeof DUTIES)[number];

const USER = /^[A-Za-z0-9._@-]{2,100}$/;

function authorizeAssigner(actor: Actor, duty: string, gridCode: string): void {
  if (actor.role !== Role.LEADER) {
    throw forbidden(`grid assignments are made by leaders; you are ${describeActor(actor)}`, { reason: 'WRONG_ROLE' });
  }
  if (duty === 'FULL_TIME' && actor.department !== GRID_COMMAND) {
    throw forbidden(`a grid's full-time grid worker is the grid command centre's to assign; you are ${describeActor(actor)}`, { reason: 'WRONG_DEPARTMENT' });
  }
  if (!isDepartmentId(actor.department)) {
    throw forbidden(`${actor.department} does not work grids`, { reason: 'WRONG_DEPARTMENT' });
  }
  if (!coversGrid(actor, gridCode)) {
    throw forbidden(`grid ${gridCode} is outside your jurisdiction (${actor.jurisdiction.join(', ')})`, { reason: 'OUT_OF_JURISDICTION' });
  }
}

/** refreshReferences: reads the owners' feeds once before a grid is refused as unknown (it may be new). */
export async function assignGridWorker(
  prisma: EventsPrisma,
  actor: Actor,
  input: { gridCode: string; user: string; duty: Duty },
  now: Date,
  refreshReferences: () => Promise<unknown> = async () => undefined,
) {
  checkGridCodeLength(input.gridCode, 'gridCode', 'field');
  if (!USER.test(input.user)) throw badUserInput(`user ${quoted(input.user)} must be 2-100 letters, digits or . _ @ -`, { field: 'user' });
  authorizeAssigner(actor, input.duty, input.gridCode);
  const findGrid = () => prisma.gridReference.findUnique({ where: { code: input.gridCode } });
  let grid = await findGrid();
  if (!grid) {
    await refreshReferences();
    grid = await findGrid();
  }
  if (!grid || grid.level !== 'GRID') throw badUserInput(`gridCode: there is no base grid ${input.gridCode}`, { field: 'gridCode' });
  const active = await prisma.gridWorkerAssignment.findMany({ where: { gridCode: input.gridCode, OR: [{ until: null }, { until: { gt: now } }] } });
  const fullTime = active.find((a) => a.duty === 'FULL_TIME');
  if (input.duty === 'FULL_TIME' && fullTime) {
    throw conflict(`grid ${input.gridCode} already has its full-time grid worker ${fullTime.user} (assignment ${fullTime.id}); end that assignment first`);
  }
  if (active.some((a) => a.user === input.user && a.department === actor.department)) {
    throw conflict(`${input.user} already works grid ${input.gridCode} for ${actor.department}`);
  }
  return prisma.gridWorkerAssignment.create({
    data: { id: randomUUID(), gridCode: input.gridCode, user: input.user, department: actor.department, duty: input.duty, since: now, assignedBy: actor.user },
  });
}

export async function endGridWorkerAssignment(prisma: EventsPrisma, actor: Actor, id: string, now: Date) {
  if (!/^[A-Za-z0-9-]{1,60}$/.test(id)) throw badUserInput(`id ${quoted(id)} is not an assignment id`, { field: 'id' });
  const assignment = await prisma.gridWorkerAssignment.findUnique({ where: { id } });
  if (!assignment || (assignment.until !== null && assignment.until <= now)) throw notFound(`there is no current grid assignment ${id}`);
  authorizeAssigner(actor, assignment.duty, assignment.gridCode);
  if (assignment.department !== actor.department) {
    throw forbidden(`assignment ${id} is ${assignment.department}'s; you are ${describeActor(actor)}`, { reason: 'WRONG_DEPARTMENT' });
  }
  return prisma.gridWorkerAssignment.update({ where: { id }, data: { until: now } });
}
