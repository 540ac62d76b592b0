import type { GraphQLFormattedError, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { Policies } from '../../../access-policies/runtime/model';
import type { AccessEntry, AuditOutcome, AuditRecordBody } from '../../../audit-trail/record';
import type { Caller } from '../../../platform/caller';
import { rootFields } from './root-fields';
import type { RecordShaping } from './variable-shape';

export interface OperationFacts {
  requestId: string;
  /** The X-Request-Id the client sent, if any. */
  clientRequestId?: string | null;
  caller: Caller | undefined;
  clientName: string | null;
  operationName: string | null;
  operationType: string | null;
  source: string | null;
  variables: Record<string, unknown> | null;
  /** The operation and schema the variables were typed by, when the document parsed. */
  operation?: OperationDefinitionNode;
  schema?: GraphQLSchema;
  httpStatus: number;
  hasData: boolean;
  errors: readonly GraphQLFormattedError[];
  accesses: AccessEntry[];
  durationMs: number;
  at: Date;
}

/** Who asked and when: what the gateway knows of every request, answered or refused. */
export interface RequestFacts {
  requestId: string;
  clientRequestId: string | null;
  caller: Caller | undefined;
  /** A request header's value, if it was sent once. */
  header: (name: string) => string | null | undefined;
  startedAt: bigint;
  at: Date;
}

/** What happened to the operation, where there was one; a refusal before it has none of these. */
export type OperationPart = Partial<Pick<OperationFacts, 'operationName' | 'operationType' | 'source' | 'variables' | 'operation' | 'schema' | 'accesses'>> &
  Pick<OperationFacts, 'httpStatus' | 'hasData' | 'errors'>;

/** The one builder of an operation's facts, for the audit plugin and the refusal recorder alike. */
export function operationFacts(request: RequestFacts, part: OperationPart): OperationFacts {
  return {
    requestId: request.requestId,
    clientRequestId: request.clientRequestId,
    caller: request.caller,
    clientName: request.header('apollographql-client-name') ?? request.header('x-client-name') ?? null,
    operationName: part.operationName ?? null,
    operationType: part.operationType ?? null,
    source: part.source ?? null,
    variables: part.variables ?? null,
    operation: part.operation,
    schema: part.schema,
    httpStatus: part.httpStatus,
    hasData: part.hasData,
    errors: part.errors,
    accesses: part.accesses ?? [],
    durationMs: Number(process.hrtime.bigint() - request.startedAt) / 1e6,
    at: request.at,
  };
}

/** Sensitivity of a coordinate as the subgraph that served it declares it. */
export function sensitivityLookup(policies: Policies): (subgraph: string, coordinate: string) => string | undefined {
  return (subgraph, coordinate) => {
    const [typeName, fieldName] = coordinate.split('.');
    return policies.subgraphs.get(subgraph)?.types[typeName]?.fields[fieldName]?.sensitivity;
  };
}

/**
 * One entry per record and subgraph: a query plan may fetch from one subgraph several times (a root
 * field, then `_entities` for a nested field), and each fetch reports what it returned.
 */
export function mergeAccesses(accesses: AccessEntry[]): AccessEntry[] {
  const merged = new Map<string, AccessEntry>();
  for (const access of accesses) {
    const key = `${access.entityType}\u0000${access.entityKey}\u0000${access.subgraph}`;
    const known = merged.get(key);
    if (!known) {
      merged.set(key, { ...access, raw: [...access.raw], masked: [...access.masked], denied: [...access.denied] });
      continue;
    }
    const union = (a: string[], b: string[]) => [...new Set([...a, ...b])].sort();
    known.raw = union(known.raw, access.raw);
    known.masked = union(known.masked, access.masked);
    known.denied = union(known.denied, access.denied);
    known.subjectDigest ??= access.subjectDigest;
    // A record read in one fetch and written in another: the write's facts are kept.
    if (access.written) Object.assign(known, pickWrite(access));
  }
  return [...merged.values()];
}

function pickWrite(access: AccessEntry): Partial<AccessEntry> {
  const { written, beforeDigest, afterDigest, changeRequestId } = access;
  return { written, beforeDigest, afterDigest, ...(changeRequestId ? { changeRequestId } : {}) };
}

/** Turns what happened to one operation into its audit record body: keys, coordinates and shapes only. */
export function operationRecord(
  facts: OperationFacts,
  sensitivityOf: (subgraph: string, coordinate: string) => string | undefined,
  shaping: RecordShaping,
): AuditRecordBody {
  const accesses = mergeAccesses(facts.accesses);
  const granted = new Set<string>();
  const masked = new Set<string>();
  const denied = new Set<string>();
  const reasons = new Set<string>();
  let recordCount = 0;
  let sensitiveRecordCount = 0;
  for (const access of accesses) {
    access.raw.forEach((c) => granted.add(c));
    access.masked.forEach((c) => masked.add(c));
    access.denied.forEach((c) => denied.add(c));
    const read = [...access.raw, ...access.masked];
    if (read.length > 0) recordCount++;
    if (read.some((c) => sensitivityOf(access.subgraph, c) === 'sensitive')) sensitiveRecordCount++;
  }
  for (const error of facts.errors) {
    const extensions = error.extensions ?? {};
    // Every error says why: its reason, or else its code (BAD_USER_INPUT, GRAPHQL_VALIDATION_FAILED…),
    // so that no refused operation is recorded without one.
    if (typeof extensions.reason === 'string') reasons.add(extensions.reason);
    else if (typeof extensions.code === 'string') reasons.add(extensions.code);
    if (extensions.code === 'FORBIDDEN' && typeof extensions.coordinate === 'string') denied.add(extensions.coordinate);
  }
  const outcome: AuditOutcome =
    facts.httpStatus >= 500 ? 'ERROR' : facts.httpStatus >= 400 || !facts.hasData ? 'REJECTED' : facts.errors.length > 0 ? 'PARTIAL' : 'OK';
  if (outcome !== 'OK' && reasons.size === 0) reasons.add(outcome === 'ERROR' ? `HTTP_${facts.httpStatus}` : 'UNEXPLAINED');
  const roots = rootFields(facts.source, facts.operation, facts.operationName, facts.schema);
  return {
    requestId: facts.requestId,
    at: facts.at.toISOString(),
    department: facts.caller?.department ?? '(unauthenticated)',
    userId: facts.caller?.user ?? '(unauthenticated)',
    level: facts.caller?.level ?? '-',
    purpose: facts.caller?.purpose ?? null,
    clientName: facts.clientName,
    operationName: facts.operationName,
    operationType: facts.operationType,
    documentHash: facts.source ? shaping.document(facts.source) : null,
    variables: facts.variables ? shaping.variables(facts.variables, facts.operation, facts.schema) : null,
    fieldsGranted: [...granted].sort(),
    fieldsMasked: [...masked].sort(),
    fieldsDenied: [...denied].sort(),
    denialReasons: [...reasons].sort(),
    outcome,
    httpStatus: facts.httpStatus,
    durationMs: Math.round(facts.durationMs * 1000) / 1000,
    recordCount,
    sensitiveRecordCount,
    accesses,
    ...(roots.length > 0 ? { rootFields: roots } : {}),
    ...(facts.clientRequestId ? { clientRequestId: shaping.clientRequestId(facts.clientRequestId) } : {}),
    ...(facts.caller?.identity === 'development' ? { identity: 'development' as const } : {}),
  };
}
