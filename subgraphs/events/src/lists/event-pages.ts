import DataLoader from 'dataloader';
import { badUserInput } from '../errors';
import type { EventsPrisma } from '../prisma';
import type { EventRow } from '../prisma';
import { EventListFilter, filterConditions, filterSignature, SqlParams } from './event-filter';
import { EVENT_ROW_COLUMNS, eventRowFromSql } from './event-rows';

/**
 * Pages of events: each list selects whole rows in the one statement that finds them (event-rows.ts
 * maps them), and the connection primes the request's `eventById` loader with them, so a list is
 * one statement per hop.
 *
 * Orders: NEWEST is by case number descending (case numbers start with the report date);
 * DEADLINE is by handling deadline, then case number, for overdue and due-soon work lists.
 */

export type ListOrder = 'NEWEST' | 'DEADLINE';

export interface IdPageRequest {
  take: number;
  afterKey?: string;
}

export interface ListedEvent {
  row: EventRow;
  /** The cursor key of this row in its order. */
  key: string;
}

function orderSql(order: ListOrder): string {
  return order === 'NEWEST' ? 'e.id DESC' : 'e.handle_deadline ASC, e.id ASC';
}

/** The last instant of year 9999: later ones have no ISO 8601 form PostgreSQL reads. */
const LAST_CURSOR_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * NEWEST cursors carry the case number; DEADLINE cursors the deadline (ms) and the case number, so
 * pages neither skip nor repeat. Cursors are base64 the caller can forge: anything this API would
 * not have issued is refused here, before it reaches SQL.
 */
function afterCondition(order: ListOrder, afterKey: string, params: SqlParams): string {
  const notOurs = () => badUserInput('after is not a cursor of this list', { argument: 'after' });
  if (order === 'NEWEST') {
    if (!/^E\d{14}$/.test(afterKey)) throw notOurs();
    return `e.id < ${params.add(afterKey)}`;
  }
  const match = /^(\d{1,15})_(E\d{14})$/.exec(afterKey);
  if (!match || Number(match[1]) > LAST_CURSOR_MS) throw notOurs();
  const deadline = params.add(new Date(Number(match[1])).toISOString(), '::timestamptz');
  return `(e.handle_deadline, e.id) > (${deadline}, ${params.add(match[2])})`;
}

export async function listEvents(
  prisma: EventsPrisma,
  filter: EventListFilter,
  now: Date,
  page: IdPageRequest,
  order: ListOrder = 'NEWEST',
): Promise<ListedEvent[]> {
  const params = new SqlParams();
  const conditions = filterConditions(filter, now, params);
  if (page.afterKey !== undefined) conditions.push(afterCondition(order, page.afterKey, params));
  const rows = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT ${EVENT_ROW_COLUMNS} FROM "event" e
      ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
      ORDER BY ${orderSql(order)} LIMIT ${params.add(page.take + 1, '::int')}`,
    ...params.values,
  );
  return rows.map(eventRowFromSql).map((row) => ({ row, key: order === 'NEWEST' ? row.id : `${row.handleDeadline!.getTime()}_${row.id}` }));
}

export async function countEvents(prisma: EventsPrisma, filter: EventListFilter, now: Date): Promise<number> {
  const params = new SqlParams();
  const conditions = filterConditions(filter, now, params);
  const rows = await prisma.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM "event" e ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}`,
    ...params.values,
  );
  return Number(rows[0]!.n);
}

/** What a contributed `events` field lists: under a grid prefix, or involving a house or an entity. */
export type EventScope = 'grid' | 'house' | 'entity';

const SCOPE_CONDITION: Record<EventScope, string> = {
  grid: `e.grid_code LIKE k.key || '%'`,
  house: 'e.involved_house_codes @> ARRAY[k.key]',
  entity: 'e.involved_entity_usccs @> ARRAY[k.key]',
};

