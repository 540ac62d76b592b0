import type { GraphQLError } from 'graphql';
import type { EventsDomain } from '../domain';
import { badUserInput, forbidden } from '../errors';
import type { EventRow } from '../prisma';
import { EventAction, NEXT_ACTIONS, transitionRefusal } from './actions';
import type { Actor } from './actors';
import { levelAbove, levelBelow } from './command-levels';
import { authorizationRefusal, WorkflowAction } from './permissions';
import { runningStep } from './steps';

/**
 * Whether a caller may take a step on an event now: the one rule behind both the mutations
 * (`decide` throws the refusal) and `Event.nextActions` (lists the steps without one), so what a
 * client is offered and what it is allowed can never disagree. Checked in this order: the state
 * machine, who the caller is, and whether the event leaves the step possible at all.
 * What the caller then sends (a reason, a number of days) is checked by `decide` alone.
 */
export function refusalOf(event: EventRow, action: WorkflowAction, actor: Actor, domain: EventsDomain): GraphQLError | null {
  const transition = transitionRefusal(event.id, event.status, action);
  if (transition) return transition;
  const refusal = authorizationRefusal(action, actor, event, domain);
  if (refusal) return forbidden(refusal.message, { reason: refusal.reason });
  return availabilityRefusal(event, action, actor, domain);
}

/** The steps this caller may take next, in the state machine's order. */
export function allowedActions(event: EventRow, actor: Actor, domain: EventsDomain): EventAction[] {
  return NEXT_ACTIONS[event.status].filter((action) => action !== 'REPORT' && refusalOf(event, action, actor, domain) === null);
}

/** Whether the event's category, command level, supervision or co-handlers leave the step possible (for the caller's part, too). */
function availabilityRefusal(event: EventRow, action: WorkflowAction, actor: Actor, domain: EventsDomain): GraphQLError | null {
  const category = domain.catalogue.byCode.get(event.categoryCode);
  switch (action) {
    case 'REQUEST_EXTENSION': {
      if (!category) return badUserInput(`Event ${event.id} has category ${event.categoryCode}, which the catalogue no longer lists`, { field: 'workingDays' });
      if (!category.extension.allowed) {
        return badUserInput(`Category ${category.code} (${category.name}) does not allow extensions`, { field: 'workingDays' });
      }
      if (category.extension.maxWorkingDays! - event.extensionDays < 1) {
        return badUserInput(`Event ${event.id} already has the ${category.extension.maxWorkingDays} extra working days its category allows`, {
          field: 'workingDays',
        });
      }
      return null;
    }
    case 'DIRECT_ANSWER':
      return category?.directAnswer
        ? null
        : badUserInput(`Category ${event.categoryCode} is not a consultation a dispatcher may answer directly; register and dispatch it`, { field: 'id' });
    case 'HAND_UP':
      return levelAbove(event.commandLevel)
        ? null
        : badUserInput(`Event ${event.id} is already held by the city command centre: there is no level above`, { field: 'id' });
    case 'HAND_DOWN':
      return levelBelow(event.commandLevel)
        ? null
        : badUserInput(`Event ${event.id} is held by the community's station: there is no level below`, { field: 'id' });
    case 'SUPERVISE':
      return runningStep(event) ? null : badUserInput(`Event ${event.id} has no running deadline to supervise`, { field: 'id' });
    case 'RESPOND_SUPERVISION':
      return event.supervisionOpenLevels.length > 0 ? null : badUserInput(`No supervision of event ${event.id} awaits an answer`, { field: 'id' });
    case 'REPORT_PROGRESS':
      return event.extensionDays > 0
        ? null
        : badUserInput(`Event ${event.id} is not an extended item: progress reports ("1-5-10") are for items granted an extension`, { field: 'id' });
    case 'SUBMIT_CO_HANDLING':
      return event.coHandlersPending.includes(actor.department)
        ? null
        : badUserInput(`${actor.department} has already submitted its part of event ${event.id}`, { field: 'id' });
    case 'SUBMIT_HANDLING':
      return event.coHandlersPending.length === 0
        ? null
        : badUserInput(`Event ${event.id} waits for its co-handlers' parts (${event.coHandlersPending.join(', ')}) before the lead submits the handling`, {
            field: 'id',
          });
    default:
      return null;
  }
}
