import type { EventsDomain } from '../domain';
import type { DispatchRow, EventRow } from '../prisma';
import { categoryOf } from './categories';
import { commandDeadlines, dispatchDeadlines, NO_COMMAND_CLOCK } from './deadlines';

/** What dispatching (and the command centre's clock around it) sets on an event. */

/** The command centre's clock for dispatching, started when an event comes (back) to it. */
export function dispatchClock(domain: EventsDomain, now: Date) {
  return commandDeadlines(domain.calendar, now, domain.catalogue.commandCentre.dispatchWorkingDays);
}

export function clearedClock(): Partial<EventRow> {
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
    verifyDeadline: null,
    progressDeadline: null,
    progressReportedAt: null,
  };
}

/** A new dispatch to `department`: its own deadlines from now, a fresh record (also used by a redo). */
export function openDispatch(event: EventRow, department: string, dispatchedBy: string, now: Date, domain: EventsDomain, override: boolean) {
  const category = categoryOf(domain, event.categoryCode);
  const deadlines = dispatchDeadlines(domain.calendar, now, category);
  const sequence = event.dispatchCount + 1;
  const row: DispatchRow = {
    eventId: event.id,
    sequence,
    department,
    dispatchedAt: now,
    dispatchedBy,
    override,
    contactDeadline: deadlines.contactDeadline,
    handleDeadline: deadlines.handleDeadline,
    extensionDays: 0,
    acceptedAt: null,
    returnedAt: null,
    returnReason: null,
    handledAt: null,
    handledLate: null,
    reopenedAt: null,
  };
  const patch: Partial<EventRow> = {
    ...clearedClock(),
    ...NO_COMMAND_CLOCK,
    department,
    dispatchCount: sequence,
    dispatchedAt: now,
    ...deadlines,
    handlingResult: null,
    attachments: [],
    closedAt: null,
    coHandlerDepartments: [],
    coHandlersPending: [],
  };
  return { row, patch };
}
