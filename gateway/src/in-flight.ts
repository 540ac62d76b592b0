/**
 * Shares one pending promise among callers asking for the same key while it is pending; nothing is
 * kept once it settles (this is not a cache: a later caller starts a fresh request). What goes into
 * the key decides who may share: the subgraph data source builds it from the caller's whole
 * identity, so two departments, jurisdictions or purposes never share an answer.
 */
export class InFlight<T> {
  private readonly pending = new Map<string, Promise<T>>();

  /** The pending promise of `key` (shared: true), or a new one from `start`. */
  run(key: string, start: () => Promise<T>): { promise: Promise<T>; shared: boolean } {
    const pending = this.pending.get(key);
    if (pending) return { promise: pending, shared: true };
    const promise = start().finally(() => this.pending.delete(key));
    this.pending.set(key, promise);
    return { promise, shared: false };
  }
}
