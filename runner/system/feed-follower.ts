import type { KeyObject } from 'node:crypto';
import { Kind, parse } from 'graphql';
import type { Config } from '../../platform/config';
import type { SubgraphDatabase } from '../../platform/database/open-database';
import type { Logger } from '../../platform/logger';
import { developmentIssuerKeys, signDepartmentToken } from '../../gateway/src/dev-tokens';
import { attachFollower } from '../../subgraphs/events/src/feeds/attached';
import { FeedFollower, FollowerTimer } from '../../subgraphs/events/src/feeds/follower';
import { feedSources } from '../../subgraphs/events/src/feeds/sources';
import { tokenFromFile } from '../../subgraphs/events/src/feeds/token-file';

/** The service identity the events subgraph reads the owners' feeds as (departments.yaml: grid-command's `service`). */
export const FEED_FOLLOWER_IDENTITY = { department: 'grid-command', user: 'events-feed-follower', role: 'service', level: 'city' as const };
/** A development token's lifetime; a new one is signed a minute before it ends. */
const DEVELOPMENT_TOKEN_SECONDS = 3600;
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

/**
 * The follower's token: the file named by GRIDSHARE_EVENTS_FEED_TOKEN_FILE in production; without a
 * production identity provider, one the runner signs with the development issuer key (marked a
 * development identity, as the console's are). A production issuer without a token file: none.
 */
export function followerToken(config: Config, developmentIssuerKey?: KeyObject): (() => Promise<string>) | undefined {
  if (config.eventsFeed.tokenFile) return tokenFromFile(config.eventsFeed.tokenFile);
  if (config.jwt.publicKeyFile || config.jwt.jwksUrl) return undefined;
  let current: { token: string; renewAt: number } | undefined;
  return async () => {
    if (current && Date.now() < current.renewAt) return current.token;
    const key = developmentIssuerKey ?? developmentIssuerKeys(config).privateKey;
    const token = await signDepartmentToken(key, { ...FEED_FOLLOWER_IDENTITY, development: true }, {
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      ttlSeconds: DEVELOPMENT_TOKEN_SECONDS,
    });
    current = { token, renewAt: Date.now() + (DEVELOPMENT_TOKEN_SECONDS - 60) * 1000 };
    return token;
  };
}

/** Whether the supergraph the gateway serves has a root query field (addressChanges comes with the address subgraph's writes). */
export function supergraphHasQueryField(supergraphSdl: string, field: string): boolean {
  return parse(supergraphSdl).definitions.some(
    (d) => (d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION) && d.name.value === 'Query' && d.fields?.some((f) => f.name.value === field),
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
