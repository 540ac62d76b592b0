import type { EventCategory as CatalogueEntry } from '../catalogue/catalogue';

/** Catalogue entries are nested in YAML; the GraphQL type is flat. */
export const EventCategory = {
  contactWorkingDays: (c: CatalogueEntry) => c.limits.contactWorkingDays,
  handleWorkingDays: (c: CatalogueEntry) => c.limits.handleWorkingDays,
  extensionAllowed: (c: CatalogueEntry) => c.extension.allowed,
  maxExtensionWorkingDays: (c: CatalogueEntry) => c.extension.maxWorkingDays ?? null,
};
