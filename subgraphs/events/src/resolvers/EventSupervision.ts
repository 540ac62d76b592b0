import { levelName } from '../supervision/rules';
import type { EventCoHandlerResolvers, EventSupervisionResolvers } from '../generated/resolver-types';
import { isoInstant } from './times';

export const EventSupervision: EventSupervisionResolvers = {
  level: (s) => levelName(s.level),
  byRule: (s) => s.ruleKey !== null,
  raisedAt: (s) => isoInstant(s.raisedAt),
  dueAt: (s) => isoInstant(s.dueAt),
  raisedBy: (s) => ({ user: s.raisedByUser, department: s.raisedByDepartment, role: null }),
  responseDeadline: (s) => isoInstant(s.responseDeadline),
  respondedAt: (s) => isoInstant(s.respondedAt),
  status: (s) => (s.respondedAt ? 'RESPONDED' : s.stage === s.currentStage ? 'OPEN' : 'OVERTAKEN'),
};

export const EventCoHandler: EventCoHandlerResolvers = {
  deadline: (c) => isoInstant(c.deadline),
  submittedAt: (c) => isoInstant(c.submittedAt),
  cancelledAt: (c) => isoInstant(c.cancelledAt),
};
