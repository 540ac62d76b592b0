import type { Scale } from '../../synthetic-city';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PGlite, PGliteOptions } from '@electric-sql/pglite';
import { Pool } from 'pg';
import { openDatabase, StoreLocation, SubgraphDatabase, withDatabase } from '../../platform/database/open-database';
import { SUBGRAPHS, SubgraphName } from '../../platform/services';
import { PGLITE_INIT_PARAMS, TEST_CITY } from './dump-key';

/*
 * Where test databases come from. Migrating and seeding six databases costs seconds per federation,
 * so the jest globalSetup (tests/helpers/global-setup.ts) does it once per run: PGlite data
 * directories dumped to files (kept between runs under a key of everything that shapes them), and on
 * PostgreSQL template databases that each federation copies with CREATE DATABASE … TEMPLATE.
 * Without the globalSetup (another runner, a single file run some other way) each test file migrates
 * and seeds for itself, as before.
 */

/** 16 MB of shared buffers for a test database: setting up the default 128 MB was half of each start. */
export const PGLITE_OPTIONS: PGliteOptions = {
  startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'],
  initDbStartParams: PGLITE_INIT_PARAMS,
};

export type Backend = 'pglite' | 'postgres';
/** A migrated database, with or without the seeded city. */
export type Variant = 'seeded' | 'empty';

const ALL_NAMES = SUBGRAPHS.map((s) => s.name);

// What the globalSetup made, passed to the workers through the environment they inherit.
const DUMPS_VARIABLE = 'GRIDSHARE_TEST_DUMPS';
const TEMPLATES_VARIABLE = 'GRIDSHARE_TEST_PG_TEMPLATES';

export function testPostgresUrl(): string | undefined {
  return process.env.GRIDSHARE_TEST_POSTGRES_URL || undefined;
}

/** Tells the test files of this run where its dumps and templates are (called by the globalSetup). */
export function announceRunDatabases(dumps: string, templatePrefix?: string): void {
  process.env[DUMPS_VARIABLE] = dumps;
  if (templatePrefix) process.env[TEMPLATES_VARIABLE] = templatePrefix;
}

/** This run's PGlite dumps, when the globalSetup made them. */
export function runDumpDirectory(): string | undefined {
  return process.env[DUMPS_VARIABLE] || undefined;
}

/** This run's PostgreSQL template databases, when the globalSetup made them. */
export function runTemplatePrefix(): string | undefined {
  return process.env[TEMPLATES_VARIABLE] || undefined;
}

export function dumpFile(directory: string, name: SubgraphName, variant: Variant): string {
  return path.join(directory, `${name}.${variant}.tar`);
}

/** Where this machine keeps the dumps of one key (shared by runs and worktrees with the same inputs). */
export function dumpDirectory(key: string): string {
  return path.join(os.tmpdir(), 'gridshare-test-dumps', key);
}

/**
 * Dumps each subgraph's PGlite database migrated (empty) and seeded with the test city, unless the
 * dumps of this key exist. Written to a private directory first and renamed, so a concurrent run (or
 * one killed midway) never leaves a half-written dump under the key.
 */
