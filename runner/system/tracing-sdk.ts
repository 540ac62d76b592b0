import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { resourceFromAttributes } from '@opentelemetry/resources';

/** The probes and the metrics scrape: polled every few seconds, they would bury the requests' traces. */
const UNTRACED_PATHS = new Set(['/health', '/ready', '/metrics']);

/** The OpenTelemetry SDK with the instrumentations tracing.ts describes, exporting to `tracesEndpoint`. */
export function startSdk(serviceName: string, tracesEndpoint: string): NodeSDK {
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
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
