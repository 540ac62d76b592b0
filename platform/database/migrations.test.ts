import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { applyMigrations, checksumOf, NewerDatabaseError, pendingMigrations } from './migrations';
import { sqlClientForPGlite, type SqlClient } from './sql-client';

// A real PostgreSQL (PGlite in memory) rather than a mock: the point is that the SQL and the transaction
// boundaries behave, which a fake cannot show.

let pglite: PGlite;
let db: SqlClient;
let dir: string;

function writeMigration(name: string, sql: string): void {
  fs.mkdirSync(path.join(dir, name), { recursive: true });
  fs.writeFileSync(path.join(dir, name, 'migration.sql'), sql);
}

async function tableExists(name: string): Promise<boolean> {
  const { rows } = await db.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [name]);
  return rows[0]!.ok;
}

async function recorded(): Promise<Array<{ migration_name: string; checksum: string; applied_steps_count: number }>> {
  const { rows } = await db.query<{ migration_name: string; checksum: string; applied_steps_count: number }>(
    'SELECT migration_name, checksum, applied_steps_count FROM _prisma_migrations ORDER BY started_at, migration_name',
  );
  return rows;
}

// One cluster per file (its initdb costs seconds); each test migrates a fresh schema of its own, which
// every unqualified name (the migrations' tables, _prisma_migrations, to_regclass) resolves to.
let schemas = 0;
beforeAll(async () => {
  pglite = new PGlite();
  db = sqlClientForPGlite(pglite);
});
afterAll(() => pglite.close());

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-migrations-'));
  fs.writeFileSync(path.join(dir, 'migration_lock.toml'), 'provider = "postgresql"\n');
  const schema = `test_${++schemas}`;
  await db.exec(`CREATE SCHEMA ${schema}; SET search_path = ${schema}`);
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test('applies pending migrations in folder-name order and records them as Prisma does', async () => {
  // Written out of order: the second depends on the first, so a wrong order fails.
  writeMigration('20240102000000_add_house', 'CREATE TABLE house (id int PRIMARY KEY, street_id int REFERENCES street(id));');
  writeMigration('20240101000000_init', 'CREATE TABLE street (id int PRIMARY KEY);\nCREATE INDEX street_id_idx ON street(id);');

  expect(await pendingMigrations(db, dir)).toEqual(['20240101000000_init', '20240102000000_add_house']);
  const result = await applyMigrations(db, dir);

  expect(result.applied).toEqual(['20240101000000_init', '20240102000000_add_house']);
  expect(await tableExists('house')).toBe(true);
  const rows = await recorded();
  expect(rows.map((r) => r.migration_name)).toEqual(result.applied);
  expect(rows[0]!.checksum).toBe(checksumOf(fs.readFileSync(path.join(dir, '20240101000000_init', 'migration.sql'), 'utf8')));
  expect(rows[0]!.checksum).toMatch(/^[0-9a-f]{64}$/);
  expect(rows.every((r) => r.applied_steps_count === 1)).toBe(true);
  const { rows: unfinished } = await db.query('SELECT 1 FROM _prisma_migrations WHERE finished_at IS NULL');
  expect(unfinished).toHaveLength(0);
  expect(await pendingMigrations(db, dir)).toEqual([]);
});

test('a second run applies nothing, and a later migration is picked up on its own', async () => {
  writeMigration('20240101000000_init', 'CREATE TABLE street (id int PRIMARY KEY);');
  await applyMigrations(db, dir);

  expect(await applyMigrations(db, dir)).toEqual({ applied: [] });
  expect(await recorded()).toHaveLength(1);

  writeMigration('20240201000000_name', 'ALTER TABLE street ADD COLUMN name text;');
  expect(await pendingMigrations(db, dir)).toEqual(['20240201000000_name']);
  expect(await applyMigrations(db, dir)).toEqual({ applied: ['20240201000000_name'] });
  expect(await recorded()).toHaveLength(2);
});

test('an applied migration whose file changed stops the run, naming it', async () => {
  writeMigration('20240101000000_init', 'CREATE TABLE street (id int PRIMARY KEY);');
  await applyMigrations(db, dir);
  writeMigration('20240101000000_init', 'CREATE TABLE street (id bigint PRIMARY KEY);');
  writeMigration('20240201000000_more', 'CREATE TABLE house (id int PRIMARY KEY);');

  await expect(applyMigrations(db, dir)).rejects.toThrow(/^Migration 20240101000000_init was modified/);
  await expect(pendingMigrations(db, dir)).rejects.toThrow(/20240101000000_init/);
  expect(await tableExists('house')).toBe(false);
});

