import type { Config } from '../../platform/config';
import type { SqlClient } from '../../platform/database/sql-client';
import { isSubgraphName, type SubgraphName } from '../../platform/services';
import { subgraphModule } from '../system/subgraph-registry';
import { emptySubgraph, isEmpty, seedCity } from '../system/seed';
import { closeAll, openAllStores } from './open-stores';

export async function runSeed(config: Config, options: { reset: boolean; only?: string }): Promise<number> {
  const only = options.only?.split(',').map((n) => n.trim());
  const unknown = only?.filter((n) => !isSubgraphName(n) || subgraphModule(n).tables.length === 0);
  if (unknown?.length) {
    console.error(`gridshare: --only names subgraphs that are not seeded: ${unknown.join(', ')}`);
    return 2;
  }
  const stores = await openAllStores(config);
  try {
    // --only: that subgraph alone; the city is deterministic, so it is seeded with the one the others hold.
    const sqls = Object.fromEntries(
      Object.entries(stores)
        .filter(([n]) => !only || only.includes(n))
        .map(([n, db]) => [n, db.sql]),
    ) as Record<SubgraphName, SqlClient>;
    for (const [name, sql] of Object.entries(sqls) as [SubgraphName, SqlClient][]) {
      if (await isEmpty(name, sql)) continue;
      if (!options.reset) {
        console.error(`gridshare: the ${name} database already holds data; add --reset to replace it`);
        return 1;
      }
      await emptySubgraph(name, sql);
    }
    console.log(`seeding the synthetic city: scale ${config.seedScale}, seed ${config.seed}`);
    const result = await seedCity(sqls, {
      scale: config.seedScale,
      seed: config.seed,
      // Events are dated from now, so a fresh city has current lights and rankings.
      seededAt: new Date(),
      onTown: (i, rows) => console.log(`  town ${i + 1}: ${rows} rows`),
    });
    console.log(
      `seeded ${result.rows} rows in ${result.seconds.toFixed(1)} s (${Math.round(result.rows / result.seconds)} rows/s): ` +
        Object.entries(result.bySubgraph)
          .map(([n, r]) => `${n} ${r}`)
          .join(', '),
    );
    return 0;
  } finally {
    await closeAll(stores);
  }
}
