/**
 * How every gridshare webhook outbox retries (events' notifications, audit's findings): a delivery
 * not answered 2xx is tried again with exponential back-off, and is FAILED after MAX_ATTEMPTS.
 */
export const MAX_ATTEMPTS = 10;

/** 30 s, 1, 2, 4 … minutes, at most an hour between attempts. */
export function backoffMs(attempt: number): number {
  return Math.min(30_000 * 2 ** (attempt - 1), 3_600_000);
}
