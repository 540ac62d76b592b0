import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayMetrics } from '../../../platform/metrics';
import { isDeliberate } from '../../../platform/errors';
import type { GatewayContext } from '../context';
import { rootFields } from '../audit/root-fields';

/**
 * Per-operation and per-error-code figures for operators. Labels stay bounded: root fields come from
 * the schema (never the client's operation names, which any caller could vary without end) and error
 * codes from platform/errors.ts (anything else counts as OTHER). Runs after the other plugins, so it
 * counts the errors as the caller receives them.
 */
export function metricsPlugin(metrics: GatewayMetrics): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ response, operation, source, operationName, schema }) {
          const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const errors = result?.errors ?? [];
          // Partial: some root field has a value beside the errors; a null for every one is an error.
          const hasData = Object.values(result?.data ?? {}).some((value) => value !== null);
          const outcome = errors.length === 0 ? 'ok' : hasData ? 'partial' : 'error';
          const type = operation?.operation ?? 'unknown';
          const fields = operation ? rootFields(source ?? null, operation, operationName ?? null, schema) : [];
          for (const field of fields.length > 0 ? fields : ['none']) metrics.operations.inc({ type, root_field: field, outcome });
          metrics.operationSeconds.observe({ type, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
          for (const error of errors) {
            const code = error.extensions?.code;
            metrics.errors.inc({ code: isDeliberate(code) ? (code as string) : 'OTHER' });
          }
        },
      };
    },
  };
}
