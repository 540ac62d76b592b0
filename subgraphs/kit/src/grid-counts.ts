import DataLoader from 'dataloader';
import { gridCodePrefix } from '../../../platform/identifiers/grid-code';

interface RawQueryable {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/**
 * Counts rows under each requested grid in one statement, whatever the grids' levels: grid codes
 * are hierarchical, so "under" is a prefix match on the row's grid code.
 * `table` and `column` are fixed by the calling subgraph, never taken from a request.
 */
export function gridCountLoader(db: RawQueryable, table: string, column = 'grid_code'): DataLoader<string, number | null> {
  return new DataLoader(async (codes) => {
    const prefixes = codes.map((code) => {
      const parsed = gridCodePrefix(code);
      return parsed.ok ? parsed.prefix : null;
    });
    const valid = codes.filter((_, i) => prefixes[i] !== null);
    if (valid.length === 0) return codes.map(() => null);
    const rows = await db.$queryRawUnsafe<{ code: string; n: number }[]>(
      `SELECT g.code, count(t.${column})::int AS n
         FROM unnest($1::text[], $2::text[]) AS g(code, prefix)
         LEFT JOIN "${table}" t ON t.${column} LIKE g.prefix || '%'
        GROUP BY g.code`,
      valid,
      prefixes.filter((p) => p !== null),
    );
    const byCode = new Map(rows.map((r) => [r.code, Number(r.n)]));
    return codes.map((code) => byCode.get(code) ?? null);
  });
}
