import { addWorkingDays } from '../../../kit/src/calendar/working-calendar';
import type { EventsDomain } from '../domain';
import { badUserInput } from '../errors';
import type { EventRow } from '../prisma';
import type { CoHandlerInput } from './commands';
import { WARNING_SHARE } from './deadlines';
import type { CoHandlerRow } from './effects';
import { checkedDepartment, requiredText, wholeNumberInRange } from './input';

/** A joint dispatch names at most this many co-handlers beside the lead. */
export const CO_HANDLERS_MAX = 5;
const PART_MAX = 200;

/**
 * Joint handling (一事双责): the dispatched department leads, each co-handler owns a named part with
 * its own deadline in working days from dispatch (at most the category's handling limit, which is
 * the default). The lead submits the handling once every part is in.
 */
export function coHandlersOf(
  inputs: readonly CoHandlerInput[] | null | undefined,
  event: EventRow,
  lead: string,
  now: Date,
  domain: EventsDomain,
): CoHandlerRow[] {
  const list = inputs ?? [];
  if (list.length > CO_HANDLERS_MAX) throw badUserInput(`coHandlers: at most ${CO_HANDLERS_MAX}, got ${list.length}`, { field: 'coHandlers' });
  const limit = domain.catalogue.byCode.get(event.categoryCode)!.limits.handleWorkingDays;
  const seen = new Set<string>();
  return list.map((input, index) => {
    const name = `coHandlers[${index}]`;
    const department = checkedDepartment(input.department, `${name}.department`, 'field');
    if (department === lead)
      throw badUserInput(`${name}.department: ${department} leads this dispatch; a co-handler is another department`, { field: 'coHandlers' });
    if (seen.has(department)) throw badUserInput(`${name}.department: ${department} is named twice`, { field: 'coHandlers' });
    seen.add(department);
    const days = wholeNumberInRange(input.workingDays ?? limit, `${name}.workingDays`, 1, limit);
    return {
      eventId: event.id,
      dispatchSequence: event.dispatchCount + 1,
      department,
      part: requiredText(input.part, `${name}.part`, PART_MAX),
      deadline: addWorkingDays(domain.calendar, now, days),
      warnAt: addWorkingDays(domain.calendar, now, days * WARNING_SHARE),
      submittedAt: null,
      submittedBy: null,
      result: null,
      late: null,
      cancelledAt: null,
    };
  });
}
