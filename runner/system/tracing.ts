import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { loadConfig } from '../../platform/config';

/** The probes and the metrics scrape: polled every few seconds, they would bury the requests' traces. */
const UNTRACED_PATHS = new Set(['/health', '/ready', '/metrics']);

/**
 * OpenTelemetry for `start` and `serve`, when an OTLP endpoint is configured. It must run before any
 * module that loads node:http or pg (runner/bin/gridshare.js calls it first): the instrumentations
 * patch those modules as they load. The spans are the requests between services (W3C `traceparent`
 * propagated from the caller, through the gateway, to each subgraph) and the SQL each subgraph sends
 * to PostgreSQL. They carry no values: SQL is the parameterised text (its parameters are not
 * recorded) and HTTP spans hold paths and statuses, never bodies. PGlite, inside the process, has no
 * statements to trace.
 */
export function startTracing(args: string[]): { shutdown(): Promise<void> } | undefined {
  const [command, service] = args;
  if (command !== 'start' && command !== 'serve') return undefined;
  const { tracesEndpoint } = loadConfig();
  if (!tracesEndpoint) return undefined;
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ 'service.name': command === 'serve' && service ? `gridshare-${service}` : 'gridshare' }),
    traceExporter: new OTLPTraceExporter({ url: tracesEndpoint }),
    // Traces only: metrics are served to Prometheus (platform/http/metrics-server.ts) and logs go to
    // pino; the SDK would otherwise start OTLP metric and log exporters of its own.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has(new URL(request.url ?? '/', 'http://localhost').pathname) }),
      new UndiciInstrumentation(),
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  });
  sdk.start();
  return sdk;
}
