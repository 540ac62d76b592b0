import { addWorkingDays } from '../../../kit/src/calendar/working-calendar';
import type { EventsDomain } from '../domain';
import { badUserInput } from '../errors';
import type { EventRow } from '../prisma';
import type { Actor } from './actors';
import { refusalOf } from './allowed';
import { categoryOf, defaultDepartment } from './categories';
import { coHandlersOf } from './co-handlers';
import type { Command, Decision, Step } from './commands';
import { dispatchDeadlines, NO_COMMAND_CLOCK } from './deadlines';
import { clearedClock, dispatchClock, openDispatch } from './dispatching';
import { attachmentList, checkedDepartment, optionalText, requiredText, wholeNumberInRange } from './input';
import { evaluate, sideStep } from './side-steps';
import { stageOf } from './steps';

export type { CoHandlerInput, Command, Decision, Step, TimelineDraft, TransitionDraft } from './commands';
export { categoryOf, defaultDepartment } from './categories';

/**
 * The workflow as one pure function: given an event, a command, who gives it and when, it either
 * throws the error the caller should see or returns what changes. The resolvers persist a decision
 * in one transaction; the seed replays the same decisions to build realistic histories.
 */

const NO_SUPERVISION = { supervisionLevel: null, supervisionOpenLevels: [], supervisionDueAt: null };

export function decide(event: EventRow, command: Command, actor: Actor, now: Date, domain: EventsDomain): Decision {
  const refused = refusalOf(event, command.action, actor, domain);
  if (refused) throw refused;
  const step = apply(event, command, actor, now, domain);
  const patch: Partial<EventRow> = { ...step.patch, status: step.status };
  // A new step starts a fresh supervision ladder: what was raised belonged to the step just left.
  if (stageOf({ ...event, ...patch }) !== stageOf(event)) Object.assign(patch, NO_SUPERVISION);
  const department = patch.department !== undefined ? patch.department : event.department;
  return {
    patch,
    dispatch: step.dispatch,
    effects: step.effects ?? [],
    transition: {
      action: command.action,
      fromStatus: event.status,
      toStatus: step.status,
      department,
      note: step.note ?? null,
      details: step.details ?? null,
    },
  };
}

function apply(event: EventRow, command: Command, actor: Actor, now: Date, domain: EventsDomain): Step {
  switch (command.action) {
    case 'REGISTER': {
      const note = optionalText(command.note, 'note');
      const registered = { registeredAt: now, ...dispatchClock(domain, now) };
      if (!command.categoryCode || command.categoryCode === event.categoryCode) return { status: 'REGISTERED', patch: registered, note };
      const category = categoryOf(domain, command.categoryCode);
      return {
        status: 'REGISTERED',
        patch: { ...registered, categoryCode: category.code },
        note,
        details: { reclassifiedFrom: event.categoryCode, reclassifiedTo: category.code },
      };
    }
    case 'REJECT': {
      const reason = requiredText(command.reason, 'reason');
      if (command.duplicateOfId === event.id) throw badUserInput('An event cannot duplicate itself', { field: 'duplicateOfId' });
      return {
        status: 'REJECTED',
        patch: { rejectionReason: reason, duplicateOfId: command.duplicateOfId ?? null, ...NO_COMMAND_CLOCK },
        note: reason,
        details: command.duplicateOfId ? { duplicateOfId: command.duplicateOfId } : undefined,
      };
    }
    case 'DISPATCH':
      return dispatch(event, command, actor, now, domain);
    case 'ACCEPT': {
      const contactLate = event.contactDeadline !== null && now > event.contactDeadline;
      return {
        status: 'ACCEPTED',
        patch: { acceptedAt: now },
        dispatch: { update: { acceptedAt: now } },
        note: optionalText(command.note, 'note'),
        details: { contactLate },
      };
    }
    case 'RETURN': {
      const reason = requiredText(command.reason, 'reason');
      return {
        status: 'RETURNED',
        // The event is back with the command centre: no department, the command centre's clock runs.
        patch: {
          department: null,
          returnCount: event.returnCount + 1,
          returnedDepartments: [...event.returnedDepartments, event.department!],
          ...clearedClock(),
          ...dispatchClock(domain, now),
          coHandlerDepartments: [],
          coHandlersPending: [],
        },
        dispatch: { update: { returnedAt: now, returnReason: reason } },
        effects: event.coHandlerDepartments.length ? [{ kind: 'CANCEL_CO_HANDLERS', dispatchSequence: event.dispatchCount, at: now }] : [],
        note: reason,
        details: { returnedBy: event.department },
      };
    }
    case 'REQUEST_EXTENSION':
      return requestExtension(event, command, domain);
    case 'DECIDE_EXTENSION':
      return decideExtension(event, command, now, domain);
    case 'SUBMIT_HANDLING': {
      const result = requiredText(command.result, 'result');
      const attachments = attachmentList(command.attachments);
      const late = now > event.handleDeadline!;
      return {
        status: 'HANDLED',
        patch: {
          handledAt: now,
          handledLate: late,
          handledBy: actor.user,
          handlingResult: result,
          attachments,
          pendingExtensionDays: null,
          pendingExtensionNote: null,
          verifyDeadline: addWorkingDays(domain.calendar, now, domain.catalogue.commandCentre.verifyWorkingDays),
        },
        dispatch: { update: { handledAt: now, handledLate: late } },
        details: { late, ...(event.status === 'EXTENSION_REQUESTED' ? { withdrewExtensionRequest: true } : {}) },
      };
    }
    case 'VERIFY': {
      // Whether the check came by its deadline: what grid workers are assessed on.
      const onTime = event.verifyDeadline === null ? null : now <= event.verifyDeadline;
      if (command.passed) {
        return { status: 'CLOSED', patch: { closedAt: now }, note: optionalText(command.note, 'note'), details: { passed: true, onTime } };
      }
      // Reopened for the same department; its original deadline still stands.
      return {
        status: 'ACCEPTED',
        patch: { handledAt: null, handledLate: null, handledBy: null, verifyDeadline: null },
        dispatch: { update: { handledAt: null, handledLate: null } },
        note: requiredText(command.note, 'note (what the on-site check found)'),
        details: { passed: false, onTime },
      };
    }
    case 'EVALUATE':
      return evaluate(event, command, now, domain);
    default:
      return sideStep(event, command, actor, now, domain);
  }
}

