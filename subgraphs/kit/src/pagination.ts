import { badUserInput } from '../../../platform/errors';
import { MAX_PAGE_SIZE } from '../../../platform/wire-contract';

// A larger `first` than MAX_PAGE_SIZE is refused rather than silently cut.

export interface PageRequest {
  take: number;
  afterKey?: string;
}

export interface Connection<Node> {
  edges: { cursor: string; node: Node }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: () => Promise<number>;
}

const CURSOR_PREFIX = 'gs1:';

export function encodeCursor(key: string): string {
  return Buffer.from(CURSOR_PREFIX + key, 'utf8').toString('base64url');
}

export function parsePageRequest(args: { first?: number | null; after?: string | null }): PageRequest {
  const first = args.first ?? 50;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`first must be between 1 and ${MAX_PAGE_SIZE}, got ${first}`, { argument: 'first' });
  }
  if (args.after === undefined || args.after === null) return { take: first };
  const decoded = /^[A-Za-z0-9_-]{1,200}$/.test(args.after) ? Buffer.from(args.after, 'base64url').toString('utf8') : '';
  if (!decoded.startsWith(CURSOR_PREFIX) || decoded.length === CURSOR_PREFIX.length) {
    throw badUserInput('after is not a cursor issued by this API', { argument: 'after' });
  }
  return { take: first, afterKey: decoded.slice(CURSOR_PREFIX.length) };
}

/**
 * Builds a connection from rows fetched with `take + 1` (the extra row only tells whether a next page
 * exists). totalCount is a thunk so the count query runs only when a client selects it.
 */
export function toConnection<Row, Node>(
  rows: Row[],
  page: PageRequest,
  keyOf: (row: Row) => string,
  toNode: (row: Row) => Node,
  totalCount: () => Promise<number>,
): Connection<Node> {
  const pageRows = rows.slice(0, page.take);
  const edges = pageRows.map((row) => ({ cursor: encodeCursor(keyOf(row)), node: toNode(row) }));
  let counted: Promise<number> | undefined;
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > page.take, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: () => (counted ??= totalCount()),
  };
}