test('line-ending differences alone are not drift (Prisma accepts them too)', async () => {
  writeMigration('20240101000000_init', 'CREATE TABLE street (id int PRIMARY KEY);\nCREATE TABLE house (id int);\n');
  await applyMigrations(db, dir);
  writeMigration('20240101000000_init', 'CREATE TABLE street (id int PRIMARY KEY);\r\nCREATE TABLE house (id int);\r\n');

  expect(await applyMigrations(db, dir)).toEqual({ applied: [] });
});

test('a failing migration leaves neither its objects nor a row behind, and earlier ones stay applied', async () => {
  writeMigration('20240101000000_init', 'CREATE TABLE street (id int PRIMARY KEY);');
  writeMigration('20240102000000_broken', 'CREATE TABLE house (id int PRIMARY KEY);\nSELECT no_such_column FROM street;');
  writeMigration('20240103000000_after', 'CREATE TABLE room (id int PRIMARY KEY);');

  const error = await applyMigrations(db, dir).catch((e: unknown) => e);

  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).toMatch(/^Migration 20240102000000_broken failed: .*no_such_column/);
  expect((error as Error).message).not.toContain('\n');
  expect(await tableExists('street')).toBe(true);
  expect(await tableExists('house')).toBe(false);
  expect(await tableExists('room')).toBe(false);
  expect((await recorded()).map((r) => r.migration_name)).toEqual(['20240101000000_init']);
  expect(await pendingMigrations(db, dir)).toEqual(['20240102000000_broken', '20240103000000_after']);
});

test('a migration Prisma recorded as failed stops the run, naming it', async () => {
  writeMigration('20240101000000_init', 'CREATE TABLE street (id int PRIMARY KEY);');
  await applyMigrations(db, dir);
  // What `prisma migrate deploy` leaves after a script error: a row with finished_at null.
  await db.query("UPDATE _prisma_migrations SET finished_at = NULL, logs = 'boom'");

  await expect(applyMigrations(db, dir)).rejects.toThrow(/^Migration 20240101000000_init failed in an earlier run/);
});

test('a migration folder without migration.sql is an error rather than silently skipped', async () => {
  writeMigration('20240101000000_init', 'CREATE TABLE street (id int PRIMARY KEY);');
  fs.mkdirSync(path.join(dir, '20240102000000_empty'));

  await expect(applyMigrations(db, dir)).rejects.toThrow(/20240102000000_empty has no migration\.sql/);
  expect(await tableExists('street')).toBe(false);
});

test('an older release refuses a database a newer one migrated, naming the migration it does not know, and changes nothing', async () => {
  writeMigration('20260101000000_first', 'CREATE TABLE a (id int);');
  writeMigration('20260201000000_second', 'CREATE TABLE b (id int);');
  await applyMigrations(db, dir);
  // The newer release's migration, as an older checkout sees it: recorded in the database, absent on disk.
  fs.rmSync(path.join(dir, '20260201000000_second'), { recursive: true });
  writeMigration('20260115000000_older_fix', 'CREATE TABLE c (id int);');
  await expect(applyMigrations(db, dir)).rejects.toThrow(NewerDatabaseError);
  await expect(applyMigrations(db, dir)).rejects.toThrow(/newer release of gridshare \(migration 20260201000000_second/);
  await expect(pendingMigrations(db, dir)).rejects.toThrow(/newer release/);
  expect(await tableExists('c')).toBe(false);
  expect((await recorded()).map((r) => r.migration_name)).toEqual(['20260101000000_first', '20260201000000_second']);
});

test('a recorded migration missing from the middle of history is tolerated, as Prisma does', async () => {
  writeMigration('20260101000000_first', 'CREATE TABLE a (id int);');
  writeMigration('20260201000000_second', 'CREATE TABLE b (id int);');
  await applyMigrations(db, dir);
  fs.rmSync(path.join(dir, '20260101000000_first'), { recursive: true });
  expect(await applyMigrations(db, dir)).toEqual({ applied: [] });
});
