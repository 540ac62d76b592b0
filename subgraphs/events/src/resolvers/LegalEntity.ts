import type { LegalEntityResolvers } from '../generated/resolver-types';
import { scopedEvents } from '../lists/scoped-events';

/** Legal-entities owns entities; events contributes the events that involve them. */
export const LegalEntity: LegalEntityResolvers = {
  __resolveReference: (ref) => ref,
  events: (entity, args, ctx) => scopedEvents('entity', entity.uscc, args, ctx),
};
