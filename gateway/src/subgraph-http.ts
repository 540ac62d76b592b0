import http from 'node:http';
import https from 'node:https';

/** A subgraph's HTTP answer as received: the body is parsed by each operation that reads it. */
export interface SubgraphHttpAnswer {
  status: number;
  contentType: string | undefined;
  text: string;
}

const IDLE_SOCKET_MS = 30_000;

/** The error a fetch past its deadline rejects with; the data source names the subgraph in its answer. */
export class SubgraphTimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(readonly deadlineMs: number) {
    super(`no answer within ${deadlineMs} ms`);
  }
}

/**
 * POSTs to the subgraphs over keep-alive connections. Written on node:http rather than fetch
 * (undici) because the gateway's CPU profile showed fetch's WHATWG streams, Headers objects and
 * transferable wrappers as its largest cost per subgraph request; a plain request on a pooled
 * socket with the body read as one Buffer measured 1.8× the throughput (bench, issue 15). No
 * library in package.json does this (undici is not a dependency; make-fetch-happen, Apollo's
 * default, is slower still and caches).
 */
export class SubgraphHttpClient {
  private readonly agents: { 'http:': http.Agent; 'https:': https.Agent };

  constructor(maxSocketsPerSubgraph = 64) {
    // LIFO: the most recently used socket is the one least likely to have been closed by the peer.
    // An idle socket is closed after 30 s, before the subgraphs close theirs (65 s, platform/http/serve.ts),
    // so a request is never written onto a socket the subgraph is closing. Requests in progress are not limited by it.
    const options = { keepAlive: true, maxSockets: maxSocketsPerSubgraph, scheduling: 'lifo' as const, timeout: IDLE_SOCKET_MS };
    this.agents = { 'http:': new http.Agent(options), 'https:': new https.Agent(options) };
  }

  /** Rejects with SubgraphTimeoutError when the whole exchange (connect, send, read) outlasts deadlineMs. */
  post(url: URL, headers: Record<string, string>, body: string, deadlineMs?: number): Promise<SubgraphHttpAnswer> {
    const transport = url.protocol === 'https:' ? https : http;
    const agent = url.protocol === 'https:' ? this.agents['https:'] : this.agents['http:'];
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const request = transport.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 0, contentType: response.headers['content-type'], text: Buffer.concat(chunks).toString('utf8') });
        });
        // Also a connection closed mid-answer (ECONNRESET, 'aborted'): never resolved as a short answer.
        response.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      });
      if (deadlineMs !== undefined) {
        timer = setTimeout(() => {
          const error = new SubgraphTimeoutError(deadlineMs);
          // Destroying the request also destroys its socket: a stalled peer's connection is never reused.
          request.destroy(error);
          reject(error);
        }, deadlineMs);
      }
      request.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      request.end(body);
    });
  }

  /** Closes the pooled connections (the gateway is stopping). */
  close(): void {
    this.agents['http:'].destroy();
    this.agents['https:'].destroy();
  }
}
