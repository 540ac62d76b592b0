import type { Prisma } from '../../prisma/generated/client';
import { EventCategory } from '../catalogue/catalogue';
import type { DepartmentId } from '../catalogue/departments';
import type { EventsDomain } from '../domain';
import { badUserInput } from '../errors';
import type { DispatchRow, EventRow } from '../prisma';
import { EventAction, EventStatus } from './actions';
import type { Actor } from './actors';
import { refusalOf } from './allowed';
import { dispatchDeadlines } from './deadlines';
import { attachmentList, checkedDepartment, optionalText, quoted, requiredText, wholeNumberInRange } from './input';

/**
 * The workflow as one pure function: given an event, a command, who gives it and when, it either
 * throws the error the caller should see or returns what changes. The resolvers persist a decision
 * in one transaction; the seed replays the same decisions to build realistic histories.
 */

export type Command =
  | { action: 'REGISTER'; categoryCode?: string | null; note?: string | null }
  | { action: 'REJECT'; reason: string; duplicateOfId?: string | null }
  | { action: 'DISPATCH'; department?: string | null; note?: string | null }
  | { action: 'ACCEPT'; note?: string | null }
  | { action: 'RETURN'; reason: string }
  | { action: 'REQUEST_EXTENSION'; workingDays: number; reason: string }
  | { action: 'DECIDE_EXTENSION'; approve: boolean; workingDays?: number | null; note?: string | null }
  | { action: 'SUBMIT_HANDLING'; result: string; attachments?: readonly string[] | null }
  | { action: 'VERIFY'; passed: boolean; note?: string | null }
  | { action: 'EVALUATE'; satisfaction: number; comment?: string | null };

export interface TransitionDraft {
  action: EventAction;
  fromStatus: EventStatus;
  toStatus: EventStatus;
  /** The department the event is assigned to after the transition. */
  department: string | null;
  note: string | null;
  details: Prisma.InputJsonObject | null;
}

/** A timeline entry before it is written; the report (the first entry) has no previous status. */
export type TimelineDraft = Omit<TransitionDraft, 'fromStatus'> & { fromStatus: EventStatus | null };

export interface Decision {
  patch: Partial<EventRow>;
  transition: TransitionDraft;
  /** A new dispatch record, or changes to the current one (sequence = the event's dispatchCount). */
  dispatch?: { open: DispatchRow } | { update: Partial<DispatchRow> };
}

type Step = Omit<Decision, 'transition'> & { status: EventStatus; note?: string | null; details?: Prisma.InputJsonObject };

