import type { EventRow } from '../prisma';

/**
 * A list's page selects whole `event` rows in the statement that finds them (one statement per hop
 * instead of ids, then rows by id), so rows arrive as SQL names them. Every column of `event` is
 * its Prisma field in snake_case (`@map` in prisma/schema.prisma, checked for every column by
 * tests/integration/events-list-rows.test.ts against Prisma's own reading of the same rows); the
 * driver adapter already gives timestamps as Dates and arrays as arrays.
 */
export const EVENT_ROW_COLUMNS = 'e.*';

const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const fieldNames = new Map<string, string>();

export function eventRowFromSql(raw: Record<string, unknown>): EventRow {
  const row: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(raw)) {
    let field = fieldNames.get(column);
    if (field === undefined) fieldNames.set(column, (field = camel(column)));
    row[field] = value;
  }
  return row as unknown as EventRow;
}
