import type { SqlClient } from '../../platform/database/sql-client';
import type { SubgraphName } from '../../platform/services';
import { generateCity, Scale } from '../../synthetic-city';
import { subgraphModule } from './subgraph-registry';
import { PartialCityError } from './seed-errors';

/** Whether the subgraph's seed finished (this release writes that in the seed's own transaction). */
export async function hasSeedRun(sql: SqlClient): Promise<boolean> {
  const { rows } = await sql.query<{ present: boolean }>('SELECT EXISTS (SELECT 1 FROM seed_run) AS present');
  return Boolean(rows[0]?.present);
}

/** Records a finished seed; inside the seed's transaction, or for a complete city an earlier release seeded. */
export async function recordSeedRun(sql: SqlClient, run: { scale: Scale; seed: number; rows: number; adopted?: boolean }): Promise<void> {
  await sql.query('INSERT INTO seed_run (scale, seed, rows, adopted) VALUES ($1, $2, $3, $4)', [run.scale, run.seed, run.rows, run.adopted ?? false]);
}

interface Found {
  table: string;
  present: number;
  expected: number;
}

/** Keys per query: a town's persons at the large scale stay a few round trips. */
const KEYS_PER_QUERY = 20_000;

/**
 * Databases with rows but no record of a finished seed were filled by an earlier release, whose seed
 * was not one transaction: a kill during it left part of the city (88 508 of 200 000 persons), which
 * that release then served. The city is deterministic for a scale and seed, so each seeded table's
 * rows are looked up by key, town by town: every key there is a complete city, recorded now so the
 * check runs once; none is not the seed's city at all (imported data), left as it is; some is a
 * partial city, refused with the command that fixes it.
 */
export async function checkEarlierSeeds(stores: Partial<Record<SubgraphName, SqlClient>>, options: { scale: Scale; seed: number }): Promise<SubgraphName[]> {
  const entries = Object.entries(stores) as [SubgraphName, SqlClient][];
  const found = new Map<SubgraphName, Found[]>(
    entries.map(([name]) => [name, subgraphModule(name).seeded.map((t) => ({ table: t.table, present: 0, expected: 0 }))]),
  );
  for (const batch of generateCity(options)) {
    await Promise.all(
      entries.map(async ([name, sql]) => {
        const counts = found.get(name)!;
        for (const [i, seeded] of subgraphModule(name).seeded.entries()) {
          const keys = seeded.keys(batch);
          counts[i]!.expected += keys.length;
          for (let from = 0; from < keys.length; from += KEYS_PER_QUERY) {
            const { rows } = await sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${seeded.table}" WHERE ${seeded.key} = ANY($1::text[])`, [
              keys.slice(from, from + KEYS_PER_QUERY),
            ]);
            counts[i]!.present += Number(rows[0]!.n);
          }
        }
      }),
    );
  }
  const adopted: SubgraphName[] = [];
  const partial: string[] = [];
  const shortfalls: string[] = [];
  for (const [name, sql] of entries) {
    const counts = found.get(name)!;
    if (counts.every((c) => c.present === 0)) continue;
    const short = counts.find((c) => c.present < c.expected);
    if (short) {
      partial.push(name);
      shortfalls.push(`the ${name} database holds ${short.present} of the ${short.expected} ${short.table} rows`);
      continue;
    }
    await recordSeedRun(sql, { ...options, rows: counts.reduce((a, c) => a + c.present, 0), adopted: true });
    adopted.push(name);
  }
  if (partial.length > 0) {
    throw new PartialCityError(
      `${shortfalls.join(', ')} of the ${options.scale} city (seed ${options.seed}) and no record of a finished seed: ` +
        `a seed of an earlier release was interrupted. ` +
        `Run \`gridshare seed --reset --only ${partial.join(',')} --scale ${options.scale} --seed ${options.seed}\` ` +
        `(it empties ${partial.length === 1 ? 'that database' : 'those databases'} and seeds again), or start with the --scale and --seed it was seeded with`,
    );
  }
  return adopted;
}