export interface ScopedPageKey {
  scope: EventScope;
  /** A grid prefix, a house code or a USCC. */
  key: string;
  filter: EventListFilter;
  page: IdPageRequest;
  nowMs: number;
}

export type ScopedCountKey = Omit<ScopedPageKey, 'page'>;

function groupBy<K>(keys: readonly K[], signature: (key: K) => string): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  keys.forEach((key, index) => {
    const sig = signature(key);
    groups.set(sig, [...(groups.get(sig) ?? []), index]);
  });
  return groups;
}

/**
 * Loaders for Grid/House/LegalEntity.events: a list of 50 grids asking for their first 5 events is
 * one statement (a LATERAL join over the 50 keys), not 50. Keys sharing filter, page and clock batch
 * together, which is every key of one field in one request.
 */
export function createScopedEventLoaders(prisma: EventsPrisma) {
  const pages = new DataLoader<ScopedPageKey, EventRow[], string>(
    async (keys) => {
      const result: EventRow[][] = keys.map(() => []);
      const groups = groupBy(keys, (k) => JSON.stringify([k.scope, filterSignature(k.filter), k.page, k.nowMs]));
      for (const indexes of groups.values()) {
        const { scope, filter, page, nowMs } = keys[indexes[0]!]!;
        const params = new SqlParams();
        const keyList = params.add(
          indexes.map((i) => keys[i]!.key),
          '::text[]',
        );
        const conditions = [SCOPE_CONDITION[scope], ...filterConditions(filter, new Date(nowMs), params)];
        if (page.afterKey !== undefined) conditions.push(afterCondition('NEWEST', page.afterKey, params));
        // The page key travels as its own column beside the row's (event has no column named so).
        const rows = await prisma.$queryRawUnsafe<({ page_key: string } & Record<string, unknown>)[]>(
          `SELECT k.key AS page_key, x.* FROM unnest(${keyList}) AS k(key)
             CROSS JOIN LATERAL (SELECT ${EVENT_ROW_COLUMNS} FROM "event" e WHERE ${conditions.join(' AND ')}
                                  ORDER BY e.id DESC LIMIT ${params.add(page.take + 1, '::int')}) x
            ORDER BY k.key, x.id DESC`,
          ...params.values,
        );
        const byKey = new Map<string, EventRow[]>();
        for (const { page_key: key, ...raw } of rows) byKey.set(key, [...(byKey.get(key) ?? []), eventRowFromSql(raw)]);
        for (const i of indexes) result[i] = byKey.get(keys[i]!.key) ?? [];
      }
      return result;
    },
    { cacheKeyFn: (k) => JSON.stringify([k.scope, k.key, filterSignature(k.filter), k.page, k.nowMs]) },
  );

  const counts = new DataLoader<ScopedCountKey, number, string>(
    async (keys) => {
      const result: number[] = keys.map(() => 0);
      const groups = groupBy(keys, (k) => JSON.stringify([k.scope, filterSignature(k.filter), k.nowMs]));
      for (const indexes of groups.values()) {
        const { scope, filter, nowMs } = keys[indexes[0]!]!;
        const params = new SqlParams();
        const keyList = params.add(
          indexes.map((i) => keys[i]!.key),
          '::text[]',
        );
        const conditions = [SCOPE_CONDITION[scope], ...filterConditions(filter, new Date(nowMs), params)];
        const rows = await prisma.$queryRawUnsafe<{ key: string; n: number }[]>(
          `SELECT k.key, (SELECT count(*)::int FROM "event" e WHERE ${conditions.join(' AND ')}) AS n
             FROM unnest(${keyList}) AS k(key)`,
          ...params.values,
        );
        const byKey = new Map(rows.map((r) => [r.key, Number(r.n)]));
        for (const i of indexes) result[i] = byKey.get(keys[i]!.key) ?? 0;
      }
      return result;
    },
    { cacheKeyFn: (k) => JSON.stringify([k.scope, k.key, filterSignature(k.filter), k.nowMs]) },
  );
  return { pages, counts };
}
