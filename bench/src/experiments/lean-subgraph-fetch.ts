import http from 'node:http';
import https from 'node:https';
import type { GatewayGraphQLRequest, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';

/**
 * A PROPOSED replacement of RemoteGraphQLDataSource.sendRequest for gateway/src/subgraph-client.ts,
 * measured by the bench's `--experiments` targets (the bench patches it onto the gateway's data
 * source prototype in its child process; nothing in gateway/src is changed by the bench).
 *
 * What it removes from every subgraph request, per the gateway's CPU profile:
 *  - undici's fetch (WHATWG streams, `makeTransferable`, Headers objects): a plain node:http
 *    request on a keep-alive agent, the body read as one Buffer and parsed with JSON.parse;
 *  - the node-fetch `Request` that the stock sendRequest builds for every call only to hand it to
 *    error hooks;
 * and, with `dedupe`, it shares one in-flight subgraph request among identical ones: same subgraph,
 * same caller token (so the same department, user, purpose and jurisdiction) and the same body,
 * queries only. Each operation still gets its own parsed copy, with the subgraph's access report,
 * so every audit record is as complete as without it.
 */
export interface LeanFetchOptions {
  dedupe: boolean;
  maxSockets?: number;
}

interface RawResponse {
  status: number;
  contentType: string | undefined;
  text: string;
}

export function leanSendRequest(options: LeanFetchOptions) {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64, scheduling: 'lifo' }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64, scheduling: 'lifo' }),
  };
  const inFlight = new Map<string, Promise<RawResponse>>();

  function post(url: URL, headers: Record<string, string>, body: string): Promise<RawResponse> {
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const request = transport.request(
        url,
        {
          method: 'POST',
          agent: agents[url.protocol as 'http:' | 'https:'],
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, contentType: response.headers['content-type'], text: Buffer.concat(chunks).toString('utf8') }),
          );
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  return async function sendRequest(this: unknown, request: GatewayGraphQLRequest): Promise<GatewayGraphQLResponse> {
    if (!request.http) throw new Error("Internal error: Only 'http' requests are supported.");
    const { http: httpRequest, ...payload } = request;
    const body = JSON.stringify(payload);
    const headers = Object.fromEntries(httpRequest.headers) as Record<string, string>;
    headers['content-type'] ??= 'application/json';
    const url = new URL(httpRequest.url);
    let raw: RawResponse;
    const key =
      options.dedupe && !/^\s*mutation\b/.test(payload.query ?? '') ? `${httpRequest.url}\u0000${headers.authorization ?? ''}\u0000${body}` : undefined;
    if (key) {
      let shared = inFlight.get(key);
      if (!shared) {
        shared = post(url, headers, body).finally(() => inFlight.delete(key));
        inFlight.set(key, shared);
      }
      raw = await shared;
    } else {
      raw = await post(url, headers, body);
    }
    const parsed = /json/.test(raw.contentType ?? '') ? safeParse(raw.text) : raw.text;
    if (raw.status < 200 || raw.status >= 300 || typeof parsed !== 'object' || parsed === null) {
      const error = new Error(`${raw.status}: ${raw.text.slice(0, 200)}`) as Error & { extensions?: unknown };
      error.extensions = {
        code: raw.status === 401 ? 'UNAUTHENTICATED' : raw.status === 403 ? 'FORBIDDEN' : 'SUBGRAPH_ERROR',
        response: { status: raw.status, body: parsed },
      };
      throw error;
    }
    return parsed as GatewayGraphQLResponse;
  };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
