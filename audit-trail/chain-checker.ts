import { createHash } from 'node:crypto';
import type { KeySet } from '../platform/key-set';
import { ChainedRecord, Checkpoint, checkpointSignatureProblem, GENESIS_HASH } from './record';
import type { RowCertificate } from './row-certificates';

const HASH_MEMBER = ',"hash":"';

/**
 * The record's own hash, recomputed from its line. Lines are canonical JSON (RFC 8785) and the
 * top-level "hash" member is the first place `,"hash":"` can occur structurally (inside strings every
 * quote is escaped), so removing it yields exactly the canonical JSON that was hashed.
 */
export function recomputeHash(line: string): { stated: string; actual: string } | undefined {
  const at = line.indexOf(HASH_MEMBER);
  if (at < 0) return undefined;
  const stated = line.slice(at + HASH_MEMBER.length, at + HASH_MEMBER.length + 64);
  const content = line.slice(0, at) + line.slice(at + HASH_MEMBER.length + 64 + 1);
  return { stated, actual: createHash('sha256').update(content).digest('hex') };
}

/** One copy of the trail (the files, or the database), line by line: its chain, hashes and checkpoints. */
export class ChainChecker {
  seq = 0;
  hash = GENESIS_HASH;
  records = 0;
  checkpoints = 0;
  lastCheckpoint?: Checkpoint;
  readonly hashes: string[] = [];

  constructor(private readonly keys: KeySet) {}

  /** Returns the problem with this line, if any. */
  accept(line: string): string | undefined {
    let parsed: ChainedRecord | Checkpoint;
    try {
      parsed = JSON.parse(line);
    } catch {
      return 'the line is not valid JSON (edited or torn)';
    }
    if (parsed.kind === 'checkpoint') {
      this.checkpoints++;
      const unsigned = checkpointSignatureProblem(parsed, this.keys);
      if (unsigned) return `checkpoint at record ${parsed.seq} ${unsigned}`;
      if (this.records === 0 && this.seq === 0) {
        // A trail pruned for retention starts at a signed anchor: the first record must link to it.
        this.seq = parsed.seq;
        this.hash = parsed.hash;
        this.hashes[parsed.seq] = parsed.hash;
        this.lastCheckpoint = parsed;
        return undefined;
      }
      if (parsed.seq > this.seq || this.hashes[parsed.seq] !== parsed.hash) {
        return `checkpoint vouches for record ${parsed.seq} with hash ${parsed.hash.slice(0, 12)}…, which the trail does not hold`;
      }
      this.lastCheckpoint = parsed;
      return undefined;
    }
    if (parsed.kind !== 'record') return 'the line is neither a record nor a checkpoint';
    if (parsed.seq !== this.seq + 1) {
      return parsed.seq > this.seq + 1
        ? `record ${this.seq + 1} is missing (removed): the next record is ${parsed.seq}`
        : `record ${parsed.seq} is out of order (reordered or duplicated) after record ${this.seq}`;
    }
    if (parsed.prevHash !== this.hash) return `record ${parsed.seq} does not link to record ${this.seq} (a record before it was changed, removed or reordered)`;
    const hashes = recomputeHash(line);
    if (!hashes || hashes.stated !== parsed.hash || hashes.actual !== parsed.hash) return `record ${parsed.seq} does not match its hash (edited)`;
    this.seq = parsed.seq;
    this.hash = parsed.hash;
    this.hashes[parsed.seq] = parsed.hash;
    this.records++;
    return undefined;
  }

  /**
   * Whether `accept` would take this line as the next record, decided without parsing it: the audit
   * database parsed and checked the identical line (row-certificates.ts). If so, takes it as `accept` would.
   */
  acceptCertified(row: RowCertificate | undefined, line?: Buffer): boolean {
    if (!row || !row.lineOk || row.seq !== this.seq + 1 || row.prevHash !== this.hash) return false;
    if (line && createHash('sha256').update(line).digest('hex') !== row.lineHash) return false;
    this.seq = row.seq;
    this.hash = row.hash;
    this.hashes[row.seq] = row.hash;
    this.records++;
    return true;
  }
}

/** The line bytes of a record (canonical JSON starts with its first member, accesses): only these can be certified. */
export const RECORD_START = Buffer.from('{"accesses":');
