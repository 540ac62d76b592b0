import type { TransitionRow } from '../prisma';
import { isoInstant } from './times';

export const EventTransition = {
  at: (t: TransitionRow) => isoInstant(t.at),
  actor: (t: TransitionRow) => ({ user: t.actorUser, department: t.actorDepartment, role: t.actorRole }),
};
