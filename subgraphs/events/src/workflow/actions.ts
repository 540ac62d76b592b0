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
  DIRECT_ANSWER: 'answerEventDirectly',
  HAND_UP: 'handUpEvent',
  HAND_DOWN: 'handDownEvent',
  SUPERVISE: 'superviseEvent',
  RESPOND_SUPERVISION: 'respondToSupervision',
  REPORT_PROGRESS: 'reportEventProgress',
  SUBMIT_CO_HANDLING: 'submitCoHandling',
};

/**
 * The closed loop as a state machine: report → register (or reject) → dispatch → accept (or return,
 * then dispatch again) → [request and decide an extension] → submit handling → on-site verification
 * (close, or reopen for the same department) → evaluation.
 * Submitting while an extension request is pending is allowed: finishing early makes it moot.
 *
 * Beside the loop: a consultation may be answered directly (直接答办, closing it at once); the command
 * centre holding the command steps may hand them up or down a level; a running step may be supervised
 * (督办) and its supervision answered; an extended item reports progress; co-handlers of a joint
 * dispatch (一事双责) submit their parts. A dissatisfied evaluation (≤ 2) reopens the event (see decide).
 */
const SUPERVISED: readonly EventAction[] = ['SUPERVISE', 'RESPOND_SUPERVISION'];
const COMMAND_SIDE: readonly EventAction[] = ['HAND_UP', 'HAND_DOWN', ...SUPERVISED];
const HANDLING_SIDE: readonly EventAction[] = ['REPORT_PROGRESS', 'SUBMIT_CO_HANDLING', ...SUPERVISED];

export const NEXT_ACTIONS: Record<EventStatus, readonly EventAction[]> = {
  REPORTED: ['REGISTER', 'REJECT', 'DIRECT_ANSWER', ...COMMAND_SIDE],
  REGISTERED: ['DISPATCH', 'REJECT', 'DIRECT_ANSWER', ...COMMAND_SIDE],
  REJECTED: [],
  DISPATCHED: ['ACCEPT', 'RETURN', ...HANDLING_SIDE],
  ACCEPTED: ['REQUEST_EXTENSION', 'SUBMIT_HANDLING', ...HANDLING_SIDE],
  EXTENSION_REQUESTED: ['DECIDE_EXTENSION', 'SUBMIT_HANDLING', ...HANDLING_SIDE],
  RETURNED: ['DISPATCH', ...COMMAND_SIDE],
  HANDLED: ['VERIFY'],
  CLOSED: ['EVALUATE'],
  EVALUATED: [],
};

/** The command centre's own clock runs (register, or dispatch a registered or returned event). */
export const COMMAND_STATUSES: readonly EventStatus[] = ['REPORTED', 'REGISTERED', 'RETURNED'];
/** The assigned department's clock runs (lights are live). */
export const ACTIVE_STATUSES: readonly EventStatus[] = ['DISPATCHED', 'ACCEPTED', 'EXTENSION_REQUESTED'];
/** Handling was submitted: the clock stopped, the light is final. */
export const FINISHED_STATUSES: readonly EventStatus[] = ['HANDLED', 'CLOSED', 'EVALUATED'];
export const CLOSED_STATUSES: readonly EventStatus[] = ['CLOSED', 'EVALUATED'];

/** Steps that leave the status as it is: an error names the steps that move the event on. */
const BESIDE_THE_LOOP = new Set<EventAction>([...COMMAND_SIDE, ...HANDLING_SIDE]);

/** Why `action` cannot follow the event's current status (naming the steps that can), or null. */
export function transitionRefusal(eventId: string, status: EventStatus, action: EventAction): GraphQLError | null {
  const allowed = NEXT_ACTIONS[status];
  if (allowed.includes(action)) return null;
  const moving = allowed.filter((a) => !BESIDE_THE_LOOP.has(a));
  const next = allowed.length ? `allowed next steps: ${moving.map((a) => MUTATION_OF[a]).join(', ')}` : 'it is final: no further steps';
  return badUserInput(`Cannot ${MUTATION_OF[action]}: event ${eventId} is ${status}; ${next}`, {
    currentStatus: status,
    allowedNextSteps: allowed.map((a) => MUTATION_OF[a]),
  });
}
