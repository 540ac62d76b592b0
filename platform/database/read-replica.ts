import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, SqlResultSet } from '@prisma/driver-adapter-utils';
import { isDatabaseUnreachable } from '../errors';
import type { Logger } from '../logger';
import type { SqlClient } from './sql-client';

/**
 * Reads from a PostgreSQL hot standby (DATABASE_READ_URL), everything else on the primary.
 *
 * Which requests read here is decided per request by the subgraph kit (a query operation reads the
 * standby; a mutation, and so its own answer, reads the primary: read-your-writes). This module makes
 * the reader safe whatever reaches it:
 * - transactions, scripts and statements that return no rows (Prisma's UPDATE/DELETE) go to the
 *   primary: a transaction may write, and a standby refuses writes;
 * - a statement the standby refuses as a write (25006) is run again on the primary: refused, it did nothing;
 * - a standby that cannot be reached (down, restarting, the database not replicated yet) or cancels a
 *   read for a conflict with replay: the read is answered by the primary, and for RETRY_STANDBY_MS
 *   every read goes straight to the primary, so requests do not each wait for a dead server's
 *   connect timeout. Failing over rather than failing: the primary served every read before a standby
 *   existed, and an answer a few milliseconds fresher is never wrong.
 *
 * Not @prisma/extension-read-replicas: it routes each statement on its own (a mutation's answer would
 * be read from the standby, stale), does not fail over, and $extends changes every subgraph's client
 * type. Here the choice is the request's, and the clients stay plain PrismaClients.
 */
export const RETRY_STANDBY_MS = 5000;

export class StandbyHealth {
  private downUntil = 0;
  private lastError?: string;

  constructor(
    private readonly logger?: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  /** False while a recent failure sends every read to the primary. */
  get usable(): boolean {
    return this.clock() >= this.downUntil;
  }

  failed(error: unknown): void {
    const wasUp = this.downUntil === 0;
    this.downUntil = this.clock() + RETRY_STANDBY_MS;
    this.lastError = describe(error);
    if (wasUp) {
      this.logger?.warn(
        { event: 'database.standby_unavailable', reason: this.lastError, retryMs: RETRY_STANDBY_MS },
        'the read standby cannot be reached: reads are served by the primary',
      );
    }
  }

  answered(): void {
    if (this.downUntil === 0) return;
    this.downUntil = 0;
    this.lastError = undefined;
    this.logger?.info({ event: 'database.standby_back' }, 'the read standby answers again: reads go to it');
  }

  /** For /ready's detail: an operator sees that reads have moved to the primary. */
  describe(): { standby: 'reading' | 'unavailable, reads served by the primary'; reason?: string } {
    return this.downUntil === 0 ? { standby: 'reading' } : { standby: 'unavailable, reads served by the primary', reason: this.lastError };
  }
}

/** What sends a read back to the primary: the standby is unreachable, or refused this statement. */
function readFailsOver(error: unknown): 'standby-down' | 'run-on-primary' | undefined {
  const cause = (error as { cause?: { kind?: string; code?: string; originalCode?: string } })?.cause;
  const code = String((error as { code?: string })?.code ?? cause?.originalCode ?? cause?.code ?? '');
  // A write (25006), or a read cancelled because replay had to remove rows it saw (40001).
  if (code === '25006' || code === '40001' || cause?.kind === 'TransactionWriteConflict') return 'run-on-primary';
  // 3D000: the primary has created the database, the standby has not replayed it yet.
  if (code === '3D000' || cause?.kind === 'DatabaseDoesNotExist') return 'standby-down';
  if (cause?.kind && ['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections'].includes(cause.kind)) return 'standby-down';
  return isDatabaseUnreachable(error) ? 'standby-down' : undefined;
}

async function readWithFailover<T>(health: StandbyHealth, onStandby: () => Promise<T>, onPrimary: () => Promise<T>): Promise<T> {
  if (!health.usable) return onPrimary();
  try {
    const result = await onStandby();
    health.answered();
    return result;
  } catch (error) {
    const failover = readFailsOver(error);
    if (!failover) throw error;
    if (failover === 'standby-down') health.failed(error);
    return onPrimary();
  }
}

/** The reading Prisma client's driver adapter: rows from the standby, everything else on the primary. */
export function standbyAdapterFactory(standby: SqlDriverAdapterFactory, primary: SqlDriverAdapterFactory, health: StandbyHealth): SqlDriverAdapterFactory {
  return {
    adapterName: primary.adapterName,
    provider: primary.provider,
    async connect(): Promise<SqlDriverAdapter> {
      const [onStandby, onPrimary] = await Promise.all([standby.connect(), primary.connect()]);
      return {
        adapterName: onPrimary.adapterName,
        provider: onPrimary.provider,
        queryRaw: (query: SqlQuery): Promise<SqlResultSet> =>
          readWithFailover(
            health,
            () => onStandby.queryRaw(query),
            () => onPrimary.queryRaw(query),
          ),
        executeRaw: (query) => onPrimary.executeRaw(query),
        executeScript: (script) => onPrimary.executeScript(script),
        startTransaction: (isolationLevel) => onPrimary.startTransaction(isolationLevel),
        getConnectionInfo: onPrimary.getConnectionInfo?.bind(onPrimary),
        async dispose() {
          await Promise.all([onStandby.dispose(), onPrimary.dispose()]);
        },
      };
    },
  };
}

/** The reading raw-SQL client: single statements from the standby; scripts and transactions on the primary. */
export function standbySqlClient(standby: SqlClient, primary: SqlClient, health: StandbyHealth): SqlClient {
  return {
    query: (sql, params) =>
      readWithFailover(
        health,
        () => standby.query(sql, params),
        () => primary.query(sql, params),
      ),
    exec: (sql) => primary.exec(sql),
    transaction: (work) => primary.transaction(work),
  };
}

function describe(error: unknown): string {
  const e = error as { code?: string; message?: string; cause?: { kind?: string; originalCode?: string } };
  return [e.code ?? e.cause?.originalCode ?? e.cause?.kind, e.message].filter(Boolean).join(': ') || String(error);
}
