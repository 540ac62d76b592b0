import type { RequestAccess } from '../../../../access-policies/runtime/request-access';
import { forbidden } from '../../../../platform/errors';

/**
 * What the write grants allow for the set of fields one change writes (the subgraph's WRITES table
 * says which). Refusals are FORBIDDEN with the reason and the coordinate, and fail closed: a field
 * without a grant refuses the whole change.
 */

function firstRefusal(access: RequestAccess, coordinates: readonly string[]) {
  for (const coordinate of coordinates) {
    const decision = access.write(coordinate);
    if (decision.effect === 'deny') return forbidden(decision.detail, { reason: decision.reason, coordinate });
  }
  return undefined;
}

/** A direct write (and approving a change request) needs a direct grant on every field it changes. */
export function authorizeDirectWrite(access: RequestAccess, coordinates: readonly string[], submitInstead: string): void {
  const refusal = firstRefusal(access, coordinates);
  if (refusal) throw refusal;
  const collected = coordinates.find((c) => access.write(c).effect === 'collect');
  if (collected) {
    throw forbidden(`${access.principal.department} may change ${collected} only through a change request the owner reviews: use ${submitInstead}`, {
      reason: 'COLLECTION_REQUIRED',
      coordinate: collected,
    });
  }
}

/**
 * Submitting a change request needs a grant (direct or collection) on every field. It applies at once,
 * to be reviewed later, only when every field's grant says `review: after` (or is direct).
 */
export function authorizeSubmission(access: RequestAccess, coordinates: readonly string[]): { applyAtOnce: boolean } {
  const refusal = firstRefusal(access, coordinates);
  if (refusal) throw refusal;
  const applyAtOnce = coordinates.every((c) => {
    const decision = access.write(c);
    return decision.effect === 'direct' || (decision.effect === 'collect' && decision.review === 'after');
  });
  // A submitter who may write every field directly has nothing to wait for only if they chose so;
  // they still submitted a request, which is reviewed like any other.
  return { applyAtOnce: applyAtOnce && coordinates.some((c) => access.write(c).effect === 'collect') };
}

/** The row scope of every write is the caller's jurisdiction: the row changed, or the grid a new row lies in. */
export function assertWritableRow(access: RequestAccess, typeName: string, gridCode: string, what: string): void {
  if (access.visible(typeName, gridCode)) return;
  throw forbidden(`${what} lies in grid ${gridCode}, outside your jurisdiction`, { reason: 'OUT_OF_JURISDICTION' });
}
