import fs from 'node:fs';
import path from 'node:path';
import { PGlite, PGliteOptions } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { Pool } from 'pg';
import { pgliteEnumArrays } from './pglite-enum-arrays';
import { countingAdapterFactory } from './counting-adapter';
import { applyMigrations, NewerDatabaseError } from './migrations';
import { DatabaseUnavailableError } from './unavailable';
import { SqlClient, sqlClientForPg, sqlClientForPGlite } from './sql-client';
import { StandbyHealth, standbyAdapterFactory, standbySqlClient } from './read-replica';
import type { Logger } from '../logger';
import { repoPath } from '../repo-root';

/** Where a subgraph keeps its data: its own PGlite directory (or memory), or its own PostgreSQL database. */
export type StoreLocation =
  /**
   * `loadDataDir`: start from a dumped data directory instead of initdb (tests reuse one seeded city).
   * `options`: more of PGlite's own (tests start many instances: smaller shared buffers, a compiled module).
   */
  | { kind: 'pglite'; directory?: string; loadDataDir?: Blob; options?: PGliteOptions }
  /** `readServerUrl`: a hot standby of serverUrl (DATABASE_READ_URL) that query operations read from. */
  | { kind: 'postgres'; serverUrl: string; database?: string; readServerUrl?: string };

export interface SubgraphDatabase<Prisma> {
  prisma: Prisma;
  sql: SqlClient;
  kind: StoreLocation['kind'];
  close(): Promise<void>;
  /** PGlite only: the whole data directory as a tarball, to start other instances from. */
  dump?: () => Promise<Blob>;
  /**
   * With a read standby only: clients that read from it and send everything else to the primary
   * (read-replica.ts). `standby` alone is the standby itself, for readiness.
   */
  reader?: { prisma: Prisma; sql: SqlClient; standby: SqlClient; health: StandbyHealth };
}

/** The view of a database that a reading request gets: `prisma` and `sql` read from the standby when there is one. */
export function readingView<Prisma>(db: SubgraphDatabase<Prisma>): SubgraphDatabase<Prisma> {
  return db.reader ? { ...db, prisma: db.reader.prisma, sql: db.reader.sql } : db;
}

export { DatabaseUnavailableError };

export interface OpenDatabaseOptions<Prisma> {
  subgraph: string;
  location: StoreLocation;
  createPrisma: (adapter: SqlDriverAdapterFactory) => Prisma & { $disconnect(): Promise<void> };
  onStatement?: (kind: 'query' | 'execute' | 'script') => void;
  /** Defaults to the subgraph's prisma/migrations folder. */
  migrationsDir?: string;
  /** False: open as it is, apply nothing and create nothing (`migrate --status`). */
  migrate?: boolean;
  poolSize?: number;
  /** PostgreSQL: a statement that has not answered by then fails (the audit writer must refuse fast, not hang). */
  queryTimeoutMs?: number;
  /** Where the read standby's failovers are logged. */
  logger?: Logger;
}

/** Applies this release's migrations; a database a newer release migrated is refused, naming the subgraph. */
async function migrate(subgraph: string, sql: SqlClient, migrationsDir: string): Promise<void> {
  try {
    await applyMigrations(sql, migrationsDir);
  } catch (error) {
    throw error instanceof NewerDatabaseError ? new NewerDatabaseError(`the ${subgraph} database: ${error.message}`) : error;
  }
}

/** PostgreSQL: how long to wait for a connection before the caller is told the database is unavailable. */
const CONNECT_TIMEOUT_MS = 5000;

