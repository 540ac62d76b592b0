import type { SqlClient } from '../../../../platform/database/sql-client';
import type { Logger } from '../../../../platform/logger';
import { FeedPage, FeedReadError, GatewayReaderOptions, readFeedPage } from './gateway-reader';
import type { FeedSource } from './sources';
import { creditCollection } from '../gridwork/collection-credits';

/**
 * Keeps the events subgraph's reference tables (grids, addresses, person ids, credit codes) current
 * from the owners' change feeds (design §5). Each page is applied and its cursor stored in one
 * transaction, in feed order, so a crash or a failed read never skips or half-applies a change.
 *
 * It polls on an interval; a failure (the gateway down, a refusal) is logged as
 * events.feed_follow_failed and retried with a doubling delay, never thrown at the subgraph. A report
 * naming a key the copy does not know asks for one pull first (pullNow), so that a person registered
 * a moment ago can be involved at once.
 */

/** Pages read per source in one pull before the others get their turn (the next pull goes on). */
const MAX_PAGES_PER_PULL = 50;
/** The longest wait between retries while the gateway stays down. */
export const MAX_BACKOFF_MS = 60_000;

/** Timers the follower schedules with (tests inject their own to see the delays). */
export interface FollowerTimer {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimer: FollowerTimer = {
  set(run, ms) {
    const handle = setTimeout(run, ms);
    handle.unref();
    return handle;
  },
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface FeedFollowerOptions {
  sql: SqlClient;
  sources: FeedSource[];
  reader: GatewayReaderOptions;
  logger: Logger;
  now: () => Date;
  pollMs: number;
  timer?: FollowerTimer;
  /** Overrides how a page is read (the default reads through the gateway). */
  readPage?: typeof readFeedPage;
}

export interface FeedStatus {
  cursor: string | null;
  /** Whether the last pull stopped with more pages to read. */
  behind: boolean;
  applied: number;
}

export interface FollowerStatus {
  feeds: Record<string, FeedStatus>;
  lastSuccessAt: string | null;
  /** Seconds since the copy was last known to match the feeds (null before the first success). */
  lagSeconds: number | null;
  lastError: { at: string; message: string } | null;
  consecutiveFailures: number;
  nextPullInMs: number | null;
}

export class FeedFollower {
  private readonly timer: FollowerTimer;
  private readonly feeds = new Map<string, FeedStatus>();
  private running: Promise<boolean> | undefined;
  private queued: Promise<boolean> | undefined;
  private handle: unknown;
  private stopped = false;
  private lastSuccessAt: Date | null = null;
  private lastError: { at: string; message: string } | null = null;
  private failures = 0;
  private nextPullInMs: number | null = null;

  constructor(private readonly options: FeedFollowerOptions) {
    this.timer = options.timer ?? realTimer;
    for (const source of options.sources) this.feeds.set(source.name, { cursor: null, behind: false, applied: 0 });
  }

  /** Starts polling: a pull now, then one every pollMs (longer after failures). */
  start(): void {
    this.schedule(0);
  }

  /**
   * One pull of every feed, after any pull already under way (which may have started before the change
   * the caller needs). True when every feed was read; false when a read failed (logged, never thrown).
   */
  pullNow(): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    if (!this.running) return this.begin();
    this.queued ??= this.running.then(() => {
      this.queued = undefined;
      return this.begin();
    });
    return this.queued;
  }

  status(): FollowerStatus {
    const now = this.options.now();
    return {
      feeds: Object.fromEntries(this.feeds),
      lastSuccessAt: this.lastSuccessAt?.toISOString() ?? null,
      lagSeconds: this.lastSuccessAt ? Math.max(0, Math.round((now.getTime() - this.lastSuccessAt.getTime()) / 1000)) : null,
      lastError: this.lastError,
      consecutiveFailures: this.failures,
      nextPullInMs: this.nextPullInMs,
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.handle !== undefined) this.timer.clear(this.handle);
    this.handle = undefined;
    this.nextPullInMs = null;
    await this.queued;
    await this.running;
  }

  private begin(): Promise<boolean> {
    this.running = this.pullAll().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.handle !== undefined) this.timer.clear(this.handle);
    this.nextPullInMs = ms;
    this.handle = this.timer.set(() => {
      this.handle = undefined;
      void this.pullNow().then((ok) => {
        const behind = [...this.feeds.values()].some((f) => f.behind);
        this.schedule(ok ? (behind ? 0 : this.options.pollMs) : this.backoffMs());
      });
    }, ms);
  }

  /** pollMs, doubled for each failure in a row, at most MAX_BACKOFF_MS (and never below pollMs). */
  backoffMs(): number {
    return Math.max(this.options.pollMs, Math.min(MAX_BACKOFF_MS, this.options.pollMs * 2 ** this.failures));
  }

  /** Every feed in turn; one that fails (a field the gateway refuses, say) does not hold up the others. */
  private async pullAll(): Promise<boolean> {
    let failed = false;
    for (const source of this.options.sources) {
      try {
        await this.pullSource(source);
      } catch (error) {
        if (!failed) this.failures += 1;
        failed = true;
        const message = error instanceof FeedReadError ? error.message : `${source.field}: ${(error as Error).message}`;
        this.lastError = { at: this.options.now().toISOString(), message };
        this.options.logger.warn(
          { event: 'events.feed_follow_failed', feed: source.name, failures: this.failures, retryInMs: this.backoffMs(), err: message },
          'reading a change feed failed; retrying',
        );
      }
    }
    if (failed) return false;
    this.failures = 0;
    this.lastSuccessAt = this.options.now();
    return true;
  }

  private async pullSource(source: FeedSource): Promise<void> {
    const status = this.feeds.get(source.name)!;
    const read = this.options.readPage ?? readFeedPage;
    let cursor = await this.storedCursor(source);
    for (let pages = 0; pages < MAX_PAGES_PER_PULL && !this.stopped; pages++) {
      const page: FeedPage = await read(this.options.reader, source, cursor);
      if (page.changes.length > 0 && page.endCursor) {
        await this.apply(source, page, cursor);
        cursor = page.endCursor;
        status.applied += page.changes.length;
        this.options.logger.info(
          { event: 'events.feed_applied', feed: source.name, changes: page.changes.length, requestId: page.requestId },
          'change feed applied',
        );
      }
      status.cursor = cursor;
      status.behind = page.hasNextPage;
      if (!page.hasNextPage) return;
    }
  }

  private async storedCursor(source: FeedSource): Promise<string | null> {
    const { rows } = await this.options.sql.query<{ cursor: string }>('SELECT "cursor" FROM "feed_cursor" WHERE "feed" = $1', [source.name]);
    return rows[0]?.cursor ?? null;
  }

  /**
   * The page's changes in feed order and the cursor after them, together or not at all. The cursor
   * moves only from where this pull found it: another replica of the subgraph on the same database
   * that got further keeps its cursor (the changes applied twice change nothing the second time).
   */
  private apply(source: FeedSource, page: FeedPage, from: string | null): Promise<void> {
    return this.options.sql.transaction(async (tx) => {
      for (const change of page.changes) {
        await source.apply(tx, change);
        await creditCollection(tx, source.name, change);
      }
      await tx.query(
        `INSERT INTO "feed_cursor" ("feed", "cursor", "updated_at") VALUES ($1, $2, $3)
         ON CONFLICT ("feed") DO UPDATE SET "cursor" = EXCLUDED."cursor", "updated_at" = EXCLUDED."updated_at"
         WHERE "feed_cursor"."cursor" = $4`,
        [source.name, page.endCursor, this.options.now(), from],
      );
    });
  }
}
