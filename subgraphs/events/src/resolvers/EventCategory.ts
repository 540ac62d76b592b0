import type { EventCategoryResolvers } from '../generated/resolver-types';

/** Catalogue entries are nested in YAML; the GraphQL type is flat. */
export const EventCategory: EventCategoryResolvers = {
  contactWorkingDays: (c) => c.limits.contactWorkingDays,
  handleWorkingDays: (c) => c.limits.handleWorkingDays,
  extensionAllowed: (c) => c.extension.allowed,
  maxExtensionWorkingDays: (c) => c.extension.maxWorkingDays ?? null,
};
