import type { Config } from '../../platform/config';
import { openDatabase, SubgraphDatabase } from '../../platform/database/open-database';
import { SUBGRAPHS, SubgraphName } from '../../platform/services';
import { subgraphModule } from '../system/subgraph-registry';
import { defaultStore } from '../system/system';

/** Opens (and so migrates) every subgraph's database for the offline commands. */
export async function openAllStores(config: Config): Promise<Record<SubgraphName, SubgraphDatabase<unknown>>> {
  const entries = await Promise.all(
    SUBGRAPHS.map(async (s) => {
      const db = await openDatabase({
        subgraph: s.name,
        location: defaultStore(config, s.name),
        createPrisma: subgraphModule(s.name).createPrisma,
      });
      return [s.name, db] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<SubgraphName, SubgraphDatabase<unknown>>;
}

export async function closeAll(stores: Record<string, SubgraphDatabase<unknown>>): Promise<void> {
  await Promise.all(Object.values(stores).map((db) => db.close()));
}
