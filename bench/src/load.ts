import { AutocannonRequest, loadAutocannon } from './bench-deps';
import { AnswerChecker, AnswerTally, ExpectedAnswer } from './answer-check';

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
  /** How the answers were checked as they arrived (absent when the spec expected nothing). */
  answers?: AnswerTally;
}

export interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  body?: string;
  /** A sequence of requests each connection cycles through (the body/headers above are then ignored). */
  requests?: (AutocannonRequest & { expect?: ExpectedAnswer })[];
  /** Headers made anew for every request (a caller token is accepted once), added to `headers`. */
  headersPerRequest?: () => Record<string, string>;
  /** A body made anew for every request (each write names a new record), instead of `body`. */
  bodyPerRequest?: () => string;
  /** The answer every response to `body` must be (200, no errors, exactly this data); checked as responses arrive. */
  expect?: ExpectedAnswer;
  /** Names the load in the error a wrong answer raises. */
  label?: string;
}

/**
 * Drives HTTP load with autocannon in this process (which the bench pins to the support core). When
 * the spec says what the answers must be, every response is checked as it arrives and a single wrong
 * one rejects the run: a figure is only ever reported for right answers.
 */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const autocannon = loadAutocannon();
  const expecting = spec.expect !== undefined || (spec.requests?.some((r) => r.expect !== undefined) ?? false);
  const checker = expecting ? new AnswerChecker(spec.label ?? spec.url) : undefined;
  const checking = (expect: ExpectedAnswer | undefined): Pick<AutocannonRequest, 'onResponse'> =>
    checker && expect ? { onResponse: (status, body) => checker.observe(expect, status, body) } : {};
  const single = spec.headersPerRequest || spec.bodyPerRequest || (spec.expect && !spec.requests);
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
        requests: single
          ? [
              {
                method: 'POST',
                body: spec.body,
                ...(spec.headersPerRequest || spec.bodyPerRequest
                  ? {
                      setupRequest: (r: AutocannonRequest) => ({
                        ...r,
                        headers: { 'content-type': 'application/json', ...spec.headers, ...spec.headersPerRequest?.() },
                        ...(spec.bodyPerRequest ? { body: spec.bodyPerRequest() } : {}),
                      }),
                    }
                  : {}),
                ...checking(spec.expect),
              },
            ]
          : spec.requests?.map(({ expect, ...r }) => ({
              method: 'POST',
              ...r,
              headers: { 'content-type': 'application/json', ...spec.headers, ...r.headers },
              ...checking(expect),
            })),
      },
      (error, result) => {
        if (error) return reject(error);
        try {
          checker?.assertRight();
        } catch (wrong) {
          return reject(wrong as Error);
        }
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
          ...(checker ? { answers: checker.result() } : {}),
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
