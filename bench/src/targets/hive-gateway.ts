import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadHiveGateway } from '../bench-deps';
import type { RunningTarget } from './running-target';

/** @graphql-hive/gateway's runtime with its defaults, on node:http, over the same supergraph. */
export async function startHiveGateway(config: { supergraphSdl: string; host?: string }): Promise<RunningTarget> {
  const { createGatewayRuntime } = loadHiveGateway();
  const runtime = createGatewayRuntime({ supergraph: config.supergraphSdl, logging: false });
  const server = http.createServer(runtime as never);
  server.keepAliveTimeout = 65_000;
  const host = config.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  return {
    ready: { url: `http://${host}:${(server.address() as AddressInfo).port}/graphql` },
    async stop() {
      server.closeAllConnections();
      server.close();
      await runtime.dispose?.();
    },
  };
}
