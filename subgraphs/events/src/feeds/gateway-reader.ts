import { callGatewayAsService, GatewayAnswer, ServiceGatewayOptions } from '../../../kit/src/service/gateway-call';
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

/** A read that has not answered in its time fails (and is retried): a report waiting on it must not hang. */
export type GatewayReaderOptions = ServiceGatewayOptions;

export function feedQuery(source: FeedSource): string {
  return `query EventsFeedFollower($after: String, $first: Int) {
  ${source.field}(after: $after, first: $first) {
    edges { node { cursor entityType entityKey version kind ${source.selection} } }
    pageInfo { hasNextPage endCursor }
  }
}`;
}

export async function readFeedPage(options: GatewayReaderOptions, source: FeedSource, after: string | null): Promise<FeedPage> {
  type Connection = { edges: { node: FeedChange }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } | null;
  let answer: GatewayAnswer<Record<string, Connection>>;
  // Any error stops the page: a field the follower may no longer read would otherwise be skipped
  // for good once the cursor moved past it. The follower retries, and /ready shows why it is stuck.
  try {
    answer = await callGatewayAsService(options, {
      query: feedQuery(source),
      variables: { after, first: FEED_PAGE_SIZE },
      purpose: FEED_PURPOSE,
      what: source.field,
    });
  } catch (error) {
    throw new FeedReadError((error as Error).message);
  }
  const connection = answer.data[source.field];
  if (!connection) throw new FeedReadError(`${source.field}: the gateway answered without the feed`);
  return {
    changes: connection.edges.map((e) => e.node),
    endCursor: connection.pageInfo.endCursor,
    hasNextPage: connection.pageInfo.hasNextPage,
    requestId: answer.requestId,
  };
}
