/**
 * Lets a transaction that wrote to the outbox wake the deliverers of the same database at once, rather
 * than at their next poll. Keyed weakly by the database object the subgraph was built with; other
 * processes sharing a PostgreSQL database pick the rows up at their poll.
 */
const wakers = new WeakMap<object, Set<() => void>>();

export function onOutboxWritten(db: object, wake: () => void): () => void {
  const set = wakers.get(db) ?? new Set();
  set.add(wake);
  wakers.set(db, set);
  return () => {
    set.delete(wake);
  };
}

export function outboxWritten(db: object): void {
  for (const wake of wakers.get(db) ?? []) wake();
}
