import { GRID_COMMAND } from '../catalogue/departments';
import type { EventsDomain } from '../domain';
import type { EventRow } from '../prisma';
import { COMMAND_STATUSES } from './actions';
import { Actor, describeActor, Role } from './actors';
import { commandLevelOf, LEVEL_NAMES } from './command-levels';
import type { Refusal } from './refusal';

/**
 * Who answers a supervision (督办): whoever holds the supervised step. For the command centre's own
 * steps, a dispatcher or leader of the holding command centre; for a department's, a handler or
 * leader of that department. A level whose `respondent` is `leader` in supervision.yaml (责任主体交办:
 * assigned to the unit's leadership) is answered by the leader only.
 */

/** The open supervision levels this actor may answer (they must also be the step's holder). */
export function answerableLevels(actor: Actor, event: EventRow, domain: EventsDomain): number[] {
  if (actor.role === Role.LEADER) return [...event.supervisionOpenLevels];
  return event.supervisionOpenLevels.filter((level) => domain.supervision.levels.get(level)?.respondent === 'holder');
}

export function respondentRefusal(actor: Actor, event: EventRow, domain: EventsDomain): Refusal | null {
  const name = 'respondToSupervision';
  if (COMMAND_STATUSES.includes(event.status)) {
    const level = commandLevelOf(actor);
    if (actor.department !== GRID_COMMAND || actor.role === Role.HANDLER) {
      return { reason: 'WRONG_DEPARTMENT', message: `${name}: the command centre holds event ${event.id}'s step; you are ${describeActor(actor)}` };
    }
    if (level !== event.commandLevel) {
      return {
        reason: 'WRONG_COMMAND_LEVEL',
        message: `${name}: event ${event.id} is held by ${LEVEL_NAMES[event.commandLevel]}, which answers its supervision; you act for ${LEVEL_NAMES[level]}`,
      };
    }
  } else if (actor.department !== event.department || actor.role === Role.DISPATCHER) {
    return {
      reason: 'WRONG_DEPARTMENT',
      message: `${name}: event ${event.id} is assigned to ${event.department ?? 'no department'}, whose handlers and leaders answer its supervision; you are ${describeActor(actor)}`,
    };
  }
  if (event.supervisionOpenLevels.length > 0 && answerableLevels(actor, event, domain).length === 0) {
    return {
      reason: 'WRONG_ROLE',
      message: `${name}: what awaits an answer on event ${event.id} was assigned to the leadership; a leader must answer it, you are ${describeActor(actor)}`,
    };
  }
  return null;
}
