import { EventCategory } from '../catalogue/catalogue';
import type { DepartmentId } from '../catalogue/departments';
import type { EventsDomain } from '../domain';
import { badUserInput } from '../errors';
import { quoted } from './input';

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
