import { randomUUID } from 'node:crypto';

/**
 * A subgraph's own request to the gateway, as a client with a service identity (a department token,
 * role `service`): the gateway decides what comes back by policy and writes the read to the audit
 * trail like anyone's. Each call has a request id of its own (the gateway keeps a client's UUID, so
 * the caller's log lines and the audit records share it). Used by the events subgraph's feed follower
 * and by the owners' reference checks.
 */

export class GatewayCallError extends Error {}

export interface ServiceGatewayOptions {
  /** Resolved at each call: subgraphs start before the gateway listens. */
  gatewayUrl: string | (() => string);
  token: () => Promise<string>;
  /** A call that has not answered in this time fails: whoever waits on it must not hang. */
  timeoutMs: number;
}

export interface GatewayCall {
  query: string;
  variables: Record<string, unknown>;
  purpose: string;
  /** What is asked, for the error messages (`addressChanges`, `reference check`). */
  what: string;
}

export interface GatewayAnswer<T> {
  data: T;
  requestId: string;
}

export function gatewayUrlOf(options: ServiceGatewayOptions): string {
  return typeof options.gatewayUrl === 'function' ? options.gatewayUrl() : options.gatewayUrl;
}

/** Any GraphQL error fails the whole call: a caller acting on part of an answer could skip what it was refused. */
export async function callGatewayAsService<T>(options: ServiceGatewayOptions, call: GatewayCall): Promise<GatewayAnswer<T>> {
  const requestId = randomUUID();
  const url = gatewayUrlOf(options);
  let token: string;
  try {
    token = await options.token();
  } catch (error) {
    throw new GatewayCallError(`${call.what}: no service token (${(error as Error).message})`);
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': call.purpose, 'x-request-id': requestId },
      body: JSON.stringify({ query: call.query, variables: call.variables }),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw new GatewayCallError(`${call.what}: the gateway at ${url} did not answer (${(error as Error).message})`);
  }
  const text = await response.text();
  let body: { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = JSON.parse(text);
  } catch {
    throw new GatewayCallError(`${call.what}: the gateway answered ${response.status} without JSON`);
  }
  if (body.errors?.length) {
    const first = body.errors[0]!;
    throw new GatewayCallError(`${call.what}: ${first.extensions?.code ?? `HTTP ${response.status}`}: ${first.message}`);
  }
  if (!body.data) throw new GatewayCallError(`${call.what}: the gateway answered ${response.status} without data`);
  return { data: body.data, requestId };
}
