import type { EventTransitionResolvers } from '../generated/resolver-types';
import { isoInstant } from './times';

export const EventTransition: EventTransitionResolvers = {
  at: (t) => isoInstant(t.at),
  actor: (t) => ({ user: t.actorUser, department: t.actorDepartment, role: t.actorRole }),
};
