import { loadConfig } from '../../platform/config';

/**
 * OpenTelemetry for `start` and `serve`, when an OTLP endpoint is configured. It must run before any
 * module that loads node:http or pg (runner/bin/gridshare.js calls it first): the instrumentations
 * patch those modules as they load. The spans are the requests between services (W3C `traceparent`
 * propagated from the caller, through the gateway, to each subgraph) and the SQL each subgraph sends
 * to PostgreSQL. They carry no values: SQL is the parameterised text (its parameters are not
 * recorded) and HTTP spans hold paths and statuses, never bodies. PGlite, inside the process, has no
 * statements to trace.
 */
export async function startTracing(args: string[]): Promise<{ shutdown(): Promise<void> } | undefined> {
  const [command, service] = args;
  if (command !== 'start' && command !== 'serve') return undefined;
  const { tracesEndpoint } = loadConfig();
  if (!tracesEndpoint) return undefined;
  // Loaded only now: the SDK takes seconds to load, which every other command would pay.
  const { startSdk } = await import('./tracing-sdk');
  return startSdk(command === 'serve' && service ? `gridshare-${service}` : 'gridshare', tracesEndpoint);
}
