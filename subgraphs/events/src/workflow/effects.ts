import type { EventCoHandler } from '../../prisma/generated/client';

/** A supervision raised by a rule or by hand, before the store gives it an id. */
export interface SupervisionDraft {
  level: number;
  stage: string;
  /** "<stage>:<level>" for a rule (unique per event: no rule raises twice); null by hand. */
  ruleKey: string | null;
  department: string;
  raisedAt: Date;
  dueAt: Date | null;
  raisedByUser: string;
  raisedByDepartment: string;
  note: string | null;
  responseDeadline: Date;
}

export type CoHandlerRow = EventCoHandler;

/** Rows beside the event and its timeline that a step writes, in the same transaction. */
export type Effect =
  | { kind: 'RAISE_SUPERVISION'; supervision: SupervisionDraft }
  | { kind: 'ANSWER_SUPERVISION'; stage: string; levels: number[]; response: string; by: string; at: Date }
  | { kind: 'OPEN_CO_HANDLERS'; rows: CoHandlerRow[] }
  | { kind: 'SUBMIT_CO_HANDLING'; dispatchSequence: number; department: string; result: string; by: string; at: Date }
  | { kind: 'CANCEL_CO_HANDLERS'; dispatchSequence: number; at: Date }
  /** A redo or escalation: this earlier dispatch did not close the event after all. */
  | { kind: 'REOPEN_DISPATCH'; sequence: number; at: Date };
