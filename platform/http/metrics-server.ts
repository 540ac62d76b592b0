import http from 'node:http';
import type { Registry } from 'prom-client';
import { combinedExposition } from '../metrics';
import { listen, RunningHttpService, sendJson } from './serve';

/**
 * The process's metrics on a listener of their own, bound to loopback unless configured otherwise:
 * the services' public ports face callers, and figures of every department's traffic are an
 * operator's business. Prometheus (or its sidecar) scrapes GET /metrics here.
 */
export function serveMetrics(registries: () => Registry[], port: number, host: string): Promise<RunningHttpService> {
  const server = http.createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (pathname !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      sendJson(response, 404, { error: 'metrics are served at GET /metrics' });
      return;
    }
    combinedExposition(registries()).then(
      ({ contentType, text }) => {
        response.writeHead(200, { 'content-type': contentType });
        response.end(request.method === 'HEAD' ? undefined : text);
      },
      (error: unknown) => sendJson(response, 500, { error: `metrics could not be collected: ${(error as Error).message}` }),
    );
  });
  return listen(server, port, host);
}
