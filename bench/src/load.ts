import { AutocannonOptions, loadAutocannon } from './bench-deps';

/** One load run's figures. Failed requests are counted, never folded into the rate. */
export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Requests sent, answered or not when the run ended. */
  sent: number;
  failed: number;
  seconds: number;
}

export interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  body?: string;
  /** A sequence of requests each connection cycles through (the body/headers above are then ignored). */
  requests?: AutocannonOptions['requests'];
  /** Headers made anew for every request (a caller token is accepted once), added to `headers`. */
  headersPerRequest?: () => Record<string, string>;
}

/** Drives HTTP load with autocannon in this process (which the bench pins to the support core). */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const autocannon = loadAutocannon();
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: spec.seconds,
        timeout: 30,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...spec.headers },
        body: spec.body,
        requests: spec.headersPerRequest
          ? [
              {
                method: 'POST',
                body: spec.body,
                setupRequest: (r) => ({ ...r, headers: { 'content-type': 'application/json', ...spec.headers, ...spec.headersPerRequest!() } }),
              },
            ]
          : spec.requests?.map((r) => ({ method: 'POST', ...r, headers: { 'content-type': 'application/json', ...spec.headers, ...r.headers } })),
      },
      (error, result) => {
        if (error) return reject(error);
        const ok = result['2xx'];
        const failed = result.non2xx + result.errors + result.timeouts;
        const seconds = result.duration;
        resolve({
          requestsPerSecond: seconds > 0 ? ok / seconds : 0,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          requests: ok,
          sent: result.requests.sent,
          failed,
          seconds,
        });
      },
    );
  });
}

/** The median of several runs by rate (rounds interleave targets, so drift hits them alike). */
export function medianRun(runs: LoadResult[]): LoadResult {
  if (runs.length === 0) throw new Error('no runs');
  const sorted = [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}
