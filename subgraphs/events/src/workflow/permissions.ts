import { GRID_COMMAND } from '../catalogue/departments';
import { forbidden } from '../errors';
import type { EventRow } from '../prisma';
import { EventAction, MUTATION_OF } from './actions';
import { Actor, channelOf, coversGrid, describeActor, Role, SERVICE_CHANNELS } from './actors';

/**
 * Who may take each step of the loop on an event: by role, department, jurisdiction and the event's
 * own history. A refusal names its reason (audited as a denial reason) and says why in words.
 */

export type WorkflowAction = Exclude<EventAction, 'REPORT'>;

export type RefusalReason =
  | 'WRONG_ROLE'
  | 'OUT_OF_JURISDICTION'
  | 'WRONG_DEPARTMENT'
  /** On-site checks are for the command centre's grid worker of the event's grid. */
  | 'NOT_THE_GRIDS_WORKER'
  /** Nobody checks handling they submitted themselves. */
  | 'SEPARATION_OF_DUTIES'
  /** Ratings come from the reporter, or from the channel that took the report. */
  | 'NOT_THE_REPORTER';

export interface Refusal {
  reason: RefusalReason;
  message: string;
}

/** The roles an action needs, checked before the event is read. */
const ROLES_FOR: Record<WorkflowAction, readonly string[]> = {
  REGISTER: [Role.DISPATCHER],
  REJECT: [Role.DISPATCHER],
  DISPATCH: [Role.DISPATCHER],
  ACCEPT: [Role.HANDLER],
  RETURN: [Role.HANDLER],
  REQUEST_EXTENSION: [Role.HANDLER],
  SUBMIT_HANDLING: [Role.HANDLER],
  DECIDE_EXTENSION: [Role.LEADER],
  VERIFY: [Role.GRID_WORKER],
  // The roles that report (grid worker, channel service, video-patrol dispatcher): only reporters rate.
  EVALUATE: [Role.GRID_WORKER, Role.REPORTER_SERVICE, Role.DISPATCHER],
};

function roleRefusal(action: WorkflowAction, actor: Actor): Refusal | null {
  const roles = ROLES_FOR[action];
  if (actor.role && roles.includes(actor.role)) return null;
  return { reason: 'WRONG_ROLE', message: `${MUTATION_OF[action]} needs the role ${roles.join(' or ')}; you are ${describeActor(actor)}` };
}

export function authorizeRole(action: WorkflowAction, actor: Actor): void {
  const refusal = roleRefusal(action, actor);
  if (refusal) throw forbidden(refusal.message, { reason: refusal.reason });
}

/** Why `actor` may not take `action` on `event`, whatever its state; null when it may. */
export function authorizationRefusal(action: WorkflowAction, actor: Actor, event: EventRow): Refusal | null {
  const role = roleRefusal(action, actor);
  if (role) return role;
  const name = MUTATION_OF[action];
  if (!coversGrid(actor, event.gridCode)) {
    return { reason: 'OUT_OF_JURISDICTION', message: `${name}: event ${event.id} lies in grid ${event.gridCode}, outside your jurisdiction` };
  }
  const wrongDepartment = (message: string): Refusal => ({ reason: 'WRONG_DEPARTMENT', message });
  switch (action) {
    case 'REGISTER':
    case 'REJECT':
    case 'DISPATCH':
      return actor.department === GRID_COMMAND ? null : wrongDepartment(`${name} is for grid-command dispatchers; you are ${describeActor(actor)}`);
    case 'ACCEPT':
    case 'RETURN':
    case 'REQUEST_EXTENSION':
    case 'SUBMIT_HANDLING':
      return actor.department === event.department
        ? null
        : wrongDepartment(`${name}: event ${event.id} is assigned to ${event.department ?? 'no department'}, not ${actor.department}`);
    case 'DECIDE_EXTENSION':
      return actor.department === event.department || actor.department === GRID_COMMAND
        ? null
        : wrongDepartment(`${name} is for leaders of ${event.department} or of grid-command; you are ${describeActor(actor)}`);
    case 'VERIFY':
      return verifierRefusal(actor, event);
    case 'EVALUATE':
      return evaluatorRefusal(actor, event);
  }
}

/**
 * 核查 is the grid's own grid worker's: a grid-command grid worker whose token names the grid (a
 * city-wide grid-worker token names none), never the handling department, and never whoever
 * submitted the handling (that matters where grid-command itself handles, as for mediation).
 */
function verifierRefusal(actor: Actor, event: EventRow): Refusal | null {
  const own = `the on-site check is for the grid's own grid worker (a grid-command grid worker of grid ${event.gridCode})`;
  if (actor.department !== GRID_COMMAND) {
    const handling = actor.department === event.department ? ', the handling department' : '';
    return { reason: 'NOT_THE_GRIDS_WORKER', message: `verifyEvent: ${own}; you are ${describeActor(actor)}${handling}` };
  }
  if (actor.jurisdiction.length === 0) {
    return { reason: 'NOT_THE_GRIDS_WORKER', message: `verifyEvent: ${own}; your token names no grid` };
  }
  if (event.handledBy !== null && actor.user === event.handledBy) {
    return {
      reason: 'SEPARATION_OF_DUTIES',
      message: `verifyEvent: you submitted the handling of event ${event.id} yourself; another grid worker of grid ${event.gridCode} must check it`,
    };
  }
  return null;
}

/**
 * A rating is the reporter's: the same worker or dispatcher who reported, or, for citizens' reports,
 * the service of the channel that took the report (the department recorded on the event, speaking
 * for that channel), which relays the citizen's verdict.
 */
function evaluatorRefusal(actor: Actor, event: EventRow): Refusal | null {
  const sameChannel = channelOf(actor) === event.channel && actor.department === event.reporterDepartment;
  const isService = Object.values(SERVICE_CHANNELS).includes(event.channel);
  if (sameChannel && (isService || actor.user === event.reporterUser)) return null;
  const who = isService
    ? `only its channel's service (reporter-service of ${event.reporterDepartment}) may rate it`
    : `only the ${event.channel === 'VIDEO_PATROL' ? 'dispatcher' : 'grid worker'} who reported it may rate it`;
  return { reason: 'NOT_THE_REPORTER', message: `evaluateEvent: event ${event.id} came through ${event.channel}; ${who}; you are ${describeActor(actor)}` };
}
