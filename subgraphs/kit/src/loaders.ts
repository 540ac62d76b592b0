import DataLoader from 'dataloader';

/**
 * DataLoaders for the two shapes every subgraph needs: one row per key, and many rows per key.
 * One statement per batch, whatever the number of keys; rows come back in key order.
 */
export function rowByKeyLoader<Row>(fetch: (keys: readonly string[]) => Promise<Row[]>, keyOf: (row: Row) => string): DataLoader<string, Row | null> {
  return new DataLoader(async (keys) => {
    const rows = await fetch(keys);
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

export function rowsByKeyLoader<Row>(fetch: (keys: readonly string[]) => Promise<Row[]>, keyOf: (row: Row) => string): DataLoader<string, Row[]> {
  return new DataLoader(async (keys) => {
    const rows = await fetch(keys);
    const byKey = new Map<string, Row[]>(keys.map((key) => [key, []]));
    for (const row of rows) byKey.get(keyOf(row))?.push(row);
    return keys.map((key) => byKey.get(key) ?? []);
  });
}

/** Lets a list query seed the per-request cache, so a later reference to the same row costs nothing. */
export function primeAll<Row>(loader: DataLoader<string, Row | null>, rows: Row[], keyOf: (row: Row) => string): void {
  for (const row of rows) loader.prime(keyOf(row), row);
}
