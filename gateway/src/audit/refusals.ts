import type { IncomingMessage } from 'node:http';
import type { GraphQLFormattedError } from 'graphql';
import type { Caller } from '../../../platform/caller';
import type { GraphQLExchange } from '../../../platform/http/serve';
import { sentRequestId } from '../../../platform/http/serve';
import type { Logger } from '../../../platform/logger';
import { Authenticator, refusedCaller } from '../auth';
import type { GatewayContext } from '../context';
import type { GatewayAudit } from './gateway-audit';
import { operationFacts } from './operation-record';

/** What the gateway learnt of a request before it was answered: its context, or who was refused. */
export interface ExchangeState {
  context?: GatewayContext;
  caller?: Caller;
}

/** Apollo refuses a few requests before any plugin runs; their only mark is the message. */
const APOLLO_REASONS: [RegExp, string][] = [[/Cross-Site Request Forgery/i, 'CSRF_PREVENTED']];

/**
 * Every /graphql answer has an audit record. The audit plugin writes those of operations; this
 * writes the rest: a bad or missing token, a refused purpose, a body too large, not JSON or batched,
 * a request blocked as cross-site request forgery, a malformed request Apollo refused before its
 * plugins. Who: the verified caller when the token was valid (checked now if it was not checked
 * yet); what: the refusal; why: the error's reason. A refusal stands even if its record fails.
 */
export function refusalRecorder(
  audit: GatewayAudit,
  authenticate: Authenticator,
  states: WeakMap<IncomingMessage, ExchangeState>,
  logger: Logger,
): (exchange: GraphQLExchange) => Promise<void> {
  return async ({ request, requestId, status, body, startedAt }) => {
    const state = states.get(request);
    if (state?.context?.auditing.recorded) return;
    const caller = state?.context?.caller ?? state?.caller ?? (await identify(authenticate, request));
    const errors = refusalErrors(status, body);
    const facts = operationFacts(
      { requestId, clientRequestId: sentRequestId(request) ?? null, caller, header: (name) => header(request, name), startedAt, at: audit.now() },
      { httpStatus: status, hasData: false, errors },
    );
    await audit.record(facts).catch((err) => logger.error({ event: 'audit.refusal_not_recorded', requestId, err }, 'refusal answered without an audit record'));
  };
}

async function identify(authenticate: Authenticator, request: IncomingMessage): Promise<Caller | undefined> {
  try {
    return await authenticate(request);
  } catch (error) {
    return refusedCaller(error);
  }
}

/** The answer's errors, each with a reason the record keeps (the code when the error named none). */
function refusalErrors(status: number, body: string | undefined): GraphQLFormattedError[] {
  let errors: GraphQLFormattedError[] = [];
  try {
    const parsed = body === undefined ? undefined : (JSON.parse(body) as { errors?: GraphQLFormattedError[] });
    errors = Array.isArray(parsed?.errors) ? parsed.errors : [];
  } catch {
    errors = [];
  }
  if (errors.length === 0) errors = [{ message: `HTTP ${status}` }];
  return errors.map((error) => {
    const extensions = error.extensions ?? {};
    const known = APOLLO_REASONS.find(([pattern]) => pattern.test(error.message))?.[1];
    const reason =
      typeof extensions.reason === 'string' ? extensions.reason : (known ?? (typeof extensions.code === 'string' ? extensions.code : `HTTP_${status}`));
    return { message: error.message, extensions: { ...extensions, reason } };
  });
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}
