import { z } from 'zod';

/*
 * What the gateway and the subgraphs agree on over the wire, declared once for both sides.
 */

/** The response extension that carries a subgraph's record-level access report to the gateway. */
export const ACCESS_REPORT_EXTENSION = 'gridshareAccess';

/**
 * The largest page a list serves; subgraphs refuse larger `first`, and the gateway reserves daily
 * quotas from it as a page's worst case.
 */
export const MAX_PAGE_SIZE = 500;

const key = z.string().min(1).max(2_000);
const text = z.string().max(2_000);
const coordinates = z.array(text).max(10_000);

/** One personal record a response touched, as its subgraph reports it: keys and coordinates, never values. */
export const reportedAccessSchema = z
  .object({
    entityType: key,
    entityKey: key,
    /** Keyed digest of the person's ID number, for person records. */
    subjectDigest: text.optional(),
    raw: coordinates,
    masked: coordinates,
    denied: coordinates,
    /** Writes only: the coordinates changed, keyed digests of their values before and after, the change request applied. */
    written: coordinates.optional(),
    beforeDigest: text.optional(),
    afterDigest: text.optional(),
    changeRequestId: text.optional(),
  })
  .strict();
export type ReportedAccess = z.infer<typeof reportedAccessSchema>;

const accessReportSchema = z.array(reportedAccessSchema).max(100_000);

/**
 * The access report of one subgraph response, checked where the gateway receives it. A report that
 * is not what the contract says cannot be audited, so the caller must not get that response: throws,
 * naming what was wrong.
 */
export function readAccessReport(extension: unknown): ReportedAccess[] {
  if (extension === undefined) return [];
  const parsed = accessReportSchema.safeParse(extension);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`malformed access report at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}
