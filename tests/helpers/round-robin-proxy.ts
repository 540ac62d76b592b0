import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobinProxy {
  url: string;
  /** How many requests each target was sent, in the targets' order. */
  sent: number[];
  close(): Promise<void>;
}

/**
 * The plainest HTTP load balancer: each request to the next target in turn, no sticky sessions, the
 * path, method, headers and body passed as they came. Enough to show replicas behind any balancer.
 */
export async function startRoundRobinProxy(targets: string[]): Promise<RoundRobinProxy> {
  const sent = targets.map(() => 0);
  let next = 0;
  const server = http.createServer((request, response) => {
    const index = next++ % targets.length;
    sent[index]++;
    const target = new URL(request.url ?? '/', targets[index]);
    const upstream = http.request(target, { method: request.method, headers: { ...request.headers, host: target.host } }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => {
      response.writeHead(502).end();
    });
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
