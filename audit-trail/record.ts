import { createHash, KeyObject, sign, verify } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { ReportedAccess } from '../platform/wire-contract';
import { asSigningKey, type KeySet, type SigningKey } from '../platform/key-set';

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
  /**
   * The id of the key that signed it (platform/key-set.ts). Absent on the checkpoints of releases
   * before key rotation: those are checked with the legacy key, and their lines stay as written.
   */
  kid?: string;
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
export function signCheckpoint(seq: number, hash: string, at: string, key: KeyObject | SigningKey): Checkpoint {
  const { kid, privateKey } = asSigningKey(key);
  return { kind: 'checkpoint', seq, hash, at, signature: sign(null, checkpointPayload(seq, hash, at), privateKey).toString('base64'), kid };
}

/** Why a checkpoint's signature does not hold, if it does not: its key is looked up by the id it names. */
export function checkpointSignatureProblem(checkpoint: Checkpoint, keys: KeySet): string | undefined {
  const key = keys.checkpointKey(checkpoint.kid, checkpoint.at);
  if (typeof key === 'string') return key;
  const payload = checkpointPayload(checkpoint.seq, checkpoint.hash, checkpoint.at);
  return verify(null, payload, key, Buffer.from(checkpoint.signature, 'base64')) ? undefined : "has a signature that is not the gateway's";
}

/** A row of audit_checkpoint (or of a witness table), as the stores select it: CHECKPOINT_COLUMNS. */
export interface CheckpointRow {
  seq: string;
  hash: string;
  at: Date | string;
  signature: string;
  key_id: string | null;
}

export const CHECKPOINT_COLUMNS = 'seq::text AS seq, hash, at, signature, key_id';

/** The checkpoint a row holds; one without a key id stays without one, as its line was written. */
export function checkpointFromRow(c: CheckpointRow): Checkpoint {
  return {
    kind: 'checkpoint',
    seq: Number(c.seq),
    hash: c.hash,
    at: new Date(c.at).toISOString(),
    signature: c.signature,
    ...(c.key_id === null || c.key_id === undefined ? {} : { kid: c.key_id }),
  };
}
