import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { Pool, PoolClient } from 'pg';

/**
 * The raw SQL surface that migrations and the bulk seed path need, over either store.
 * Prisma is the query layer for resolvers; this exists because migrations run multi-statement
 * scripts and seeding streams large array-parameter inserts, neither of which Prisma does well.
 */
export interface SqlClient {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  /** Runs a script of several statements without parameters. */
  exec(sql: string): Promise<void>;
  transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T>;
}

type PGliteLike = Pick<PGlite, 'query' | 'exec' | 'transaction'> | Transaction;

export function sqlClientForPGlite(db: PGliteLike): SqlClient {
  return {
    async query<Row>(sql: string, params: unknown[] = []) {
      const result = await db.query<Row>(sql, params);
      return { rows: result.rows };
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
    async transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T> {
      if (!('transaction' in db)) return work(sqlClientForPGlite(db));
      return db.transaction((tx) => work(sqlClientForPGlite(tx)));
    },
  };
}

type PgQueryable = Pool | PoolClient;

export function sqlClientForPg(db: PgQueryable): SqlClient {
  return {
    async query<Row>(sql: string, params: unknown[] = []) {
      const result = await db.query(sql, params);
      return { rows: result.rows as Row[] };
    },
    async exec(sql: string) {
      await db.query(sql);
    },
    async transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T> {
      // A checked-out client is already inside the caller's transaction.
      if ('release' in db) return work(sqlClientForPg(db));
      const client = await db.connect();
      // A checked-out client has no pool listener: losing the server would crash the process.
      let lost: Error | undefined;
      const onError = (error: Error) => (lost = error);
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await work(sqlClientForPg(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollback: Error) => (lost ??= rollback));
        throw error;
      } finally {
        client.removeListener('error', onError);
        // A client whose connection failed is discarded rather than handed to the next caller.
        client.release(lost);
      }
    },
  };
}
