/**
 * The daily quota every department that has one gets in the bench's gateway process. The repository's
 * quotas (public security: 200 000 personal records a day) are real limits, and a faster gateway
 * exhausts them within one scenario, which then measures refusals instead of answers. Dropping the
 * quotas would be no fairer: the gateway would skip the ledger (a reserve and a settle statement per
 * operation) that production pays. So each quota is kept and raised beyond anything the bench can
 * read (at most a few thousand operations a second of at most 500 records, for minutes; the ledger's
 * columns are 32-bit integers); the scenarios report what they used of it.
 */
export const BENCH_DAILY_QUOTA = 1_000_000_000;

/** Quota use as a sentence: "public-security 12,345 personal, …" (or "none"). */
export function formatQuotaUsage(usage: Record<string, Record<string, number>>): string {
  const parts = Object.entries(usage).flatMap(([department, bySensitivity]) =>
    Object.entries(bySensitivity).map(([sensitivity, used]) => `${department} ${used.toLocaleString('en-US')} ${sensitivity}`),
  );
  return parts.length > 0 ? parts.join(', ') : 'none';
}
