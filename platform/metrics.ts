import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One registry per service, so that several services sharing a process (the embedded `start`)
 * still each expose only their own figures on their own /metrics.
 */
export interface ServiceMetrics {
  registry: Registry;
  sqlStatements: Counter<'subgraph' | 'kind'>;
  httpRequests: Histogram<'service' | 'route' | 'status'>;
  /** The gateway's subgraph fetches: `sent`, or `shared` with an identical one in flight for the same caller identity. */
  subgraphFetches: Counter<'subgraph' | 'outcome'>;
}

export function createServiceMetrics(service: string, options: { processMetrics?: boolean } = {}): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    sqlStatements: new Counter({
      name: 'gridshare_sql_statements_total',
      help: 'SQL statements sent to the database, by subgraph and kind (query, execute, script)',
      labelNames: ['subgraph', 'kind'],
      registers: [registry],
    }),
    httpRequests: new Histogram({
      name: 'gridshare_http_request_duration_seconds',
      help: 'HTTP requests served, by route and status',
      labelNames: ['service', 'route', 'status'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    subgraphFetches: new Counter({
      name: 'gridshare_subgraph_fetches_total',
      help: "The gateway's subgraph fetches, by subgraph and outcome: sent, or shared with an identical query in flight for the same caller identity",
      labelNames: ['subgraph', 'outcome'],
      registers: [registry],
    }),
  };
}

/** Sum of a counter's values across labels (for tests and the benchmark). */
export async function counterTotal(counter: Counter<string>): Promise<number> {
  const { values } = await counter.get();
  return values.reduce((sum, v) => sum + v.value, 0);
}
