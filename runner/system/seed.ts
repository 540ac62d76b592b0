import type { SqlClient } from '../../platform/database/sql-client';
import type { SubgraphName } from '../../platform/services';
import { generateCity, Scale } from '../../synthetic-city';
import { subgraphModule } from './subgraph-registry';
import { recordSeedRun } from './seed-check';

export interface SeedResult {
  rows: number;
  seconds: number;
  bySubgraph: Partial<Record<SubgraphName, number>>;
}

/**
 * Writes the synthetic city into every subgraph's own database, town by town, so memory stays bounded
 * at any scale and every subgraph holds the same, consistent city. Each subgraph's part is one
 * transaction: a seed interrupted (kill -9, a crash, the database gone) leaves that subgraph empty,
 * never a partial city that the next start would serve as it is; the next start seeds it again.
 */
export async function seedCity(
  stores: Partial<Record<SubgraphName, SqlClient>>,
  /** seededAt: when the city is seeded (the CLI passes the real time); unset, each part's fixed default, so tests never depend on today. */
  options: { scale: Scale; seed: number; seededAt?: Date; onTown?: (townIndex: number, rows: number) => void },
): Promise<SeedResult> {
  const started = process.hrtime.bigint();
  const bySubgraph: Partial<Record<SubgraphName, number>> = {};
  await withinTransactions(stores, async (transactions) => {
    let townIndex = 0;
    for (const batch of generateCity({ scale: options.scale, seed: options.seed })) {
      const written = await Promise.all(
        (Object.entries(transactions) as [SubgraphName, SqlClient][]).map(async ([name, sql]) => {
          const rows = await subgraphModule(name).seed(sql, batch, { seededAt: options.seededAt });
          bySubgraph[name] = (bySubgraph[name] ?? 0) + rows;
          return rows;
        }),
      );
      options.onTown?.(
        townIndex++,
        written.reduce((a, b) => a + b, 0),
      );
    }
    // In the same transaction as the rows: a database with rows and this record holds a whole city.
    for (const [name, sql] of Object.entries(transactions) as [SubgraphName, SqlClient][]) {
      if (subgraphModule(name).tables.length === 0) continue; // the audit database: never seeded
      await recordSeedRun(sql, { scale: options.scale, seed: options.seed, rows: bySubgraph[name] ?? 0 });
    }
  });
  const rows = Object.values(bySubgraph).reduce((a, b) => a + (b ?? 0), 0);
  return { rows, seconds: Number(process.hrtime.bigint() - started) / 1e9, bySubgraph };
}

/** Runs `work` with a transaction open on every store; each commits only when `work` succeeded. */
async function withinTransactions<T>(
  stores: Partial<Record<SubgraphName, SqlClient>>,
  work: (transactions: Partial<Record<SubgraphName, SqlClient>>) => Promise<T>,
): Promise<T> {
  const entries = Object.entries(stores) as [SubgraphName, SqlClient][];
  const open = (i: number, transactions: Partial<Record<SubgraphName, SqlClient>>): Promise<T> =>
    i === entries.length ? work(transactions) : entries[i]![1].transaction((tx) => open(i + 1, { ...transactions, [entries[i]![0]]: tx }));
  return open(0, {});
}

/** True when the subgraph's tables hold no rows (a fresh database). */
export async function isEmpty(name: SubgraphName, sql: SqlClient): Promise<boolean> {
  for (const table of subgraphModule(name).tables) {
    const { rows } = await sql.query<{ present: boolean }>(`SELECT EXISTS (SELECT 1 FROM "${table}") AS present`);
    if (rows[0]?.present) return false;
  }
  return true;
}

export async function emptySubgraph(name: SubgraphName, sql: SqlClient): Promise<void> {
  if (subgraphModule(name).tables.length === 0) return;
  await sql.exec(`TRUNCATE ${[...subgraphModule(name).tables, 'seed_run'].map((t) => `"${t}"`).join(', ')}`);
}
