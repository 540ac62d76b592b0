import http, { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ApolloServer, BaseContext, HeaderMap } from '@apollo/server';
import type { Logger } from '../logger';
import type { ServiceMetrics } from '../metrics';
import { ErrorCode } from '../errors';
import { bearerChallenge, firstErrorReason } from './bearer-challenge';
import { applyCors, CorsPolicy } from './cors';
import { RequestDrain } from './drain';

/**
 * A thin node:http binding for Apollo Server. Written here rather than using express because each
 * service needs only four routes, a hard body limit with a GraphQL-shaped 413, and a request id;
 * express would add a dependency and per-request middleware cost on the gateway's hot path.
 */
export interface HttpServiceOptions<Context extends BaseContext> {
  service: string;
  apollo: ApolloServer<Context>;
  /** `body` is the parsed request body, which subgraphs check their caller token against. */
  context: (request: IncomingMessage, requestId: string, body: unknown) => Promise<Context>;
  logger: Logger;
  metrics: ServiceMetrics;
  maxBodyBytes: number;
  ready?: () => Promise<boolean> | boolean;
  /** Counts the requests in flight and refuses new ones once the service stops (a new one when not given). */
  drain?: RequestDrain;
  /** Warnings and facts an operator should see beside readiness (e.g. a holiday calendar missing a year). */
  readyDetail?: () => Record<string, unknown>;
  /** Extra routes (e.g. the console); return true when handled. */
  routes?: (request: IncomingMessage, response: ServerResponse, requestId: string) => Promise<boolean> | boolean;
  /**
   * `assign`: every request gets an id of this service's own (the gateway: a client must not choose
   * the id its audit record is filed under). `forwarded`: the caller's X-Request-Id is kept when
   * well-formed (subgraphs, so their log lines carry the gateway's id).
   */
  requestIds: 'assign' | 'forwarded';
  /** Sees every /graphql answer just before it is sent, refusals made here included (the gateway audits them). */
  beforeSend?: (exchange: GraphQLExchange) => Promise<void>;
  /** Browser apps of other origins (the gateway only; subgraphs are never called from a browser). */
  cors?: CorsPolicy;
  /** Where a browser opening GET /graphql is sent (the gateway's explorer); GraphQL clients never ask for HTML. */
  browserPage?: string;
}

/** One /graphql request as answered. */
export interface GraphQLExchange {
  request: IncomingMessage;
  requestId: string;
  status: number;
  /** The JSON answer (a streamed answer is not shown). */
  body: string | undefined;
  startedAt: bigint;
}

export interface RunningHttpService {
  server: http.Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,100}$/;

/** The X-Request-Id a caller sent, when well-formed. */
export function sentRequestId(request: IncomingMessage): string | undefined {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : undefined;
}

export function createHttpHandler<Context extends BaseContext>(options: HttpServiceOptions<Context>) {
  const { logger, metrics } = options;
  const drain = options.drain ?? new RequestDrain();
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const started = process.hrtime.bigint();
    const requestId = (options.requestIds === 'forwarded' ? sentRequestId(request) : undefined) ?? randomUUID();
    response.setHeader('x-request-id', requestId);
    const url = new URL(request.url ?? '/', 'http://localhost');
    let route = url.pathname;
    try {
      if (options.cors && applyCors(options.cors, request, response)) {
        route = 'preflight';
      } else if (url.pathname === '/graphql' && options.browserPage && request.method === 'GET' && wantsHtml(request)) {
        response.writeHead(302, { location: options.browserPage });
        response.end();
      } else if (url.pathname === '/graphql') {
        drain.enter();
        try {
          await serveGraphQL(options, request, response, url, requestId, started, drain.isDraining);
        } finally {
          drain.leave();
        }
      } else if (url.pathname === '/health') {
        sendJson(response, 200, { status: 'ok', service: options.service });
      } else if (url.pathname === '/ready') {
        const ready = !drain.isDraining && (options.ready ? await options.ready() : true);
        const detail = options.readyDetail?.();
        const status = drain.isDraining ? 'stopping' : ready ? 'ready' : 'not ready';
        // The requests in flight: what a stop would wait for.
        sendJson(response, ready ? 200 : 503, { status, service: options.service, requestsInFlight: drain.requestsInFlight, ...(detail ? { detail } : {}) });
      } else if (options.routes && (await options.routes(request, response, requestId))) {
        // One label per mounted area, not per path: every console page would otherwise be a new series.
        route = `/${url.pathname.split('/')[1]}`;
      } else {
        route = 'other';
        sendJson(response, 404, { error: `no route ${url.pathname}` });
      }
    } catch (error) {
      logger.error({ event: 'http.failed', requestId, err: error }, 'request failed');
      if (!response.headersSent) sendGraphQLError(response, 500, 'Internal server error', ErrorCode.INTERNAL_SERVER_ERROR);
      else response.destroy();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequests.observe({ service: options.service, route, status: String(response.statusCode) }, seconds);
    }
  };
}

