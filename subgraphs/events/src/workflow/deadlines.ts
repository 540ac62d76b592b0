import { addWorkingDays, WorkingCalendar } from '../calendar/working-calendar';
import type { EventCategory } from '../catalogue/catalogue';
import type { EventStatus } from '../../prisma/generated/enums';
import { ACTIVE_STATUSES, FINISHED_STATUSES } from './actions';

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
export function dispatchDeadlines(
  calendar: WorkingCalendar,
  dispatchedAt: Date,
  category: EventCategory,
  extensionDays = 0,
): DispatchDeadlines {
  const contact = category.limits.contactWorkingDays;
  const handle = category.limits.handleWorkingDays + extensionDays;
  return {
    contactDeadline: addWorkingDays(calendar, dispatchedAt, contact),
    contactWarnAt: addWorkingDays(calendar, dispatchedAt, contact * WARNING_SHARE),
    handleDeadline: addWorkingDays(calendar, dispatchedAt, handle),
    handleWarnAt: addWorkingDays(calendar, dispatchedAt, handle * WARNING_SHARE),
  };
}

export interface LightFields {
  status: EventStatus;
  acceptedAt: Date | null;
  contactDeadline: Date | null;
  contactWarnAt: Date | null;
  handleDeadline: Date | null;
  handleWarnAt: Date | null;
  handledLate: boolean | null;
}

/**
 * GREEN within limits, YELLOW past 80 % of the allowed time, RED overdue. While the department has
 * not accepted, the contact limit counts too. Once handling is submitted the light is final: RED if it
 * came late, GREEN otherwise. No light before dispatch or after a return (no clock runs).
 * lists/light-sql.ts states the same rule in SQL; a test keeps the two in step.
 */
export function lightAt(event: LightFields, now: Date): TrafficLight | null {
  if (FINISHED_STATUSES.includes(event.status)) {
    if (event.handledLate === null) return null;
    return event.handledLate ? 'RED' : 'GREEN';
  }
  if (!ACTIVE_STATUSES.includes(event.status) || !event.handleDeadline || !event.handleWarnAt) return null;
  const t = now.getTime();
  const awaitingContact = event.acceptedAt === null && event.contactDeadline !== null && event.contactWarnAt !== null;
  if (t > event.handleDeadline.getTime() || (awaitingContact && t > event.contactDeadline!.getTime())) return 'RED';
  if (t >= event.handleWarnAt.getTime() || (awaitingContact && t >= event.contactWarnAt!.getTime())) return 'YELLOW';
  return 'GREEN';
}
