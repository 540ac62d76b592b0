import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestAccess } from '../../../access-policies/runtime/request-access';
import { ACCESS_REPORT_EXTENSION } from '../../../platform/wire-contract';

/**
 * Tells the gateway which personal records this response holds and which of their fields went out
 * raw, masked or were refused, under the operation's request id. The gateway records it in the
 * audit trail and never passes subgraph extensions on to clients.
 */
export function accessReportPlugin(): ApolloServerPlugin<{ access?: RequestAccess }> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (response.body.kind !== 'single' || !contextValue.access) return;
          const report = contextValue.access.report();
          if (report.length === 0) return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, [ACCESS_REPORT_EXTENSION]: report };
        },
      };
    },
  };
}
