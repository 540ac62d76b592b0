import type { RequestAccess } from '../../../../access-policies/runtime/request-access';
import { gridFilterPrefix } from '../../../kit/src/grid-filter';
import type { EventsDomain } from '../domain';
import { badUserInput } from '../errors';
import type { EventChannel, EventStatus } from '../../prisma/generated/enums';
import type { TrafficLight } from '../workflow/deadlines';
import { checkedDepartment, checkGridCodeLength, quoted } from '../workflow/input';
import type { EventListFilter } from './event-filter';

export interface EventFilterArgs {
  gridCode?: string | null;
  department?: string | null;
  status?: EventStatus[] | null;
  light?: TrafficLight | null;
  categoryCode?: string | null;
  channel?: EventChannel | null;
}

/**
 * Turns GraphQL filter arguments into a list filter; unknown departments and categories are the
 * caller's error. Lists are limited in SQL to the rows the caller's policy lets it see (the row gate
 * on each returned Event is only the backstop), so pages and counts never include hidden rows.
 */
export function listFilter(args: EventFilterArgs, domain: EventsDomain, access: RequestAccess): EventListFilter {
  const filter: EventListFilter = {};
  const rowPrefixes = access.rowPrefixes('Event');
  if (rowPrefixes !== null) filter.rowPrefixes = rowPrefixes;
  if (args.gridCode) {
    checkGridCodeLength(args.gridCode, 'gridCode', 'argument');
    filter.gridPrefix = gridFilterPrefix(args.gridCode);
  }
  if (args.department) filter.department = checkedDepartment(args.department, 'department', 'argument');
  if (args.status?.length) filter.statuses = args.status;
  if (args.light) filter.light = args.light;
  if (args.categoryCode) {
    if (!domain.catalogue.byCode.has(args.categoryCode)) {
      throw badUserInput(`categoryCode must be a category of the responsibility catalogue (see eventCategories), got ${quoted(args.categoryCode)}`, {
        argument: 'categoryCode',
      });
    }
    filter.categoryCode = args.categoryCode;
  }
  if (args.channel) filter.channel = args.channel;
  return filter;
}
