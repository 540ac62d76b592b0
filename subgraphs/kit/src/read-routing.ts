import { getOperationAST, parse } from 'graphql';
import type { Caller } from '../../../platform/caller';
import { SERVICE_ROLES } from '../../../access-policies/runtime/model';

/**
 * Whether this request reads from the standby: a query operation of a person. A service identity
 * reads the primary: its reads decide writes (an owner's reference check asks whether the house a
 * write names exists, and a house registered a moment ago must not be refused as missing while the
 * standby replays it) or follow change feeds from where they stopped.
 */
export function readsFromStandby(caller: Caller, body: unknown): boolean {
  return !(SERVICE_ROLES as readonly string[]).includes(caller.role ?? '') && readsOnly(body);
}

/**
 * Whether a request may read from the standby: only a query operation. A mutation is answered from
 * the primary as a whole, so its own answer (and everything resolved after its write in the same
 * request) sees the write: read-your-writes. Decided before the request's loaders exist, because
 * they hold their client from then on; anything unclear (no query text, as with a persisted query
 * hash, or a document that does not parse) goes to the primary, which is never wrong, only busier.
 *
 * A second parse (Apollo parses too): microseconds for the documents the gateway sends, and only when
 * a standby is configured.
 */
export function readsOnly(body: unknown): boolean {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const { query, operationName } = body as { query?: unknown; operationName?: unknown };
  if (typeof query !== 'string') return false;
  try {
    const operation = getOperationAST(parse(query), typeof operationName === 'string' ? operationName : undefined);
    return operation?.operation === 'query';
  } catch {
    return false;
  }
}