export function decide(event: EventRow, command: Command, actor: Actor, now: Date, domain: EventsDomain): Decision {
  const refused = refusalOf(event, command.action, actor, domain);
  if (refused) throw refused;
  const step = apply(event, command, actor, now, domain);
  const department = step.patch.department !== undefined ? step.patch.department : event.department;
  return {
    patch: { ...step.patch, status: step.status },
    dispatch: step.dispatch,
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

export function categoryOf(domain: EventsDomain, code: string): EventCategory {
  const category = domain.catalogue.byCode.get(code);
  if (!category) {
    throw badUserInput(`categoryCode must be a category of the responsibility catalogue (see eventCategories), got ${quoted(code)}`, {
      field: 'categoryCode',
    });
  }
  return category;
}

/** Managing department first; the enforcing one once the managing one has returned the event. */
export function defaultDepartment(category: EventCategory, returned: readonly string[]): DepartmentId | null {
  if (!returned.includes(category.managingDepartment)) return category.managingDepartment;
  if (!returned.includes(category.enforcingDepartment)) return category.enforcingDepartment;
  return null;
}

function apply(event: EventRow, command: Command, actor: Actor, now: Date, domain: EventsDomain): Step {
  switch (command.action) {
    case 'REGISTER': {
      const note = optionalText(command.note, 'note');
      if (!command.categoryCode || command.categoryCode === event.categoryCode) return { status: 'REGISTERED', patch: { registeredAt: now }, note };
      const category = categoryOf(domain, command.categoryCode);
      return {
        status: 'REGISTERED',
        patch: { registeredAt: now, categoryCode: category.code },
        note,
        details: { reclassifiedFrom: event.categoryCode, reclassifiedTo: category.code },
      };
    }
    case 'REJECT': {
      const reason = requiredText(command.reason, 'reason');
      if (command.duplicateOfId === event.id) throw badUserInput('An event cannot duplicate itself', { field: 'duplicateOfId' });
      return {
        status: 'REJECTED',
        patch: { rejectionReason: reason, duplicateOfId: command.duplicateOfId ?? null },
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
        // The event is back with the command centre: no department, no running clock.
        patch: {
          department: null,
          returnCount: event.returnCount + 1,
          returnedDepartments: [...event.returnedDepartments, event.department!],
          ...clearedClock(),
        },
        dispatch: { update: { returnedAt: now, returnReason: reason } },
        note: reason,
        details: { returnedBy: event.department },
      };
    }
    case 'REQUEST_EXTENSION':
      return requestExtension(event, command, domain);
    case 'DECIDE_EXTENSION':
      return decideExtension(event, command, domain);
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
        },
        dispatch: { update: { handledAt: now, handledLate: late } },
        details: { late, ...(event.status === 'EXTENSION_REQUESTED' ? { withdrewExtensionRequest: true } : {}) },
      };
    }
    case 'VERIFY': {
      if (command.passed) return { status: 'CLOSED', patch: { closedAt: now }, note: optionalText(command.note, 'note'), details: { passed: true } };
      // Reopened for the same department; its original deadline still stands.
      return {
        status: 'ACCEPTED',
        patch: { handledAt: null, handledLate: null, handledBy: null },
        dispatch: { update: { handledAt: null, handledLate: null } },
        note: requiredText(command.note, 'note (what the on-site check found)'),
        details: { passed: false },
      };
    }
    case 'EVALUATE': {
      const satisfaction = wholeNumberInRange(command.satisfaction, 'satisfaction', 1, 5);
      const comment = optionalText(command.comment, 'comment');
      return {
        status: 'EVALUATED',
        patch: { evaluatedAt: now, satisfaction, evaluationComment: comment },
        note: comment,
        details: { satisfaction },
      };
    }
  }
}

function clearedClock(): Partial<EventRow> {
  return {
    dispatchedAt: null,
    contactDeadline: null,
    contactWarnAt: null,
    handleDeadline: null,
    handleWarnAt: null,
    extensionDays: 0,
    pendingExtensionDays: null,
    pendingExtensionNote: null,
    acceptedAt: null,
    handledAt: null,
    handledLate: null,
    handledBy: null,
  };
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
  const deadlines = dispatchDeadlines(domain.calendar, now, category);
  const sequence = event.dispatchCount + 1;
  return {
    status: 'DISPATCHED',
    patch: { ...clearedClock(), department, dispatchCount: sequence, dispatchedAt: now, ...deadlines, handlingResult: null, attachments: [] },
    dispatch: {
      open: {
        eventId: event.id,
        sequence,
        department,
        dispatchedAt: now,
        dispatchedBy: actor.user,
        override,
        contactDeadline: deadlines.contactDeadline,
        handleDeadline: deadlines.handleDeadline,
        extensionDays: 0,
        acceptedAt: null,
        returnedAt: null,
        returnReason: null,
        handledAt: null,
        handledLate: null,
      },
    },
    note,
    details: { override, catalogueDepartment: fallback },
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

function decideExtension(event: EventRow, command: Extract<Command, { action: 'DECIDE_EXTENSION' }>, domain: EventsDomain): Step {
  const requested = event.pendingExtensionDays!;
  const note = optionalText(command.note, 'note');
  const cleared = { pendingExtensionDays: null, pendingExtensionNote: null };
  if (!command.approve) return { status: 'ACCEPTED', patch: cleared, note, details: { approved: false, requested } };
  const granted = wholeNumberInRange(command.workingDays ?? requested, 'workingDays', 1, requested);
  const extensionDays = event.extensionDays + granted;
  const { handleDeadline, handleWarnAt } = dispatchDeadlines(domain.calendar, event.dispatchedAt!, categoryOf(domain, event.categoryCode), extensionDays);
  return {
    status: 'ACCEPTED',
    patch: { ...cleared, extensionDays, handleDeadline, handleWarnAt },
    dispatch: { update: { extensionDays, handleDeadline } },
    note,
    details: { approved: true, requested, granted },
  };
}
