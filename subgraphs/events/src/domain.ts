import { loadHolidayCalendar } from './calendar/holidays';
import type { WorkingCalendar } from './calendar/working-calendar';
import { Catalogue, loadCatalogue } from './catalogue/catalogue';

/** The data the workflow runs on: the responsibility catalogue and the working-day calendar. */
export interface EventsDomain {
  catalogue: Catalogue;
  calendar: WorkingCalendar;
}

let loaded: EventsDomain | undefined;

/**
 * Loaded once per process from catalogue.yaml and holidays.yaml. The subgraph's start calls this
 * (see prisma.ts), so a bad file stops the start with a message naming the entry.
 */
export function eventsDomain(): EventsDomain {
  loaded ??= { catalogue: loadCatalogue(), calendar: loadHolidayCalendar() };
  return loaded;
}