export async function ensurePGliteDumps(key: string): Promise<string> {
  const directory = dumpDirectory(key);
  if (fs.existsSync(directory)) {
    const now = new Date();
    fs.utimesSync(directory, now, now);
    return directory;
  }
  const parent = path.dirname(directory);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${key}-`));
  // One initdb for all six (it is most of a fresh PGlite's start); each then migrates its own schema.
  const initialized = new PGlite(PGLITE_OPTIONS);
  await initialized.waitReady;
  const pristine = tarball(await (await initialized.dumpDataDir('none')).arrayBuffer());
  await initialized.close();
  const databases = await openAll(() => ({ kind: 'pglite', loadDataDir: pristine, options: PGLITE_OPTIONS }), ALL_NAMES);
  try {
    for (const name of ALL_NAMES) await writeDump(databases[name]!, dumpFile(staging, name, 'empty'));
    await seedTestCity(databases);
    for (const name of ALL_NAMES) await writeDump(databases[name]!, dumpFile(staging, name, 'seeded'));
  } finally {
    await closeAll(databases);
  }
  try {
    fs.renameSync(staging, directory);
  } catch (error) {
    // Another run made the same dumps meanwhile: theirs are as good as ours.
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(directory)) throw error;
  }
  pruneOldDumps(parent, key);
  return directory;
}

/**
 * A dump as PGlite reads it: arrayBuffer() is all it calls, and it only reads the bytes, so every
 * database started from it shares them. Not a real Blob: Node's copies a 40 MB tarball out through
 * a chunked stream, and on this machine a copy costs more than the rest of a database's start.
 */
export function tarball(bytes: ArrayBuffer): Blob {
  return { type: '', size: bytes.byteLength, arrayBuffer: async () => bytes } as unknown as Blob;
}

async function writeDump(db: SubgraphDatabase<unknown>, file: string): Promise<void> {
  fs.writeFileSync(file, Buffer.from(await (await db.dump!()).arrayBuffer()));
}

/** Dumps of other keys unused for a day: another worktree may still be using a recent one. */
function pruneOldDumps(parent: string, key: string): void {
  const dayAgo = Date.now() - 86_400_000;
  for (const entry of fs.readdirSync(parent)) {
    if (entry === key) continue;
    const full = path.join(parent, entry);
    if (fs.statSync(full).mtimeMs < dayAgo) fs.rmSync(full, { recursive: true, force: true });
  }
}

/** This run's PostgreSQL template database of a subgraph. */
export function templateDatabase(prefix: string, name: SubgraphName, variant: Variant): string {
  return `${prefix}_${variant === 'seeded' ? 's' : 'e'}_${name.replace(/-/g, '_')}`;
}

export function newTemplatePrefix(): string {
  return `gs_tpl_${randomBytes(4).toString('hex')}`;
}

/**
 * Migrates one empty template per subgraph, copies each to a second one and seeds that with the
 * test city. Templates refuse connections afterwards: CREATE DATABASE … TEMPLATE fails while anyone
 * is connected to the template.
 */
export async function createPostgresTemplates(serverUrl: string, prefix: string): Promise<void> {
  const empty = await openAll((name) => ({ kind: 'postgres', serverUrl, database: templateDatabase(prefix, name, 'empty') }), ALL_NAMES);
  await closeAll(empty);
  await withAdmin(serverUrl, async (admin) => {
    for (const name of ALL_NAMES) {
      await admin.query(`CREATE DATABASE "${templateDatabase(prefix, name, 'seeded')}" TEMPLATE "${templateDatabase(prefix, name, 'empty')}"`);
    }
  });
  const seeded = await openAll((name) => ({ kind: 'postgres', serverUrl, database: templateDatabase(prefix, name, 'seeded') }), ALL_NAMES);
  try {
    await seedTestCity(seeded);
  } finally {
    await closeAll(seeded);
  }
  await withAdmin(serverUrl, async (admin) => {
    for (const name of ALL_NAMES) {
      for (const variant of ['empty', 'seeded'] as const) {
        await admin.query(`ALTER DATABASE "${templateDatabase(prefix, name, variant)}" WITH ALLOW_CONNECTIONS false`);
      }
    }
  });
}

/** Drops the databases whose names start with this run's prefix (and only those). */
export async function dropDatabasesWithPrefix(serverUrl: string, prefix: string): Promise<void> {
  if (!/^gs_tpl_[0-9a-f]{8}$/.test(prefix)) throw new Error(`not a template prefix of a test run: ${prefix}`);
  await withAdmin(serverUrl, async (admin) => {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [`${prefix}_`]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
}

export async function dropDatabases(serverUrl: string, names: string[]): Promise<void> {
  await withAdmin(serverUrl, async (admin) => {
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}

async function withAdmin<T>(serverUrl: string, use: (admin: Pool) => Promise<T>): Promise<T> {
  const admin = new Pool({ connectionString: withDatabase(serverUrl, 'postgres'), max: 1 });
  try {
    return await use(admin);
  } finally {
    await admin.end();
  }
}

async function openAll(
  location: (name: SubgraphName) => StoreLocation,
  names: SubgraphName[],
): Promise<Partial<Record<SubgraphName, SubgraphDatabase<unknown>>>> {
  // Loaded here, not above: the runner and every subgraph's code, needed only when databases are made.
  const { subgraphModule } = await import('../../runner/system/subgraph-registry');
  const databases: Partial<Record<SubgraphName, SubgraphDatabase<unknown>>> = {};
  try {
    for (const name of names) {
      databases[name] = await openDatabase({ subgraph: name, location: location(name), createPrisma: subgraphModule(name).createPrisma, poolSize: 2 });
    }
  } catch (error) {
    await closeAll(databases);
    throw error;
  }
  return databases;
}

async function closeAll(databases: Partial<Record<SubgraphName, SubgraphDatabase<unknown>>>): Promise<void> {
  for (const db of Object.values(databases)) await db!.close();
}

/** Writes the test city into freshly migrated databases. */
export async function seedTestCity(databases: Partial<Record<SubgraphName, SubgraphDatabase<unknown>>>, scale: Scale = TEST_CITY.scale): Promise<void> {
  const { seedCity } = await import('../../runner/system/seed');
  await seedCity(Object.fromEntries(Object.entries(databases).map(([n, db]) => [n, db!.sql])), { ...TEST_CITY, scale });
}
