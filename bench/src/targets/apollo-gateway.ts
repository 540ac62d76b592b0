import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGateway } from '@apollo/gateway';
import type { RunningTarget } from './running-target';

/**
 * Plain @apollo/gateway as Apollo documents it for production: Apollo Server with the gateway, run
 * with NODE_ENV=production (introspection off, no stack traces in errors), the landing page disabled
 * (ApolloServerPluginLandingPageDisabled), its default data source (RemoteGraphQLDataSource over
 * make-fetch-happen with keep-alive sockets, unlimited per host) and its default caches (query plans,
 * parsed documents). The process is started with NODE_ENV=production by the bench (HTTP server:
 * startStandaloneServer, Apollo Server's own).
 */
export const APOLLO_GATEWAY_CONFIG = {
  command:
    'node (bench child) → new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }), plugins: [ApolloServerPluginLandingPageDisabled()] }); startStandaloneServer',
  env: { NODE_ENV: 'production' },
  defaultsKept:
    'RemoteGraphQLDataSource (make-fetch-happen, keep-alive agent, maxSockets Infinity, no retries), query plan cache, document cache, introspection off and no stack traces (production)',
  notUsed: 'response caching (no other target caches answers), automatic persisted queries to subgraphs (apq: false, the default)',
} as const;

export async function startApolloGateway(config: { supergraphSdl: string; host?: string }): Promise<RunningTarget> {
  const gateway = new ApolloGateway({ supergraphSdl: config.supergraphSdl });
  const server = new ApolloServer({ gateway, plugins: [ApolloServerPluginLandingPageDisabled()] });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: config.host ?? '127.0.0.1' } });
  return {
    ready: { url: new URL('/graphql', url).toString() },
    stop: () => server.stop(),
  };
}
