import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';
import type { GatewayAudit } from '../audit/gateway-audit';
import type { Reservation } from '../audit/quotas';
import { operationFacts } from '../audit/operation-record';
import { ErrorCode } from '../../../platform/errors';

export const AUDIT_UNAVAILABLE_MESSAGE = 'The audit trail could not be written, so the answer is withheld; try again later';

/**
 * Whether the operation produced anything. A mutation whose every step came back null changed
 * nothing (each was refused or failed): it is REJECTED, not PARTIAL, on the trail.
 */
function answered(data: Record<string, unknown> | null | undefined, operationType: string | undefined): boolean {
  if (data === undefined || data === null) return false;
  return operationType !== 'mutation' || Object.values(data).some((value) => value !== null);
}

/**
 * Every operation gets its audit record before its response leaves: willSendResponse waits for the
 * record to be durable, and when it cannot be stored the response is replaced by an error.
 * Just before an operation runs (after validation; nothing is fetched earlier), its worst case is
 * reserved against the department's daily quotas; the sensitivities that do not fit are marked on
 * the caller, so the subgraphs refuse those fields with QUOTA_EXCEEDED. The reservation is settled
 * with the record, to what the subgraphs reported.
 */
export function auditPlugin(audit: GatewayAudit): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      let reservation: Reservation | undefined;
      return {
        async executionDidStart({ contextValue, schema, document, operation, request }) {
          reservation = await audit.reserve(
            { department: contextValue.caller.department, schema, document, operation, variables: request.variables },
            contextValue.requestId,
          );
          if (reservation.refused.length > 0) contextValue.quota = { exhausted: reservation.refused };
        },
        async willSendResponse({ contextValue, response, request, operationName, operation, source, schema }) {
          const single = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const headers = request.http?.headers;
          contextValue.auditing.recorded = true;
          try {
            const facts = operationFacts(
              {
                requestId: contextValue.requestId,
                clientRequestId: contextValue.clientRequestId,
                caller: contextValue.caller,
                header: (name) => headers?.get(name),
                startedAt: contextValue.startedAt,
                at: audit.now(),
              },
              {
                operationName: operationName ?? null,
                operationType: operation?.operation ?? null,
                source: source ?? null,
                variables: request.variables ?? null,
                operation,
                schema,
                httpStatus: response.http.status ?? 200,
                hasData: answered(single?.data, operation?.operation),
                errors: single?.errors ?? [],
                accesses: contextValue.accesses,
              },
            );
            await audit.record(facts, reservation);
          } catch (error) {
            contextValue.logger.error({ event: 'audit.unavailable', err: error }, 'response withheld: audit record not stored');
            response.http.status = 503;
            (response as { body: unknown }).body = {
              kind: 'single',
              singleResult: { errors: [{ message: AUDIT_UNAVAILABLE_MESSAGE, extensions: { code: ErrorCode.AUDIT_UNAVAILABLE } }] },
            };
          }
        },
      };
    },
  };
}
