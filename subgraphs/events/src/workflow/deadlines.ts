import { addWorkingDays, WorkingCalendar } from '../../../kit/src/calendar/working-calendar';
import type { EventCategory } from '../catalogue/catalogue';
import type { EventStatus } from '../../prisma/generated/enums';
import { ACTIVE_STATUSES, COMMAND_STATUSES, FINISHED_STATUSES } from './actions';

/** The share of allowed time after which a running item turns YELLOW. */
export const WARNING_SHARE = 0.8;

export type TrafficLight = 'GREEN' | 'YELLOW' | 'RED';

export interface DispatchDeadlines {
  contactDeadline: Date;
  contactWarnAt: Date;
  handleDeadline: Date;
  handleWarnAt: Date;
}

/**
 * The clock starts at dispatch. Contact and handling limits both run from it; an approved extension
 * lengthens the handling limit, and the warning point moves with it (80 % of the whole allowed time).
 */
export function dispatchDeadlines(calendar: WorkingCalendar, dispatchedAt: Date, category: EventCategory, extensionDays = 0): DispatchDeadlines {
  const contact = category.limits.contactWorkingDays;
  const handle = category.limits.handleWorkingDays + extensionDays;
  return {
    contactDeadline: addWorkingDays(calendar, dispatchedAt, contact),
    contactWarnAt: addWorkingDays(calendar, dispatchedAt, contact * WARNING_SHARE),
    handleDeadline: addWorkingDays(calendar, dispatchedAt, handle),
    handleWarnAt: addWorkingDays(calendar, dispatchedAt, handle * WARNING_SHARE),
  };
}

/**
 * The command centre's own step (register a report; dispatch a registered or returned event) runs
 * on the same working-day clock, with the same warning share, from when the step began.
 */
export function commandDeadlines(calendar: WorkingCalendar, from: Date, workingDays: number): { commandDeadline: Date; commandWarnAt: Date } {
  return {
    commandDeadline: addWorkingDays(calendar, from, workingDays),
    commandWarnAt: addWorkingDays(calendar, from, workingDays * WARNING_SHARE),
  };
}

/** Clears the command centre's clock once its step is done. */
export const NO_COMMAND_CLOCK = { commandDeadline: null, commandWarnAt: null } as const;

export interface LightFields {
  status: EventStatus;
  acceptedAt: Date | null;
  contactDeadline: Date | null;
  contactWarnAt: Date | null;
  handleDeadline: Date | null;
  handleWarnAt: Date | null;
  handledLate: boolean | null;
  commandDeadline: Date | null;
  commandWarnAt: Date | null;
}

/**
 * GREEN within limits, YELLOW past 80 % of the allowed time, RED overdue. While the department has
 * not accepted, the contact limit counts too. Once handling is submitted the light is final: RED if it
 * came late, GREEN otherwise. Before dispatch and after a return the command centre's own step
 * (register, dispatch) has the light, by the same rule. A rejected event has none.
 * lists/event-filter.ts states the same rule in SQL; a test keeps the two in step.
 */
export function lightAt(event: LightFields, now: Date): TrafficLight | null {
  if (FINISHED_STATUSES.includes(event.status)) {
    if (event.handledLate === null) return null;
    return event.handledLate ? 'RED' : 'GREEN';
  }
  const t = now.getTime();
  if (COMMAND_STATUSES.includes(event.status)) {
    if (!event.commandDeadline || !event.commandWarnAt) return null;
    if (t > event.commandDeadline.getTime()) return 'RED';
    return t >= event.commandWarnAt.getTime() ? 'YELLOW' : 'GREEN';
  }
  if (!ACTIVE_STATUSES.includes(event.status) || !event.handleDeadline || !event.handleWarnAt) return null;
  const awaitingContact = event.acceptedAt === null && event.contactDeadline !== null && event.contactWarnAt !== null;
  if (t > event.handleDeadline.getTime() || (awaitingContact && t > event.contactDeadline!.getTime())) return 'RED';
  if (t >= event.handleWarnAt.getTime() || (awaitingContact && t >= event.contactWarnAt!.getTime())) return 'YELLOW';
  return 'GREEN';
}
