import { loadHolidayCalendar } from '../../kit/src/calendar/holidays';
import type { WorkingCalendar } from '../../kit/src/calendar/working-calendar';
import { Catalogue, loadCatalogue } from './catalogue/catalogue';
import { loadSupervisionRules, SupervisionRules } from './supervision/rules';

/** The data the workflow runs on: the responsibility catalogue, the working-day calendar and the supervision rules. */
export interface EventsDomain {
  catalogue: Catalogue;
  calendar: WorkingCalendar;
  supervision: SupervisionRules;
}

let loaded: EventsDomain | undefined;

/**
 * Loaded once per process from catalogue.yaml, holidays.yaml and supervision.yaml. The subgraph's
 * start calls this (see prisma.ts), so a bad file stops the start with a message naming the entry.
 */
export function eventsDomain(): EventsDomain {
  loaded ??= { catalogue: loadCatalogue(), calendar: loadHolidayCalendar(), supervision: loadSupervisionRules() };
  return loaded;
}
