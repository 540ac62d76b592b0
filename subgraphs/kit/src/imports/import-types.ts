/**
 * What an import of a department's register answers, page by page: every row has exactly one
 * outcome, and every row not applied comes back with the field, its value masked, the reason and a
 * suggestion, so the caller can write the reject report without keeping the values it sent.
 */

export type ImportOutcome = 'APPLIED' | 'UNCHANGED' | 'NEEDS_REVIEW' | 'REJECTED';

export interface RowIssue {
  row: number;
  outcome: Exclude<ImportOutcome, 'APPLIED'>;
  field: string | null;
  /** The value as the report may show it (masked; never the raw value). */
  value: string | null;
  reason: string;
  suggestion: string | null;
  changeRequestId: string | null;
  /** The record the row is about, when one is on file. */
  entityKey: string | null;
}

export interface ImportPageResult {
  importId: string;
  page: number;
  dryRun: boolean;
  rows: number;
  applied: number;
  unchanged: number;
  needsReview: number;
  rejected: number;
  /** Every row that was not applied (unchanged rows too, with why nothing changed). */
  notApplied: RowIssue[];
}

export const IMPORT_ID = /^[A-Za-z0-9._-]{8,64}$/;
/** Rows per page: a page is one request and its rows' lookups are one query each. */
export const MAX_IMPORT_PAGE_ROWS = 500;
