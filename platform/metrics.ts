import { AggregatorRegistry, Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One registry per service, so that several services sharing a process (the embedded `start`) keep
 * their figures apart; the process's metrics listener (http/metrics-server.ts) serves them together.
 */
export interface ServiceMetrics {
  registry: Registry;
  sqlStatements: Counter<'subgraph' | 'kind'>;
  httpRequests: Histogram<'service' | 'route' | 'status'>;
}

/** What only the gateway measures: operations, their errors, subgraph fetches, the trail, refusals. */
export interface GatewayMetrics extends ServiceMetrics {
  /** One per root field an operation asked for (a bounded label: the schema's fields, not operation names). */
  operations: Counter<'type' | 'root_field' | 'outcome'>;
  operationSeconds: Histogram<'type' | 'outcome'>;
  errors: Counter<'code'>;
  /** The gateway's subgraph fetches: `sent`, or `shared` with an identical one in flight for the same caller identity. */
  subgraphFetches: Counter<'subgraph' | 'outcome'>;
  /** How long the fetches sent took, by how they ended. */
  subgraphFetchSeconds: Histogram<'subgraph' | 'outcome'>;
  auditCommits: Histogram<'outcome'>;
  auditRecords: Counter<'outcome'>;
  authFailures: Counter<'code' | 'kind'>;
}

const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createServiceMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
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
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
  };
}

export function createGatewayMetrics(): GatewayMetrics {
  const base = createServiceMetrics('gateway');
  const registers = [base.registry];
  return {
    ...base,
    operations: new Counter({
      name: 'gridshare_graphql_operations_total',
      help: 'GraphQL operations answered, once per root field asked for, by operation type and outcome (ok, partial, error)',
      labelNames: ['type', 'root_field', 'outcome'],
      registers,
    }),
    operationSeconds: new Histogram({
      name: 'gridshare_graphql_operation_duration_seconds',
      help: 'Time from an operation being resolved to its answer being ready, audit record included',
      labelNames: ['type', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    errors: new Counter({
      name: 'gridshare_graphql_errors_total',
      help: 'Errors in GraphQL answers, by error code (codes outside platform/errors.ts count as OTHER)',
      labelNames: ['code'],
      registers,
    }),
    subgraphFetches: new Counter({
      name: 'gridshare_subgraph_fetches_total',
      help: "The gateway's subgraph fetches, by subgraph and outcome: sent, or shared with an identical query in flight for the same caller identity",
      labelNames: ['subgraph', 'outcome'],
      registers,
    }),
    subgraphFetchSeconds: new Histogram({
      name: 'gridshare_subgraph_fetch_duration_seconds',
      help: 'Fetches the gateway sent to a subgraph, by subgraph and how they ended (ok, timeout, unreachable, failed)',
      labelNames: ['subgraph', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    auditCommits: new Histogram({
      name: 'gridshare_audit_commit_duration_seconds',
      help: 'Group commits of the audit trail (database transaction and file sync), by outcome (committed, refused)',
      labelNames: ['outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    auditRecords: new Counter({
      name: 'gridshare_audit_records_total',
      help: 'Audit records committed, or refused (their requests were answered 503 AUDIT_UNAVAILABLE)',
      labelNames: ['outcome'],
      registers,
    }),
    authFailures: new Counter({
      name: 'gridshare_auth_failures_total',
      help: 'Requests refused before any operation ran: no, malformed, forged, expired or otherwise invalid tokens and refused purposes',
      labelNames: ['code', 'kind'],
      registers,
    }),
  };
}

/** The process's own figures (CPU, memory, event loop), once per process whichever services it runs. */
export function createProcessRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** Sum of a counter's values across labels (for tests and the benchmark). */
export async function counterTotal(counter: Counter<string>): Promise<number> {
  const { values } = await counter.get();
  return values.reduce((sum, v) => sum + v.value, 0);
}

/**
 * Several services' registries as one Prometheus exposition. Their metrics share names, told apart by
 * the `service` label, and one exposition may hold each name once: prom-client's aggregator (made for
 * cluster workers) merges the families and keeps every labelled value.
 */
export async function combinedExposition(registries: Registry[]): Promise<{ contentType: string; text: string }> {
  const merged = AggregatorRegistry.aggregate(await Promise.all(registries.map((r) => r.getMetricsAsJSON())));
  return { contentType: merged.contentType, text: await merged.metrics() };
}
