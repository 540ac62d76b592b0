import type { GraphQLError } from 'graphql';
import { EventAction, EventStatus } from '../../prisma/generated/enums';
import { badUserInput } from '../errors';

export { EventAction, EventStatus };

/** The mutation that performs each action, so errors name what the client can actually call. */
export const MUTATION_OF: Record<EventAction, string> = {
  REPORT: 'reportEvent',
  REGISTER: 'registerEvent',
  REJECT: 'rejectEvent',
  DISPATCH: 'dispatchEvent',
  ACCEPT: 'acceptEvent',
  RETURN: 'returnEvent',
  REQUEST_EXTENSION: 'requestExtension',
  DECIDE_EXTENSION: 'decideExtension',
  SUBMIT_HANDLING: 'submitHandling',
  VERIFY: 'verifyEvent',
  EVALUATE: 'evaluateEvent',
};

/**
 * The closed loop as a state machine: report → register (or reject) → dispatch → accept (or return,
 * then dispatch again) → [request and decide an extension] → submit handling → on-site verification
 * (close, or reopen for the same department) → evaluation.
 * Submitting while an extension request is pending is allowed: finishing early makes it moot.
 */
export const NEXT_ACTIONS: Record<EventStatus, readonly EventAction[]> = {
  REPORTED: ['REGISTER', 'REJECT'],
  REGISTERED: ['DISPATCH', 'REJECT'],
  REJECTED: [],
  DISPATCHED: ['ACCEPT', 'RETURN'],
  ACCEPTED: ['REQUEST_EXTENSION', 'SUBMIT_HANDLING'],
  EXTENSION_REQUESTED: ['DECIDE_EXTENSION', 'SUBMIT_HANDLING'],
  RETURNED: ['DISPATCH'],
  HANDLED: ['VERIFY'],
  CLOSED: ['EVALUATE'],
  EVALUATED: [],
};

/** The assigned department's clock runs (lights are live). */
export const ACTIVE_STATUSES: readonly EventStatus[] = ['DISPATCHED', 'ACCEPTED', 'EXTENSION_REQUESTED'];
/** Handling was submitted: the clock stopped, the light is final. */
export const FINISHED_STATUSES: readonly EventStatus[] = ['HANDLED', 'CLOSED', 'EVALUATED'];
export const CLOSED_STATUSES: readonly EventStatus[] = ['CLOSED', 'EVALUATED'];

/** Why `action` cannot follow the event's current status (naming the steps that can), or null. */
export function transitionRefusal(eventId: string, status: EventStatus, action: EventAction): GraphQLError | null {
  const allowed = NEXT_ACTIONS[status];
  if (allowed.includes(action)) return null;
  const next = allowed.length ? `allowed next steps: ${allowed.map((a) => MUTATION_OF[a]).join(', ')}` : 'it is final: no further steps';
  return badUserInput(`Cannot ${MUTATION_OF[action]}: event ${eventId} is ${status}; ${next}`, {
    currentStatus: status,
    allowedNextSteps: allowed.map((a) => MUTATION_OF[a]),
  });
}
