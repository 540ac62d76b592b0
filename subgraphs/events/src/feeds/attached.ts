import type { FeedFollower, FollowerStatus } from './follower';

/**
 * The follower of a subgraph's database, for the code that needs it: a report naming an unknown key
 * asks it for a pull, /ready shows its state. Keyed weakly by the database object, like the outbox's
 * wakers; the runner attaches it once the gateway it reads through is up.
 */
const followers = new WeakMap<object, FeedFollower>();

export function attachFollower(db: object, follower: FeedFollower): () => void {
  followers.set(db, follower);
  return () => {
    if (followers.get(db) === follower) followers.delete(db);
  };
}

/** One pull of every feed before a key is refused as unknown; false without a follower or when it failed. */
export async function refreshReferences(db: object): Promise<boolean> {
  return (await followers.get(db)?.pullNow()) ?? false;
}

export function followerStatus(db: object): FollowerStatus | { enabled: false } {
  return followers.get(db)?.status() ?? { enabled: false };
}
