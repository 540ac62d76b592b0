import type { EventSupervision as SupervisionRow } from '../../prisma/generated/client';
import { levelName } from '../supervision/rules';
import { isoInstant } from './times';

type Listed = SupervisionRow & { currentStage: string | null };

export const EventSupervision = {
  level: (s: Listed) => levelName(s.level),
  byRule: (s: Listed) => s.ruleKey !== null,
  raisedAt: (s: Listed) => isoInstant(s.raisedAt),
  dueAt: (s: Listed) => isoInstant(s.dueAt),
  raisedBy: (s: Listed) => ({ user: s.raisedByUser, department: s.raisedByDepartment, role: null }),
  responseDeadline: (s: Listed) => isoInstant(s.responseDeadline),
  respondedAt: (s: Listed) => isoInstant(s.respondedAt),
  status: (s: Listed) => (s.respondedAt ? 'RESPONDED' : s.stage === s.currentStage ? 'OPEN' : 'OVERTAKEN'),
};

export const EventCoHandler = {
  deadline: (c: { deadline: Date }) => isoInstant(c.deadline),
  submittedAt: (c: { submittedAt: Date | null }) => isoInstant(c.submittedAt),
  cancelledAt: (c: { cancelledAt: Date | null }) => isoInstant(c.cancelledAt),
};
