import { boundedJson, DEFAULT_JSON_LIMITS, storableNumber, storableText } from './bounded-json';
import type { AccessEntry, AuditOutcome, AuditRecordBody } from './record';

const OUTCOMES: readonly AuditOutcome[] = ['OK', 'PARTIAL', 'REJECTED', 'ERROR'];
/** Longest free-standing text (ids, names of operations and clients, reasons). */
const TEXT = 200;
/** Longest key or coordinate (well below PostgreSQL's b-tree entry limit, ~2 700 bytes). */
const KEY = 500;
const INT_MAX = 2 ** 31 - 1;

const text = (value: string, max = TEXT) => storableText(String(value), max);
const optionalText = (value: string | null | undefined, max = TEXT) => (value === null || value === undefined ? null : text(value, max));
const texts = (values: readonly string[], max = KEY) => [...new Set(values.map((v) => text(v, max)))].sort();
const int = (value: number) => Math.min(INT_MAX, Math.max(-INT_MAX, Math.round(storableNumber(value) ?? 0)));

/**
 * The record as the trail can always store it, whoever built it: every string well-formed and
 * NUL-free and bounded, variables bounded in depth and size, numbers finite and in range, one access
 * entry per (entity, subgraph) as the table's key demands. Whatever a caller sent, the batch its
 * record joins is not put at risk by it.
 */
export function makeStorable(body: AuditRecordBody, now: () => Date): AuditRecordBody {
  const at = new Date(body.at);
  return {
    requestId: text(body.requestId),
    at: (Number.isNaN(at.getTime()) ? now() : at).toISOString(),
    department: text(body.department),
    userId: text(body.userId),
    level: text(body.level),
    purpose: optionalText(body.purpose),
    clientName: optionalText(body.clientName),
    operationName: optionalText(body.operationName),
    operationType: optionalText(body.operationType),
    documentHash: optionalText(body.documentHash),
    variables: body.variables === null || body.variables === undefined ? null : asObject(boundedJson(body.variables, DEFAULT_JSON_LIMITS)),
    fieldsGranted: texts(body.fieldsGranted),
    fieldsMasked: texts(body.fieldsMasked),
    fieldsDenied: texts(body.fieldsDenied),
    denialReasons: texts(body.denialReasons, TEXT),
    outcome: OUTCOMES.includes(body.outcome) ? body.outcome : 'ERROR',
    httpStatus: int(body.httpStatus),
    durationMs: Math.max(0, storableNumber(body.durationMs) ?? 0),
    recordCount: int(body.recordCount),
    sensitiveRecordCount: int(body.sensitiveRecordCount),
    accesses: storableAccesses(body.accesses),
    // Optional fields stay absent when absent: a record without them keeps the format it always had.
    ...(body.clientRequestId !== undefined ? { clientRequestId: text(body.clientRequestId) } : {}),
    ...(body.identity === 'development' ? { identity: 'development' as const } : {}),
    ...(body.rootFields !== undefined ? { rootFields: texts(body.rootFields) } : {}),
  };
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
}

function storableAccesses(accesses: readonly AccessEntry[]): AccessEntry[] {
  const byKey = new Map<string, AccessEntry>();
  for (const access of accesses) {
    const entry: AccessEntry = {
      entityType: text(access.entityType, KEY),
      entityKey: text(access.entityKey, KEY),
      subgraph: text(access.subgraph, KEY),
      raw: texts(access.raw),
      masked: texts(access.masked),
      denied: texts(access.denied),
    };
    if (access.subjectDigest) entry.subjectDigest = text(access.subjectDigest, KEY);
    // A write's facts: the coordinates it changed and keyed digests, never values.
    if (access.written) entry.written = texts(access.written);
    if (access.beforeDigest) entry.beforeDigest = text(access.beforeDigest, KEY);
    if (access.afterDigest) entry.afterDigest = text(access.afterDigest, KEY);
    if (access.changeRequestId) entry.changeRequestId = text(access.changeRequestId, KEY);
    const key = JSON.stringify([entry.entityType, entry.entityKey, entry.subgraph]);
    const known = byKey.get(key);
    if (!known) {
      byKey.set(key, entry);
      continue;
    }
    known.raw = texts([...known.raw, ...entry.raw]);
    known.masked = texts([...known.masked, ...entry.masked]);
    known.denied = texts([...known.denied, ...entry.denied]);
    known.subjectDigest ??= entry.subjectDigest;
    for (const key of ['written', 'beforeDigest', 'afterDigest', 'changeRequestId'] as const) {
      if (entry[key] !== undefined) (known as unknown as Record<string, unknown>)[key] = entry[key];
    }
  }
  return [...byKey.values()];
}
