import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import type { StoreLocation, SubgraphDatabase } from '../../platform/database/open-database';
import { databaseNameFor, openDatabase, withDatabase } from '../../platform/database/open-database';
import type { SubgraphName } from '../../platform/services';
import { subgraphModule } from '../../runner/system/subgraph-registry';
import {
  Backend,
  dropDatabases,
  dumpFile,
  PGLITE_OPTIONS,
  runDumpDirectory,
  runTemplatePrefix,
  seedTestCity,
  tarball,
  templateDatabase,
  testPostgresUrl,
  Variant,
} from './test-databases';
import { WorkerCache } from './worker-cache';
import type { Scale } from '../../synthetic-city';
import { TEST_CITY } from './dump-key';

/** What a few tests need beyond the run's databases: another city, another PostgreSQL server. */
export interface TestStoreOptions {
  /** The run's dumps and templates hold the tiny city; another scale is seeded per federation. */
  scale?: Scale;
  /** Another server than GRIDSHARE_TEST_POSTGRES_URL (no templates there): migrated and seeded here. */
  postgresUrl?: string;
}

/** The databases of one test federation (or one test subgraph), ready to open. */
export interface TestStores {
  storeFor(name: SubgraphName): StoreLocation;
  /** Seeds what did not come seeded from this run's dumps or templates (a run without the globalSetup). */
  afterOpen(databases: Partial<Record<SubgraphName, SubgraphDatabase<unknown>>>): Promise<void>;
  /** Drops the PostgreSQL databases made for it. */
  dispose(): Promise<void>;
}

/**
 * Without the globalSetup, the first federation of a test file migrates and seeds, and later ones in
 * the same file start from its dump (this cache lives in the file's own module registry).
 */
const inFileDumps = new Map<string, Blob>();
/** The jest worker's cache (tests/helpers/test-environment.ts), or this file's own when run some other way. */
const cache = (globalThis as { gridshareWorkerCache?: WorkerCache }).gridshareWorkerCache ?? new WorkerCache();

function runDump(directory: string, name: SubgraphName, variant: Variant): Blob {
  return tarball(cache.bytes(dumpFile(directory, name, variant)));
}

/**
 * `names`: every database the system will open (a federation's gateway also opens the audit
 * database when the audit subgraph is not among its subgraphs).
 */
export async function openTestStores(backend: Backend, seeded: boolean, names: SubgraphName[], options: TestStoreOptions = {}): Promise<TestStores> {
  const variant: Variant = seeded ? 'seeded' : 'empty';
  const scale = options.scale ?? TEST_CITY.scale;
  // The run's dumps and templates are the tiny city on the default server; anything else is made here.
  const runDatabases = scale === TEST_CITY.scale && options.postgresUrl === undefined;
  if (backend === 'pglite') return pgliteStores(variant, names, runDatabases ? undefined : scale);
  const serverUrl = options.postgresUrl ?? testPostgresUrl();
  if (!serverUrl) throw new Error('the postgres backend needs GRIDSHARE_TEST_POSTGRES_URL');
  return postgresStores(serverUrl, variant, names, runDatabases ? undefined : scale);
}

/** `ownCity`: a city the run's dumps do not hold, seeded here at that scale. */
function pgliteStores(variant: Variant, names: SubgraphName[], ownCity?: Scale): TestStores {
  const options = PGLITE_OPTIONS;
  const directory = runDumpDirectory();
  if (directory && !ownCity) {
    return {
      storeFor: (name) => ({ kind: 'pglite', loadDataDir: runDump(directory, name, variant), options }),
      afterOpen: async () => undefined,
      dispose: async () => undefined,
    };
  }
  const key = (name: string) => `${name}|${variant}|${ownCity ?? TEST_CITY.scale}`;
  const cached = names.every((name) => inFileDumps.has(key(name)));
  return {
    // All or none: seeding a mix of fresh and already seeded databases would collide.
    storeFor: (name) => ({ kind: 'pglite', loadDataDir: cached ? inFileDumps.get(key(name)) : undefined, options }),
    async afterOpen(databases) {
      if (cached) return;
      if (variant === 'seeded') await seedTestCity(databases, ownCity);
      // Another city is asked for by one federation: dumping it would only add a minute.
      if (ownCity) return;
      for (const [name, db] of Object.entries(databases)) inFileDumps.set(key(name), await db!.dump!());
    },
    dispose: async () => undefined,
  };
}

async function postgresStores(serverUrl: string, variant: Variant, names: SubgraphName[], ownCity?: Scale): Promise<TestStores> {
  const runId = randomBytes(4).toString('hex');
  const databaseOf = (name: SubgraphName) => `${databaseNameFor(name)}_t${runId}`;
  const created = names.map(databaseOf);
  const prefix = ownCity ? undefined : runTemplatePrefix();
  if (prefix) {
    // Copies of this run's templates: already migrated and, when asked, seeded.
    const admin = new Pool({ connectionString: withDatabase(serverUrl, 'postgres'), max: 3 });
    try {
      await Promise.all(names.map((name) => admin.query(`CREATE DATABASE "${databaseOf(name)}" TEMPLATE "${templateDatabase(prefix, name, variant)}"`)));
    } catch (error) {
      await dropDatabases(serverUrl, created).catch(() => undefined);
      throw error;
    } finally {
      await admin.end();
    }
  }
  return {
    storeFor(name) {
      if (!names.includes(name)) throw new Error(`test stores were not prepared for the ${name} subgraph`);
      return { kind: 'postgres', serverUrl, database: databaseOf(name) };
    },
    async afterOpen(databases) {
      if (!prefix && variant === 'seeded') await seedTestCity(databases, ownCity);
    },
    dispose: () => dropDatabases(serverUrl, created),
  };
}

/**
 * Writes the PGlite databases of a gridshare data directory (GRIDSHARE_DATA_DIR) from this run's
 * dumps, for command-line tests that need a city but do not test the first start (initdb and the
 * seed on disk cost a first `gridshare start` half a minute of CPU). Without the globalSetup it
 * writes nothing, and the command line makes them itself.
 */
export async function writeDataDirectory(dataDir: string, names: SubgraphName[], seeded = true): Promise<void> {
  const directory = runDumpDirectory();
  if (!directory) return;
  for (const name of names) {
    const db = await openDatabase({
      subgraph: name,
      location: {
        kind: 'pglite',
        directory: path.join(dataDir, name),
        loadDataDir: runDump(directory, name, seeded ? 'seeded' : 'empty'),
        options: PGLITE_OPTIONS,
      },
      createPrisma: subgraphModule(name).createPrisma,
    });
    await db.close();
  }
}
