import type { Config } from '../../platform/config';
import { openDatabase } from '../../platform/database/open-database';
import { pendingMigrations } from '../../platform/database/migrations';
import { repoPath } from '../../platform/repo-root';
import { SUBGRAPHS } from '../../platform/services';
import { subgraphModule } from '../system/subgraph-registry';
import { defaultStore } from '../system/system';

/**
 * `gridshare migrate [--status]`. Both open every store the way the running system does, lock
 * included: an embedded database opened by a second process is corrupted, so while the system runs
 * they refuse with the owner's process id.
 */
export async function runMigrate(config: Config, options: { status: boolean }): Promise<number> {
  for (const { name } of SUBGRAPHS) {
    const db = await openDatabase({
      subgraph: name,
      location: defaultStore(config, name),
      createPrisma: subgraphModule(name).createPrisma,
      // Status must not change anything: it reads the history and applies nothing.
      migrate: !options.status,
    });
    try {
      if (options.status) {
        const pending = await pendingMigrations(db.sql, repoPath('subgraphs', name, 'prisma', 'migrations'));
        console.log(`${name}: ${pending.length === 0 ? 'up to date' : `pending ${pending.join(', ')}`}`);
      } else {
        console.log(`${name}: migrations applied`);
      }
    } finally {
      await db.close();
    }
  }
  return 0;
}
