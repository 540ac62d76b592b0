import { GRID_COMMAND } from '../catalogue/departments';
import type { EventRow } from '../prisma';
import { ACTIVE_STATUSES, COMMAND_STATUSES } from './actions';

/**
 * The step an open event waits at, whose clock drives its light and its supervision: the command
 * centre's register or dispatch step, or the assigned department's contact and handling limits.
 *
 * `stage` names the step so that a rule raises each supervision level once per step: a new dispatch,
 * a return, a redo or an escalation starts a new step (and a fresh ladder of supervision), whereas an
 * extension or a hand-over between command levels does not.
 */
export interface RunningStep {
  stage: string;
  /** The department holding the step: the assigned one, or grid-command for its own steps. */
  holder: string;
  warnAt: Date;
  deadline: Date;
}

type StepFields = Pick<
  EventRow,
  | 'status'
  | 'department'
  | 'dispatchCount'
  | 'returnCount'
  | 'redoCount'
  | 'escalationCount'
  | 'acceptedAt'
  | 'contactWarnAt'
  | 'contactDeadline'
  | 'handleWarnAt'
  | 'handleDeadline'
  | 'commandWarnAt'
  | 'commandDeadline'
>;

const earlier = (a: Date, b: Date) => (a.getTime() <= b.getTime() ? a : b);

export function stageOf(event: StepFields): string | null {
  if (event.status === 'REPORTED') return 'register';
  if (COMMAND_STATUSES.includes(event.status)) {
    return `dispatch:${event.dispatchCount}.${event.returnCount}.${event.redoCount}.${event.escalationCount}`;
  }
  if (ACTIVE_STATUSES.includes(event.status)) return `handle:${event.dispatchCount}`;
  return null;
}

export function runningStep(event: StepFields): RunningStep | null {
  const stage = stageOf(event);
  if (stage === null) return null;
  if (COMMAND_STATUSES.includes(event.status)) {
    if (!event.commandDeadline || !event.commandWarnAt) return null;
    return { stage, holder: GRID_COMMAND, warnAt: event.commandWarnAt, deadline: event.commandDeadline };
  }
  if (!event.handleDeadline || !event.handleWarnAt || !event.department) return null;
  // Until the department has made contact, the contact limit runs too (and usually ends first).
  const contact = event.acceptedAt === null && event.contactDeadline && event.contactWarnAt;
  return {
    stage,
    holder: event.department,
    warnAt: contact ? earlier(event.contactWarnAt!, event.handleWarnAt) : event.handleWarnAt,
    deadline: contact ? earlier(event.contactDeadline!, event.handleDeadline) : event.handleDeadline,
  };
}
