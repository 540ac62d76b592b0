import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';

/** One `graphql.operation` log line per operation, carrying the request id that subgraphs log too. */
export function requestLoggingPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, response, errors }) {
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          contextValue.logger.info(
            {
              event: 'graphql.operation',
              operationName: operationName ?? null,
              department: contextValue.caller.department,
              status: response.http.status ?? 200,
              errors: (errors ?? body?.errors ?? []).length,
              durationMs: Number(process.hrtime.bigint() - started) / 1e6,
            },
            'operation served',
          );
        },
      };
    },
  };
}
