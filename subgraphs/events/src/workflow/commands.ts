import type { Prisma } from '../../prisma/generated/client';
import type { DispatchRow, EventRow } from '../prisma';
import type { EventAction, EventStatus } from './actions';
import type { Effect } from './effects';

/** The commands of the workflow and what deciding one yields (see decide.ts). */

export interface CoHandlerInput {
  department: string;
  part: string;
  workingDays?: number | null;
}

export type Command =
  | { action: 'REGISTER'; categoryCode?: string | null; note?: string | null }
  | { action: 'REJECT'; reason: string; duplicateOfId?: string | null }
  | { action: 'DISPATCH'; department?: string | null; note?: string | null; coHandlers?: readonly CoHandlerInput[] | null }
  | { action: 'ACCEPT'; note?: string | null }
  | { action: 'RETURN'; reason: string }
  | { action: 'REQUEST_EXTENSION'; workingDays: number; reason: string }
  | { action: 'DECIDE_EXTENSION'; approve: boolean; workingDays?: number | null; note?: string | null }
  | { action: 'SUBMIT_HANDLING'; result: string; attachments?: readonly string[] | null }
  | { action: 'VERIFY'; passed: boolean; note?: string | null }
  | { action: 'EVALUATE'; satisfaction: number; comment?: string | null }
  | { action: 'DIRECT_ANSWER'; answer: string }
  | { action: 'HAND_UP'; reason: string }
  | { action: 'HAND_DOWN'; note?: string | null }
  | { action: 'SUPERVISE'; level: number; note: string }
  | { action: 'RESPOND_SUPERVISION'; response: string }
  | { action: 'REPORT_PROGRESS'; progress: string }
  | { action: 'SUBMIT_CO_HANDLING'; result: string };

export interface TransitionDraft {
  action: EventAction;
  fromStatus: EventStatus;
  toStatus: EventStatus;
  /** The department the event is assigned to after the transition. */
  department: string | null;
  note: string | null;
  details: Prisma.InputJsonObject | null;
}

/** A timeline entry before it is written; the report (the first entry) has no previous status. */
export type TimelineDraft = Omit<TransitionDraft, 'fromStatus'> & { fromStatus: EventStatus | null };

export interface Decision {
  patch: Partial<EventRow>;
  transition: TransitionDraft;
  /** A new dispatch record, or changes to the current one (sequence = the event's dispatchCount). */
  dispatch?: { open: DispatchRow } | { update: Partial<DispatchRow> };
  /** Other rows the step writes: supervision, co-handlers' parts, an earlier dispatch reopened. */
  effects: Effect[];
}

export type Step = Omit<Decision, 'transition' | 'effects'> & {
  status: EventStatus;
  note?: string | null;
  details?: Prisma.InputJsonObject;
  effects?: Effect[];
};
