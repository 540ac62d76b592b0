import { GRID_COMMAND } from '../catalogue/departments';
import type { EventsDomain } from '../domain';
import { forbidden } from '../errors';
import type { EventRow } from '../prisma';
import { EventAction, MUTATION_OF } from './actions';
import { Actor, channelOf, describeActor, Role, SERVICE_CHANNELS } from './actors';
import { coversGrid } from '../../../../platform/jurisdiction';
import { atOrAbove, commandLevelOf, LEVEL_NAMES } from './command-levels';
import type { Refusal } from './refusal';
import { respondentRefusal } from './supervision-respondents';

/**
 * Who may take each step of the loop on an event: by role, department, command level, jurisdiction
 * and the event's own history. A refusal names its reason (audited as a denial reason) and says why.
 */

export type WorkflowAction = Exclude<EventAction, 'REPORT'>;

/** The roles an action needs, checked before the event is read. */
const ROLES_FOR: Record<WorkflowAction, readonly string[]> = {
  REGISTER: [Role.DISPATCHER],
  REJECT: [Role.DISPATCHER],
  DISPATCH: [Role.DISPATCHER],
  DIRECT_ANSWER: [Role.DISPATCHER],
  HAND_UP: [Role.DISPATCHER, Role.LEADER],
  HAND_DOWN: [Role.DISPATCHER, Role.LEADER],
  SUPERVISE: [Role.DISPATCHER, Role.LEADER],
  RESPOND_SUPERVISION: [Role.HANDLER, Role.LEADER, Role.DISPATCHER],
  ACCEPT: [Role.HANDLER],
  RETURN: [Role.HANDLER],
  REQUEST_EXTENSION: [Role.HANDLER],
  SUBMIT_HANDLING: [Role.HANDLER],
  REPORT_PROGRESS: [Role.HANDLER],
  SUBMIT_CO_HANDLING: [Role.HANDLER],
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

const wrongDepartment = (message: string): Refusal => ({ reason: 'WRONG_DEPARTMENT', message });

/** Command steps are the holding command centre's: grid-command, at the event's command level. */
function commandCentreRefusal(name: string, actor: Actor, event: EventRow, levelRule: 'holding' | 'holding-or-above'): Refusal | null {
  if (actor.department !== GRID_COMMAND) return wrongDepartment(`${name} is for the grid command centre (grid-command); you are ${describeActor(actor)}`);
  const level = commandLevelOf(actor);
  const fits = levelRule === 'holding' ? level === event.commandLevel : atOrAbove(level, event.commandLevel);
  if (fits) return null;
  const who = levelRule === 'holding' ? LEVEL_NAMES[event.commandLevel] : `${LEVEL_NAMES[event.commandLevel]} or a level above it`;
  return {
    reason: 'WRONG_COMMAND_LEVEL',
    message: `${name}: event ${event.id} is held by ${LEVEL_NAMES[event.commandLevel]} (${event.commandLevel}); only ${who} may do this, you act for ${LEVEL_NAMES[level]}`,
  };
}

/** Why `actor` may not take `action` on `event`, whatever its state; null when it may. */
export function authorizationRefusal(action: WorkflowAction, actor: Actor, event: EventRow, domain: EventsDomain): Refusal | null {
  const role = roleRefusal(action, actor);
  if (role) return role;
  const name = MUTATION_OF[action];
  if (!coversGrid(actor, event.gridCode)) {
    return { reason: 'OUT_OF_JURISDICTION', message: `${name}: event ${event.id} lies in grid ${event.gridCode}, outside your jurisdiction` };
  }
  switch (action) {
    case 'REGISTER':
    case 'REJECT':
    case 'DISPATCH':
    case 'DIRECT_ANSWER':
    case 'HAND_UP':
    case 'HAND_DOWN':
      return commandCentreRefusal(name, actor, event, 'holding');
    case 'SUPERVISE':
      // A level supervises what it holds and what the levels below it hold.
      return commandCentreRefusal(name, actor, event, 'holding-or-above');
    case 'RESPOND_SUPERVISION':
      return respondentRefusal(actor, event, domain);
    case 'ACCEPT':
    case 'RETURN':
    case 'REQUEST_EXTENSION':
    case 'SUBMIT_HANDLING':
    case 'REPORT_PROGRESS':
      return actor.department === event.department
        ? null
        : wrongDepartment(`${name}: event ${event.id} is assigned to ${event.department ?? 'no department'}, not ${actor.department}`);
    case 'SUBMIT_CO_HANDLING':
      return event.coHandlerDepartments.includes(actor.department)
        ? null
        : wrongDepartment(
            `${name}: ${actor.department} is not a co-handler of event ${event.id} (co-handlers: ${event.coHandlerDepartments.join(', ') || 'none'})`,
          );
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
