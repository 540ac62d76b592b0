import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloGateway } from '@apollo/gateway';
import type { RunningTarget } from './running-target';

/** Plain @apollo/gateway with its defaults (make-fetch-happen data sources) behind Apollo Server's standalone server. */
export async function startApolloGateway(config: { supergraphSdl: string; host?: string }): Promise<RunningTarget> {
  const gateway = new ApolloGateway({ supergraphSdl: config.supergraphSdl });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: config.host ?? '127.0.0.1' } });
  return {
    ready: { url: new URL('/graphql', url).toString() },
    stop: () => server.stop(),
  };
}
