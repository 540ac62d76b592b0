/** Why a step of the loop was refused: audited as a denial reason, and said to the caller. */
export type RefusalReason =
  | 'WRONG_ROLE'
  | 'OUT_OF_JURISDICTION'
  | 'WRONG_DEPARTMENT'
  /** Command steps belong to the command centre holding the event (city, town or community station). */
  | 'WRONG_COMMAND_LEVEL'
  /** On-site checks are for the command centre's grid worker of the event's grid. */
  | 'NOT_THE_GRIDS_WORKER'
  /** Nobody checks handling they submitted themselves. */
  | 'SEPARATION_OF_DUTIES'
  /** Ratings come from the reporter, or from the channel that took the report. */
  | 'NOT_THE_REPORTER';

export interface Refusal {
  reason: RefusalReason;
  message: string;
}
