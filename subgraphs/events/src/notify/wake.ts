/**
 * Lets a transaction that wrote to the outbox wake the deliverer of the same database at once, rather
 * than at its next poll. Keyed weakly by the database object the subgraph was built with; other
 * processes sharing a PostgreSQL database pick the rows up at their poll.
 */
const wakers = new WeakMap<object, () => void>();

export function onOutboxWritten(db: object, wake: () => void): () => void {
  wakers.set(db, wake);
  return () => {
    if (wakers.get(db) === wake) wakers.delete(db);
  };
}

export function outboxWritten(db: object): void {
  wakers.get(db)?.();
}
