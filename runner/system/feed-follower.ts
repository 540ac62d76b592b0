import type { KeyObject } from 'node:crypto';
import { Kind, parse } from 'graphql';
import type { Config } from '../../platform/config';
import type { SubgraphDatabase } from '../../platform/database/open-database';
import type { Logger } from '../../platform/logger';
import { attachFollower } from '../../subgraphs/events/src/feeds/attached';
import { FeedFollower, FollowerTimer } from '../../subgraphs/events/src/feeds/follower';
import { feedSources } from '../../subgraphs/events/src/feeds/sources';
import { ServiceIdentity, serviceToken } from './service-token';

/** The service identity the events subgraph reads the owners' feeds as (departments.yaml: grid-command's `service`). */
export const FEED_FOLLOWER_IDENTITY: ServiceIdentity = { department: 'grid-command', user: 'events-feed-follower', role: 'service', level: 'city' };
/** A report waits at most this long for the feeds before it is decided on the copy as it is. */
const FEED_READ_TIMEOUT_MS = 5_000;

export interface FollowerWiring {
  config: Config;
  db: SubgraphDatabase<unknown>;
  gatewayUrl: string;
  supergraphSdl: string;
  logger: Logger;
  now: () => Date;
  /** False when the clock is injected (tests): the follower then pulls only when asked. */
  poll: boolean;
  developmentIssuerKey?: KeyObject;
  timer?: FollowerTimer;
}

export interface StartedFollower {
  follower?: FeedFollower;
  stop(): Promise<void>;
}

/** The follower's token (GRIDSHARE_EVENTS_FEED_TOKEN_FILE in production): runner/system/service-token.ts. */
export function followerToken(config: Config, developmentIssuerKey?: KeyObject): (() => Promise<string>) | undefined {
  return serviceToken(config, FEED_FOLLOWER_IDENTITY, config.eventsFeed.tokenFile, developmentIssuerKey);
}

/** Whether the supergraph the gateway serves has a root query field (addressChanges comes with the address subgraph's writes). */
export function supergraphHasQueryField(supergraphSdl: string, field: string): boolean {
  return parse(supergraphSdl).definitions.some(
    (d) =>
      (d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION) &&
      d.name.value === 'Query' &&
      d.fields?.some((f) => f.name.value === field),
  );
}

/** Starts the events subgraph's feed follower and attaches it to the subgraph's database. */
export function startFeedFollower(wiring: FollowerWiring): StartedFollower {
  const token = followerToken(wiring.config, wiring.developmentIssuerKey);
  const logger = wiring.logger.child({ service: 'events', component: 'feed-follower' });
  if (!token) {
    logger.warn(
      { event: 'events.feed_follower_disabled' },
      'no token for the events feed follower: set GRIDSHARE_EVENTS_FEED_TOKEN_FILE; reference tables stay as seeded',
    );
    return { stop: async () => undefined };
  }
  const follower = new FeedFollower({
    sql: wiring.db.sql,
    sources: feedSources({ address: supergraphHasQueryField(wiring.supergraphSdl, 'addressChanges') }),
    reader: { gatewayUrl: wiring.gatewayUrl, token, timeoutMs: FEED_READ_TIMEOUT_MS },
    logger,
    now: wiring.now,
    pollMs: wiring.config.eventsFeed.pollSeconds * 1000,
    timer: wiring.timer,
  });
  const detach = attachFollower(wiring.db, follower);
  if (wiring.poll) follower.start();
  return {
    follower,
    async stop() {
      detach();
      await follower.stop();
    },
  };
}
