import { randomUUID } from 'node:crypto';
import type { FeedChange, FeedSource } from './sources';

/**
 * One page of an owner's change feed, read through the gateway like any other client's request: a
 * department token (grid-command, role service), the purpose event-handling, a request id of its own
 * (the gateway keeps a client's UUID, so the follower's log lines and its audit records share it).
 * The gateway decides what comes back by policy and writes the read to the audit trail.
 */

export const FEED_PURPOSE = 'event-handling';
/** A page: enough to catch up quickly, small enough that one transaction applies it at once. */
export const FEED_PAGE_SIZE = 200;

export interface FeedPage {
  changes: FeedChange[];
  endCursor: string | null;
  hasNextPage: boolean;
  requestId: string;
}

export class FeedReadError extends Error {}

export interface GatewayReaderOptions {
  gatewayUrl: string;
  token: () => Promise<string>;
  /** A read that has not answered in this time fails (and is retried): a report waiting on it must not hang. */
  timeoutMs: number;
}

export function feedQuery(source: FeedSource): string {
  return `query EventsFeedFollower($after: String, $first: Int) {
  ${source.field}(after: $after, first: $first) {
    edges { node { cursor entityType entityKey version kind ${source.selection} } }
    pageInfo { hasNextPage endCursor }
  }
}`;
}

export async function readFeedPage(options: GatewayReaderOptions, source: FeedSource, after: string | null): Promise<FeedPage> {
  const requestId = randomUUID();
  let response: Response;
  try {
    response = await fetch(options.gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await options.token()}`,
        'x-purpose': FEED_PURPOSE,
        'x-request-id': requestId,
      },
      body: JSON.stringify({ query: feedQuery(source), variables: { after, first: FEED_PAGE_SIZE } }),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw new FeedReadError(`${source.field}: the gateway at ${options.gatewayUrl} did not answer (${(error as Error).message})`);
  }
  const text = await response.text();
  let body: { data?: Record<string, { edges: { node: FeedChange }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } | null>; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = JSON.parse(text);
  } catch {
    throw new FeedReadError(`${source.field}: the gateway answered ${response.status} without JSON`);
  }
  // Any error stops the page: a field the follower may no longer read would otherwise be skipped
  // for good once the cursor moved past it. The follower retries, and /ready shows why it is stuck.
  if (body.errors?.length) {
    const first = body.errors[0]!;
    throw new FeedReadError(`${source.field}: ${first.extensions?.code ?? `HTTP ${response.status}`}: ${first.message}`);
  }
  const connection = body.data?.[source.field];
  if (!connection) throw new FeedReadError(`${source.field}: the gateway answered ${response.status} without the feed`);
  return {
    changes: connection.edges.map((e) => e.node),
    endCursor: connection.pageInfo.endCursor,
    hasNextPage: connection.pageInfo.hasNextPage,
    requestId,
  };
}