export async function openDatabase<Prisma>(options: OpenDatabaseOptions<Prisma>): Promise<SubgraphDatabase<Prisma>> {
  const migrationsDir = options.migrationsDir ?? repoPath('subgraphs', options.subgraph, 'prisma', 'migrations');
  const count = options.onStatement ?? (() => undefined);
  if (options.location.kind === 'pglite') {
    const { directory } = options.location;
    if (directory) fs.mkdirSync(directory, { recursive: true });
    const pglite = await openPGlite(directory, { ...options.location.options, loadDataDir: options.location.loadDataDir });
    const sql = sqlClientForPGlite(pglite);
    if (options.migrate !== false) {
      // Closed on a refusal: its lock file would otherwise claim the directory for a process now gone.
      await migrate(options.subgraph, sql, migrationsDir).catch(async (error: unknown) => {
        await pglite.close().catch(() => undefined);
        if (directory) fs.rmSync(path.join(directory, '.gridshare.lock'), { force: true });
        throw error;
      });
    }
    const prisma = options.createPrisma(countingAdapterFactory(pgliteEnumArrays(new PrismaPGlite(pglite)), count));
    return {
      prisma,
      sql,
      kind: 'pglite',
      dump: async () => (await pglite.dumpDataDir('none')) as Blob,
      async close() {
        await prisma.$disconnect();
        await pglite.close();
        if (directory) fs.rmSync(path.join(directory, '.gridshare.lock'), { force: true });
      },
    };
  }
  const database = options.location.database ?? databaseNameFor(options.subgraph, options.location.serverUrl);
  if (options.migrate !== false) await ensureDatabase(options.location.serverUrl, database);
  const pool = new Pool({
    connectionString: withDatabase(options.location.serverUrl, database),
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: options.queryTimeoutMs,
  });
  guardPool(pool);
  const sql = sqlClientForPg(pool);
  if (options.migrate !== false) {
    await migrate(options.subgraph, sql, migrationsDir).catch(async (error: unknown) => {
      await pool.end().catch(() => undefined);
      throw error;
    });
  }
  const prisma = options.createPrisma(countingAdapterFactory(new PrismaPg(pool), count));
  const reader = options.location.readServerUrl ? openReader(options, options.location.readServerUrl, database, pool, sql) : undefined;
  return {
    prisma,
    sql,
    kind: 'postgres',
    reader: reader?.reader,
    async close() {
      await reader?.close();
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/**
 * The standby holds the same databases as the primary (physical replication), under the same names;
 * nothing is created or migrated there (it refuses writes). Its pool opens lazily: a standby that is
 * down at start only moves reads to the primary until it answers.
 */
function openReader<Prisma>(options: OpenDatabaseOptions<Prisma>, readServerUrl: string, database: string, primaryPool: Pool, primarySql: SqlClient) {
  const pool = new Pool({
    connectionString: withDatabase(readServerUrl, database),
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: options.queryTimeoutMs,
  });
  guardPool(pool);
  const health = new StandbyHealth(options.logger);
  const standby = sqlClientForPg(pool);
  const count = options.onStatement ?? (() => undefined);
  const prisma = options.createPrisma(countingAdapterFactory(standbyAdapterFactory(new PrismaPg(pool), new PrismaPg(primaryPool), health), count));
  return {
    reader: { prisma, sql: standbySqlClient(standby, primarySql, health), standby, health },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/**
 * A client that loses its server (a restart, a network cut) emits 'error'; without a listener that
 * crashes the process. The pool listens while a client is idle, but not while it is checked out, so
 * every client gets a listener for its whole life: the query in flight reports the failure, the pool
 * discards the broken client, and new connections are made once the server is back.
 */
export function guardPool(pool: Pool): void {
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
}

/**
 * Each subgraph's own database on the server: `gridshare_<subgraph>`, or `<name>_<subgraph>` when
 * DATABASE_URL names a database other than `postgres` (so several deployments can share a server).
 */
export function databaseNameFor(subgraph: string, serverUrl?: string): string {
  const named = serverUrl ? decodeURIComponent(new URL(serverUrl).pathname.slice(1)) : '';
  const prefix = named && named !== 'postgres' ? named : 'gridshare';
  return `${prefix}_${subgraph.replace(/-/g, '_')}`;
}

async function openPGlite(directory: string | undefined, options: PGliteOptions): Promise<PGlite> {
  if (directory) lockDirectory(directory);
  try {
    const pglite = new PGlite({ ...options, dataDir: directory });
    await pglite.waitReady;
    return pglite;
  } catch (error) {
    throw new DatabaseUnavailableError(
      `cannot open the embedded database in ${directory ?? 'memory'}: ${(error as Error).message}` +
        ' (is another gridshare process using this data directory?)',
    );
  }
}

/**
 * PGlite is one process per directory: a second process would silently lose writes. A lock file
 * holding the owner's pid refuses the second one with a clear reason; a lock left by a process
 * that no longer runs (a crash, SIGKILL) is taken over.
 */
function lockDirectory(directory: string): void {
  const lock = path.join(directory, '.gridshare.lock');
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      process.once('exit', () => fs.rmSync(lock, { force: true }));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(fs.readFileSync(lock, 'utf8'));
      if (owner === process.pid) return;
      if (owner > 0 && processRuns(owner)) {
        throw new DatabaseUnavailableError(
          `the embedded database in ${directory} is in use by process ${owner} (a running gridshare); stop it first: ` +
            'one process per data directory, or the database is corrupted',
        );
      }
      fs.rmSync(lock, { force: true });
    }
  }
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates the subgraph's database on first use; C collation keeps code-prefix LIKE queries on the index. */
async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const url = new URL(serverUrl);
  // The maintenance database: the URL's own database may be only a name prefix that does not exist.
  const admin = new Pool({ connectionString: withDatabase(serverUrl, 'postgres'), max: 1, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  guardPool(admin);
  try {
    const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rows.length > 0) return;
    await admin.query(`CREATE DATABASE "${database}" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '42P04') return; // created concurrently by another service: fine
    throw new DatabaseUnavailableError(`cannot reach PostgreSQL at ${url.hostname}:${url.port || 5432} (${describeDriverError(error)})`);
  } finally {
    await admin.end().catch(() => undefined);
  }
}

function describeDriverError(error: unknown): string {
  const e = error as { code?: string; message?: string; errors?: { code?: string }[] };
  return [e.code ?? e.errors?.[0]?.code, e.message].filter(Boolean).join(': ') || String(error);
}

export function pgliteDirectory(dataDir: string, subgraph: string): string {
  return path.join(dataDir, subgraph);
}