function dispatch(event: EventRow, command: Extract<Command, { action: 'DISPATCH' }>, actor: Actor, now: Date, domain: EventsDomain): Step {
  const category = categoryOf(domain, event.categoryCode);
  const fallback = defaultDepartment(category, event.returnedDepartments);
  const note = optionalText(command.note, 'note');
  const requested = command.department == null ? null : checkedDepartment(command.department, 'department', 'field');
  const department = requested ?? fallback;
  if (!department) {
    throw badUserInput(
      `Both catalogue departments (${category.managingDepartment}, ${category.enforcingDepartment}) returned event ${event.id}: name a department`,
      { field: 'department' },
    );
  }
  const override = department !== fallback;
  if (override && !note) {
    throw badUserInput(`Dispatching to ${department} instead of the catalogue's ${fallback ?? '(none)'} needs a note saying why`, { field: 'note' });
  }
  const opened = openDispatch(event, department, actor.user, now, domain, override);
  const parts = coHandlersOf(command.coHandlers, event, department, now, domain);
  const departments = parts.map((p) => p.department);
  return {
    status: 'DISPATCHED',
    patch: { ...opened.patch, coHandlerDepartments: departments, coHandlersPending: departments },
    dispatch: { open: opened.row },
    effects: parts.length ? [{ kind: 'OPEN_CO_HANDLERS', rows: parts }] : [],
    note,
    details: { override, catalogueDepartment: fallback, ...(departments.length ? { coHandlers: departments } : {}) },
  };
}

function requestExtension(event: EventRow, command: Extract<Command, { action: 'REQUEST_EXTENSION' }>, domain: EventsDomain): Step {
  // refusalOf has made sure the category allows an extension and days are left.
  const category = categoryOf(domain, event.categoryCode);
  const left = category.extension.maxWorkingDays! - event.extensionDays;
  const workingDays = wholeNumberInRange(command.workingDays, 'workingDays', 1, left);
  const reason = requiredText(command.reason, 'reason');
  return {
    status: 'EXTENSION_REQUESTED',
    patch: { pendingExtensionDays: workingDays, pendingExtensionNote: reason },
    note: reason,
    details: { workingDays },
  };
}

/**
 * An approved extension makes the item a complex one: besides the longer handling limit, it must
 * report progress to the citizen within progressReportWorkingDays of dispatch ("1-5-10"), or within
 * a working day of the approval when that comes later.
 */
function decideExtension(event: EventRow, command: Extract<Command, { action: 'DECIDE_EXTENSION' }>, now: Date, domain: EventsDomain): Step {
  const requested = event.pendingExtensionDays!;
  const note = optionalText(command.note, 'note');
  const cleared = { pendingExtensionDays: null, pendingExtensionNote: null };
  if (!command.approve) return { status: 'ACCEPTED', patch: cleared, note, details: { approved: false, requested } };
  const granted = wholeNumberInRange(command.workingDays ?? requested, 'workingDays', 1, requested);
  const extensionDays = event.extensionDays + granted;
  const { handleDeadline, handleWarnAt } = dispatchDeadlines(domain.calendar, event.dispatchedAt!, categoryOf(domain, event.categoryCode), extensionDays);
  const byRule = addWorkingDays(domain.calendar, event.dispatchedAt!, domain.catalogue.commandCentre.progressReportWorkingDays);
  const progressDeadline = event.progressDeadline ?? (byRule > now ? byRule : addWorkingDays(domain.calendar, now, 1));
  return {
    status: 'ACCEPTED',
    patch: { ...cleared, extensionDays, handleDeadline, handleWarnAt, progressDeadline },
    dispatch: { update: { extensionDays, handleDeadline } },
    note,
    details: { approved: true, requested, granted },
  };
}
