/**
 * The ids of caller tokens already accepted, each kept until its token could no longer verify, so
 * a token is accepted once. Tokens arrive roughly in the order their lifetimes end, so forgetting
 * walks from the oldest entry (a Map keeps insertion order) and stops at the first still needed.
 *
 * Bounded: when every remembered id is still needed and the store is full, a new token is refused
 * ('full') rather than an id forgotten early, which would let its token be replayed.
 */
export class UsedTokenIds {
  private readonly until = new Map<string, number>();

  /** 250 000 ids over a token's 15 s (life plus clock tolerance) is ~16 000 requests/s to one subgraph process, ~40 MB at most. */
  constructor(private readonly capacity = 250_000) {}

  /** true: first use, now remembered; false: seen before; 'full': cannot remember it, refuse the token. */
  claim(id: string, forgetAfterMs: number, nowMs: number): boolean | 'full' {
    this.forgetExpired(nowMs);
    if (this.until.has(id)) return false;
    if (this.until.size >= this.capacity) return 'full';
    this.until.set(id, forgetAfterMs);
    return true;
  }

  get size(): number {
    return this.until.size;
  }

  private forgetExpired(nowMs: number): void {
    for (const [id, until] of this.until) {
      if (until > nowMs) return;
      this.until.delete(id);
    }
  }
}
