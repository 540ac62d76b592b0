import type { Config } from '../../../subgraphs/kit/src/config';
import { openDatabase } from '../../../subgraphs/kit/src/database/open-database';
import { pendingMigrations } from '../../../subgraphs/kit/src/database/migrations';
import { sqlClientForPg, sqlClientForPGlite } from '../../../subgraphs/kit/src/database/sql-client';
import { repoPath } from '../../../subgraphs/kit/src/repo-root';
import { SUBGRAPHS } from '../../../subgraphs/kit/src/services';
import { SUBGRAPH_MODULES } from '../system/subgraph-registry';
import { defaultStore } from '../system/system';

export async function runMigrate(config: Config, options: { status: boolean }): Promise<number> {
  for (const { name } of SUBGRAPHS) {
    const dir = repoPath('subgraphs', name, 'prisma', 'migrations');
    if (options.status) {
      // Status must not change anything, so it reads the history without opening through the migrator.
      const pending = await withRawStore(config, name, (sql) => pendingMigrations(sql, dir));
      console.log(`${name}: ${pending.length === 0 ? 'up to date' : `pending ${pending.join(', ')}`}`);
      continue;
    }
    const db = await openDatabase({ subgraph: name, location: defaultStore(config, name), createPrisma: SUBGRAPH_MODULES[name].createPrisma });
    await db.close();
    console.log(`${name}: migrations applied`);
  }
  return 0;
}

async function withRawStore<T>(config: Config, name: string, work: (sql: ReturnType<typeof sqlClientForPg>) => Promise<T>): Promise<T> {
  const location = defaultStore(config, name as never);
  if (location.kind === 'pglite') {
    const { PGlite } = await import('@electric-sql/pglite');
    const db = new PGlite(location.directory);
    try {
      return await work(sqlClientForPGlite(db));
    } finally {
      await db.close();
    }
  }
  const { Pool } = await import('pg');
  const { withDatabase, databaseNameFor } = await import('../../../subgraphs/kit/src/database/open-database');
  const pool = new Pool({ connectionString: withDatabase(location.serverUrl, databaseNameFor(name, location.serverUrl)), max: 1 });
  try {
    return await work(sqlClientForPg(pool));
  } finally {
    await pool.end();
  }
}
