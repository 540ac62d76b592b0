import type { Caller } from '../../../kit/src/caller-token';
import { isWithinGridCode, validateGridCode } from '../../../kit/src/identifiers/grid-code';
import { GRID_COMMAND } from '../catalogue/departments';
import { forbidden } from '../errors';
import type { EventRow } from '../prisma';
import { EventAction, EventChannel } from '../../prisma/generated/enums';
import { MUTATION_OF } from './actions';

/** The roles a caller token carries for the events workflow. */
export const Role = {
  GRID_WORKER: 'grid-worker',
  DISPATCHER: 'dispatcher',
  HANDLER: 'handler',
  LEADER: 'leader',
  /** A channel's system (12345 hotline, WeChat 随手拍, 110 transfer) reporting on citizens' behalf. */
  REPORTER_SERVICE: 'reporter-service',
} as const;

/** Which department's service identity speaks for which channel. */
export const SERVICE_CHANNELS: Readonly<Record<string, EventChannel>> = {
  'hotline-12345': 'HOTLINE_12345',
  wechat: 'WECHAT',
  'public-security': 'NON_EMERGENCY_110',
};

export type Actor = Pick<Caller, 'user' | 'department' | 'jurisdiction' | 'role'>;

/**
 * An empty jurisdiction is city-wide (as in the caller token). An entry may be a grid code of any
 * level (a town's "449900101000" covers its grids) or a bare code prefix.
 */
export function coversGrid(actor: Actor, gridCode: string): boolean {
  if (actor.jurisdiction.length === 0) return true;
  return actor.jurisdiction.some((entry) =>
    validateGridCode(entry).ok ? isWithinGridCode(gridCode, entry) : gridCode.startsWith(entry),
  );
}

function describe(actor: Actor): string {
  return `${actor.role ?? 'no role'} of ${actor.department}`;
}

/** The channel a report comes through, from who sends it; anyone else may not report. */
export function reportingChannel(actor: Actor): EventChannel {
  if (actor.role === Role.GRID_WORKER) return 'GRID_WORKER';
  if (actor.role === Role.REPORTER_SERVICE && SERVICE_CHANNELS[actor.department]) return SERVICE_CHANNELS[actor.department]!;
  // The command centre watches the video patrol feeds and reports what it sees itself.
  if (actor.role === Role.DISPATCHER && actor.department === GRID_COMMAND) return 'VIDEO_PATROL';
  throw forbidden(
    `reportEvent needs a grid worker, a channel service (${Object.keys(SERVICE_CHANNELS).join(', ')}) or a grid-command dispatcher; you are ${describe(actor)}`,
  );
}

/** The roles an action needs, checked before the event is read. */
const ROLES_FOR: Record<Exclude<EventAction, 'REPORT'>, readonly string[]> = {
  REGISTER: [Role.DISPATCHER],
  REJECT: [Role.DISPATCHER],
  DISPATCH: [Role.DISPATCHER],
  ACCEPT: [Role.HANDLER],
  RETURN: [Role.HANDLER],
  REQUEST_EXTENSION: [Role.HANDLER],
  SUBMIT_HANDLING: [Role.HANDLER],
  DECIDE_EXTENSION: [Role.LEADER],
  VERIFY: [Role.GRID_WORKER],
  EVALUATE: [Role.GRID_WORKER, Role.REPORTER_SERVICE, Role.DISPATCHER, Role.LEADER],
};

export function authorizeRole(action: Exclude<EventAction, 'REPORT'>, actor: Actor): void {
  const roles = ROLES_FOR[action];
  if (actor.role && roles.includes(actor.role)) return;
  throw forbidden(`${MUTATION_OF[action]} needs the role ${roles.join(' or ')}; you are ${describe(actor)}`);
}

/** Department and jurisdiction rules, which depend on the event. */
export function authorizeOnEvent(action: Exclude<EventAction, 'REPORT'>, actor: Actor, event: EventRow): void {
  authorizeRole(action, actor);
  const name = MUTATION_OF[action];
  if (!coversGrid(actor, event.gridCode)) {
    throw forbidden(`${name}: event ${event.id} lies in grid ${event.gridCode}, outside your jurisdiction`);
  }
  switch (action) {
    case 'REGISTER':
    case 'REJECT':
    case 'DISPATCH':
      if (actor.department !== GRID_COMMAND) throw forbidden(`${name} is for grid-command dispatchers; you are ${describe(actor)}`);
      return;
    case 'ACCEPT':
    case 'RETURN':
    case 'REQUEST_EXTENSION':
    case 'SUBMIT_HANDLING':
      if (actor.department !== event.department) {
        throw forbidden(`${name}: event ${event.id} is assigned to ${event.department ?? 'no department'}, not ${actor.department}`);
      }
      return;
    case 'DECIDE_EXTENSION':
      if (actor.department !== event.department && actor.department !== GRID_COMMAND) {
        throw forbidden(`${name} is for leaders of ${event.department} or of grid-command; you are ${describe(actor)}`);
      }
      return;
    case 'VERIFY':
      return;
    case 'EVALUATE': {
      const isReporter =
        actor.department === event.reporterDepartment && (actor.role === Role.REPORTER_SERVICE || actor.user === event.reporterUser);
      const isCommand = actor.department === GRID_COMMAND && (actor.role === Role.DISPATCHER || actor.role === Role.LEADER);
      if (!isReporter && !isCommand) {
        throw forbidden(`${name} is for whoever reported event ${event.id} or for grid-command; you are ${describe(actor)}`);
      }
      return;
    }
  }
}
