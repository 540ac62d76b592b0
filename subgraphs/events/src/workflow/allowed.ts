import type { GraphQLError } from 'graphql';
import type { EventsDomain } from '../domain';
import { badUserInput, forbidden } from '../errors';
import type { EventRow } from '../prisma';
import { EventAction, NEXT_ACTIONS, transitionRefusal } from './actions';
import type { Actor } from './actors';
import { authorizationRefusal, WorkflowAction } from './permissions';

/**
 * Whether a caller may take a step on an event now: the one rule behind both the mutations
 * (`decide` throws the refusal) and `Event.nextActions` (lists the steps without one), so what a
 * client is offered and what it is allowed can never disagree. Checked in this order: the state
 * machine, who the caller is, and whether the event's category leaves the step possible at all.
 * What the caller then sends (a reason, a number of days) is checked by `decide` alone.
 */
export function refusalOf(event: EventRow, action: WorkflowAction, actor: Actor, domain: EventsDomain): GraphQLError | null {
  const transition = transitionRefusal(event.id, event.status, action);
  if (transition) return transition;
  const refusal = authorizationRefusal(action, actor, event);
  if (refusal) return forbidden(refusal.message, { reason: refusal.reason });
  return availabilityRefusal(event, action, domain);
}

/** The steps this caller may take next, in the state machine's order. */
export function allowedActions(event: EventRow, actor: Actor, domain: EventsDomain): EventAction[] {
  return NEXT_ACTIONS[event.status].filter((action) => action !== 'REPORT' && refusalOf(event, action, actor, domain) === null);
}

/** An extension needs a category that allows one, with extra days still left. */
function availabilityRefusal(event: EventRow, action: WorkflowAction, domain: EventsDomain): GraphQLError | null {
  if (action !== 'REQUEST_EXTENSION') return null;
  const category = domain.catalogue.byCode.get(event.categoryCode);
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
