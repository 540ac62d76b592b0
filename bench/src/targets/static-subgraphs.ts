import http, { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execute, GraphQLSchema, parse } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { SUBGRAPH_NAMES, SUBGRAPH_SDL, StaticSubgraphName, subgraphResolvers } from '../fixtures/products-federation';
import type { RunningTarget } from './running-target';

/**
 * The four static subgraphs, each on its own port, plus one port that serves all four under
 * /<name>/graphql (the "direct" ceiling replays a gateway's subgraph requests there).
 *
 * Their data never changes, so a response is a function of the request body: each subgraph
 * executes a body once and then answers it from memory. That keeps the subgraph tier far cheaper
 * than any gateway in front of it (The Guild's benchmark uses Rust subgraphs for the same reason),
 * so the figures measure the gateways. Requests are counted per subgraph.
 */
export async function startStaticSubgraphs(config: { host?: string }): Promise<RunningTarget> {
  const host = config.host ?? '127.0.0.1';
  const schemas = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [name, buildSubgraphSchema([{ typeDefs: parse(SUBGRAPH_SDL[name]), resolvers: subgraphResolvers(name) as never }])]),
  ) as Record<StaticSubgraphName, GraphQLSchema>;
  const counts = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, 0])) as Record<StaticSubgraphName, number>;
  let executed = 0;
  const memo = new Map<string, string>();
  let capture: { subgraph: string; body: string }[] | undefined;

  async function answer(name: StaticSubgraphName, body: string): Promise<{ status: number; text: string }> {
    counts[name]++;
    capture?.push({ subgraph: name, body });
    const key = `${name}\u0000${body}`;
    const known = memo.get(key);
    if (known !== undefined) return { status: 200, text: known };
    let request: { query?: string; variables?: Record<string, unknown>; operationName?: string };
    try {
      request = JSON.parse(body);
    } catch {
      return { status: 400, text: JSON.stringify({ errors: [{ message: 'body is not JSON' }] }) };
    }
    if (typeof request.query !== 'string') return { status: 400, text: JSON.stringify({ errors: [{ message: 'no query' }] }) };
    executed++;
    const result = await execute({
      schema: schemas[name],
      document: parse(request.query),
      variableValues: request.variables,
      operationName: request.operationName,
    });
    const text = JSON.stringify(result);
    if (!result.errors && memo.size < 10_000) memo.set(key, text);
    return { status: 200, text };
  }

  const handler = (only?: StaticSubgraphName) => (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const name = only ?? (request.url?.split('/')[1] as StaticSubgraphName);
      if (!SUBGRAPH_NAMES.includes(name) || request.method !== 'POST') {
        response.writeHead(404).end();
        return;
      }
      answer(name, Buffer.concat(chunks).toString('utf8')).then(
        ({ status, text }) => {
          response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
          response.end(text);
        },
        (error) => {
          response.writeHead(500, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ errors: [{ message: (error as Error).message }] }));
        },
      );
    });
  };

  const servers: http.Server[] = [];
  const listen = (server: http.Server) =>
    new Promise<number>((resolve) => {
      server.keepAliveTimeout = 65_000;
      servers.push(server);
      server.listen(0, host, () => resolve((server.address() as AddressInfo).port));
    });
  const urls: Record<string, string> = {};
  for (const name of SUBGRAPH_NAMES) urls[name] = `http://${host}:${await listen(http.createServer(handler(name)))}/graphql`;
  const combinedPort = await listen(http.createServer(handler()));

  return {
    ready: { urls, combined: `http://${host}:${combinedPort}` },
    methods: {
      counts: () => ({ ...counts, executed }),
      reset: () => {
        for (const name of SUBGRAPH_NAMES) counts[name] = 0;
        executed = 0;
        return true;
      },
      startCapture: () => {
        capture = [];
        return true;
      },
      stopCapture: () => {
        const captured = capture ?? [];
        capture = undefined;
        return captured;
      },
    },
    async stop() {
      for (const server of servers) {
        server.closeAllConnections();
        server.close();
      }
    },
  };
}
