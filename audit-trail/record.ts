import { createHash, KeyObject, sign } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { ReportedAccess } from '../platform/wire-contract';

export type AuditOutcome = 'OK' | 'PARTIAL' | 'REJECTED' | 'ERROR';

/** A personal record one operation touched, as the subgraph that served it reported (platform/wire-contract.ts). */
export type AccessEntry = ReportedAccess & { subgraph: string };

/** What the gateway records of one operation: keys and coordinates, never a personal value. */
export interface AuditRecordBody {
  requestId: string;
  at: string;
  department: string;
  userId: string;
  level: string;
  purpose: string | null;
  clientName: string | null;
  operationName: string | null;
  operationType: string | null;
  documentHash: string | null;
  variables: Record<string, unknown> | null;
  fieldsGranted: string[];
  fieldsMasked: string[];
  fieldsDenied: string[];
  denialReasons: string[];
  outcome: AuditOutcome;
  httpStatus: number;
  durationMs: number;
  recordCount: number;
  sensitiveRecordCount: number;
  accesses: AccessEntry[];
  /**
   * Optional members, present only when they apply, so that every record without them hashes as
   * before. clientRequestId: the X-Request-Id the client sent (the record's requestId is always
   * the gateway's own). identity: "development" for a development identity (the console's
   * development sign-in or `gridshare token`), never for the identity provider's tokens.
   */
  clientRequestId?: string;
  identity?: 'development';
  /** The root fields the operation asked for (Mutation.changeHouse): a write's step, a refusal's request. */
  rootFields?: string[];
}

export interface ChainedRecord extends AuditRecordBody {
  kind: 'record';
  seq: number;
  prevHash: string;
  hash: string;
}

/** A signed statement of the chain head: truncating the tail below it is detectable. */
export interface Checkpoint {
  kind: 'checkpoint';
  seq: number;
  hash: string;
  at: string;
  signature: string;
}

export type TrailLine = ChainedRecord | Checkpoint;

export const GENESIS_HASH = '0'.repeat(64);

/** SHA-256 over the RFC 8785 canonical JSON of the record without its own hash. */
export function hashRecord(record: Omit<ChainedRecord, 'hash'>): string {
  return createHash('sha256')
    .update(canonicalize(record) as string)
    .digest('hex');
}

export function chain(body: AuditRecordBody, seq: number, prevHash: string): ChainedRecord {
  const unhashed = { ...body, kind: 'record' as const, seq, prevHash };
  return { ...unhashed, hash: hashRecord(unhashed) };
}

/** The bytes a checkpoint signature covers. */
export function checkpointPayload(seq: number, hash: string, at: string): Buffer {
  return Buffer.from(`gridshare-audit-checkpoint\n${seq}\n${hash}\n${at}`, 'utf8');
}

/** A signed statement that the chain's record `seq` has hash `hash`, made at `at`. */
export function signCheckpoint(seq: number, hash: string, at: string, signingKey: KeyObject): Checkpoint {
  return { kind: 'checkpoint', seq, hash, at, signature: sign(null, checkpointPayload(seq, hash, at), signingKey).toString('base64') };
}