async function serveGraphQL<Context extends BaseContext>(
  options: HttpServiceOptions<Context>,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  requestId: string,
  startedAt: bigint,
  stopping: boolean,
): Promise<void> {
  const send = async (status: number, text: string, headers: Iterable<[string, string]> = []) => {
    await options.beforeSend?.({ request, requestId, status, body: text, startedAt });
    for (const [name, value] of headers) response.setHeader(name, value);
    if (status === 401) response.setHeader('www-authenticate', bearerChallenge(request, firstErrorReason(text)));
    if (!response.hasHeader('content-type')) response.setHeader('content-type', 'application/json; charset=utf-8');
    response.statusCode = status;
    response.end(text);
  };
  const refuse = (status: number, message: string, code: string, reason: string) =>
    send(status, JSON.stringify({ errors: [{ message, extensions: { code, reason } }] }));
  if (stopping) {
    // Not read: the body may be large and nothing of it is used. The connection goes with the answer.
    response.setHeader('connection', 'close');
    request.resume();
    await refuse(
      503,
      `The ${options.service} service is stopping: send the request again (another replica answers it)`,
      ErrorCode.SERVICE_UNAVAILABLE,
      'STOPPING',
    );
    return;
  }
  const body = await readBody(request, options.maxBodyBytes);
  if (body === undefined) {
    // Drain nothing more: the client is told and the socket closed, so an oversized upload stops early.
    response.setHeader('connection', 'close');
    await refuse(413, `Request body is larger than the limit of ${options.maxBodyBytes} bytes`, ErrorCode.PAYLOAD_TOO_LARGE, 'PAYLOAD_TOO_LARGE');
    return;
  }
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  let parsedBody: unknown = undefined;
  if (body.length > 0) {
    const type = headers.get('content-type') ?? '';
    if (type.startsWith('application/json') || type.startsWith('application/graphql-response+json')) {
      try {
        parsedBody = JSON.parse(body);
      } catch {
        await refuse(400, 'Request body is not valid JSON', 'BAD_REQUEST', 'MALFORMED_JSON');
        return;
      }
      if (Array.isArray(parsedBody)) {
        await refuse(400, 'Batched requests (a JSON array of operations) are not accepted: send one operation per request', 'BAD_REQUEST', 'BATCHED_REQUEST');
        return;
      }
    } else {
      parsedBody = body;
    }
  }
  const result = await options.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body: parsedBody },
    context: () => options.context(request, requestId, parsedBody),
  });
  if (result.body.kind === 'complete') {
    await send(result.status ?? 200, result.body.string, result.headers);
    return;
  }
  await options.beforeSend?.({ request, requestId, status: result.status ?? 200, body: undefined, startedAt });
  for (const [name, value] of result.headers) response.setHeader(name, value);
  response.statusCode = result.status ?? 200;
  for await (const chunk of result.body.asyncIterator) response.write(chunk);
  response.end();
}

/** A browser navigating asks for HTML first; a GraphQL client over GET asks for JSON. */
function wantsHtml(request: IncomingMessage): boolean {
  return /^\s*text\/html/.test(request.headers.accept ?? '');
}

function readBody(request: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limit) {
      request.resume();
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(value));
}

export function sendGraphQLError(response: ServerResponse, status: number, message: string, code: string): void {
  sendJson(response, status, { errors: [{ message, extensions: { code } }] });
}

export function listen(server: http.Server, port: number, host: string): Promise<RunningHttpService> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        server,
        port: address.port,
        url: `http://${urlHost}:${address.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

export function createNodeServer(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>): http.Server {
  const server = http.createServer((req, res) => void handler(req, res));
  // Longer than typical client pools' idle timeout, so the gateway's keep-alive sockets are reused
  // instead of racing a server-side close.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}
