import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SqlClient } from './sql-client';

/*
 * Applies Prisma-format migration folders (`<timestamp>_<name>/migration.sql`) without Prisma's native
 * schema engine, which these machines cannot download. Bookkeeping goes into Prisma's own
 * `_prisma_migrations` table with Prisma's values, so a database migrated here is "up to date" for
 * `prisma migrate deploy/status` wherever the native engine exists, and vice versa.
 */

/** Prisma's own DDL for the table (prisma-engines, PostgreSQL flavour), so Prisma reads our rows. */
const MIGRATIONS_TABLE_DDL = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/**
 * The key Prisma's engine passes to pg_advisory_lock while migrating. Sharing it means our applier and a
 * real `prisma migrate deploy` also exclude each other, not just two of our own processes.
 */
const PRISMA_ADVISORY_LOCK_KEY = 72707369;

/** Refused at start: an older release must not serve or migrate a database a newer one has changed. */
export class NewerDatabaseError extends Error {}

export interface MigrationFile {
  name: string;
  sql: string;
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
}

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

/**
 * Prisma accepts a recorded checksum for the script as-is or with its line endings flipped, because git
 * may check a file out with CRLF on one machine and LF on another. Being stricter than Prisma would report
 * drift that Prisma itself ignores.
 */
function matchesChecksum(sql: string, checksum: string): boolean {
  const lf = sql.replace(/\r\n/g, '\n');
  return [sql, lf, lf.replace(/\n/g, '\r\n')].some((variant) => checksumOf(variant) === checksum);
}

/** The migration folders in Prisma's order (by folder name, i.e. by timestamp). */
export function readMigrations(migrationsDir: string): MigrationFile[] {
  if (!fs.existsSync(migrationsDir)) throw new Error(`No migrations folder at ${migrationsDir}`);
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = path.join(migrationsDir, name, 'migration.sql');
      // Prisma refuses a folder without its script too; skipping it would silently reorder history.
      if (!fs.existsSync(file)) throw new Error(`Migration ${name} has no migration.sql (${file})`);
      return { name, sql: fs.readFileSync(file, 'utf8') };
    });
}

/**
 * Which migrations on disk are already applied, after checking that history is sound: a failed attempt or
 * an edited script means the database no longer matches what the files describe, and applying more on top
 * would compound it, so both stop everything until a person resolves them.
 */
function appliedNames(rows: MigrationRow[], migrations: MigrationFile[]): Set<string> {
  const onDisk = new Map(migrations.map((m) => [m.name, m]));
  const applied = new Set<string>();
  for (const row of rows) {
    if (row.finished_at === null || row.finished_at === undefined) {
      throw new Error(
        `Migration ${row.migration_name} failed in an earlier run and is not finished; fix the database, then mark it rolled back (rolled_back_at) or applied`,
      );
    }
    const file = onDisk.get(row.migration_name);
    if (file && !matchesChecksum(file.sql, row.checksum)) {
      throw new Error(
        `Migration ${row.migration_name} was modified after it was applied (checksum differs); restore the file and put changes in a new migration`,
      );
    }
    applied.add(row.migration_name);
  }
  // A recorded migration later than every one on disk was applied by a newer release: this one does not
  // know the schema it would run on, and serving or migrating it could lose what the newer one stores.
  // (One missing from the middle of history is tolerated, as `prisma migrate deploy` does.)
  const newest = migrations.at(-1)?.name ?? '';
  const unknown = rows.map((row) => row.migration_name).filter((name) => !onDisk.has(name) && name > newest);
  if (unknown.length > 0) {
    throw new NewerDatabaseError(
      `The database was migrated by a newer release of gridshare (migration ${unknown.at(-1)}; this release knows migrations up to ${newest || 'none'}): run that release or a later one, or restore a backup taken before the upgrade`,
    );
  }
  return applied;
}

/** Rolled-back rows are Prisma's audit trail of resolved failures: they count as neither applied nor failed. */
const LIVE_ROWS_SQL = `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"
  WHERE rolled_back_at IS NULL ORDER BY started_at, migration_name`;

/** Names of the migrations in `migrationsDir` that the database has not applied. Read-only. */
export async function pendingMigrations(db: SqlClient, migrationsDir: string): Promise<string[]> {
  const migrations = readMigrations(migrationsDir);
  const { rows } = await db.query<{ exists: boolean }>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS "exists"`);
  if (!rows[0]?.exists) return migrations.map((m) => m.name);
  const applied = appliedNames((await db.query<MigrationRow>(LIVE_ROWS_SQL)).rows, migrations);
  return migrations.filter((m) => !applied.has(m.name)).map((m) => m.name);
}

/**
 * Applies every pending migration in name order and returns the names applied by this call.
 *
 * Each migration runs in its own transaction together with its `_prisma_migrations` row, so a failing
 * script leaves neither half its objects nor a row behind (unlike Prisma, which records a failed row and
 * needs `migrate resolve`). Every transaction first takes the advisory lock and only then re-reads the
 * history, so with two processes starting at once the second waits and then finds the work done.
 * Given a pg PoolClient, the caller's transaction is used instead and atomicity is the caller's.
 */
export async function applyMigrations(db: SqlClient, migrationsDir: string): Promise<{ applied: string[] }> {
  const migrations = readMigrations(migrationsDir);
  const applied: string[] = [];
  for (;;) {
    const name = await db.transaction(async (tx) => {
      // Each statement must see what a rival committed while we waited for the lock; under a
      // REPEATABLE READ default the snapshot would predate the wait and we would re-apply its migration.
      await tx.exec('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
      await tx.query('SELECT pg_advisory_xact_lock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
      // Under the lock: concurrent CREATE TABLE IF NOT EXISTS can still collide on the catalog otherwise.
      await tx.exec(MIGRATIONS_TABLE_DDL);
      const done = appliedNames((await tx.query<MigrationRow>(LIVE_ROWS_SQL)).rows, migrations);
      const next = migrations.find((m) => !done.has(m.name));
      if (!next) return undefined;
      try {
        // Sent as one multi-statement script, as Prisma does, so any valid migration.sql works unchanged.
        await tx.exec(next.sql);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`Migration ${next.name} failed: ${reason.split('\n')[0]}`, { cause: error });
      }
      // applied_steps_count = 1 and finished_at set is what Prisma writes for a successful script.
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), clock_timestamp(), 1)`,
        [randomUUID(), checksumOf(next.sql), next.name],
      );
      return next.name;
    });
    if (name === undefined) return { applied };
    applied.push(name);
  }
}
