import type { SqlClient } from './sql-client';

export interface BulkColumn<Row> {
  /** Column name in the table. */
  name: string;
  /** PostgreSQL type of the column, used to cast the unnested array (e.g. `text`, `int`, `"Gender"`, `"PersonTag"[]`). */
  type: string;
  value: (row: Row) => unknown;
}

const CHUNK_ROWS = 5000;

/**
 * Inserts many rows with one statement per chunk: each column travels as one array parameter and
 * `unnest` turns the arrays back into rows. It works unchanged on PGlite and PostgreSQL and runs at
 * tens of thousands of rows a second, where row-by-row inserts (or Prisma's createMany with its
 * per-row parameters) would be an order of magnitude slower.
 */
export async function bulkInsert<Row>(sql: SqlClient, table: string, columns: BulkColumn<Row>[], rows: Row[]): Promise<number> {
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  const selects = columns.map((c, i) => `$${i + 1}::${parameterArrayType(c.type)}`).join(', ');
  const casts = columns.map((c, i) => `c${i}::${c.type}`).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  const statement = `INSERT INTO "${table}" (${names}) SELECT ${casts} FROM unnest(${selects}) AS t(${aliases})`;
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    const chunk = rows.slice(start, start + CHUNK_ROWS);
    const params = columns.map((c) =>
      chunk.map((row) => {
        const value = c.value(row);
        return c.type.endsWith('[]') && Array.isArray(value) ? arrayLiteral(value as string[]) : value;
      }),
    );
    await sql.query(statement, params);
  }
  return rows.length;
}

/**
 * Enums and array columns travel as text[] and are cast per element: drivers serialize a JS array
 * only for types they know (PGlite flattens an array of an unknown enum into one comma string).
 */
function parameterArrayType(type: string): string {
  return type.startsWith('"') || type.endsWith('[]') ? 'text[]' : `${type}[]`;
}

function arrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
