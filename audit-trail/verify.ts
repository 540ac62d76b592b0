import fs from 'node:fs';
import path from 'node:path';
import { createHash, KeyObject, verify as verifySignature } from 'node:crypto';
import readline from 'node:readline';
import type { SqlClient } from '../platform/database/sql-client';
import { ChainedRecord, Checkpoint, checkpointPayload, GENESIS_HASH } from './record';
import type { TrailFiles } from './trail-files';
import type { CheckpointWitness } from './witness';
import { columnsDiffer } from './column-check';
import { checkWitness } from './witness-check';
import type { TrailProblem } from './trail-problem';

export interface VerificationResult {
  ok: boolean;
  records: number;
  checkpoints: number;
  headSeq: number;
  headHash: string;
  /** The first problem found, naming the record and where it is. */
  problem?: TrailProblem;
  filesChecked: boolean;
  /** Whether the trail was checked against the witness of its checkpoints. */
  witnessChecked: boolean;
  /** The last record a witnessed checkpoint vouches for (with no witness: the last signed checkpoint). */
  protectedSeq: number;
  /**
   * Records after it: nothing outside the trail vouches for them yet, so cutting them off is not
   * detectable. A running system keeps this to the records of the last few seconds; a cleanly
   * stopped one has none.
   */
  unprotectedRecords: number;
  seconds: number;
}

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

class ChainChecker {
  seq = 0;
  hash = GENESIS_HASH;
  records = 0;
  checkpoints = 0;
  lastCheckpoint?: Checkpoint;
  readonly hashes: string[] = [];

  constructor(private readonly publicKey: KeyObject) {}

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
      const valid = verifySignature(null, checkpointPayload(parsed.seq, parsed.hash, parsed.at), this.publicKey, Buffer.from(parsed.signature, 'base64'));
      if (!valid) return `checkpoint at record ${parsed.seq} has a signature that is not the gateway's`;
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
}

/** Checks both copies of the trail, each on its own and against each other. */
export async function verifyTrail(options: {
  sql: SqlClient;
  files?: TrailFiles;
  witness?: CheckpointWitness;
  publicKey: KeyObject;
}): Promise<VerificationResult> {
  const started = process.hrtime.bigint();
  let protectedSeq = 0;
  const done = (checker: ChainChecker, problem?: TrailProblem): VerificationResult => ({
    ok: !problem,
    records: checker.records,
    checkpoints: checker.checkpoints,
    headSeq: checker.seq,
    headHash: checker.hash,
    problem,
    filesChecked: options.files !== undefined,
    witnessChecked: options.witness !== undefined,
    protectedSeq,
    unprotectedRecords: Math.max(0, checker.seq - protectedSeq),
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  });

  const files = new ChainChecker(options.publicKey);
  for (const file of options.files?.files() ?? []) {
    const name = path.basename(file);
    let lineNumber = 0;
    const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) {
      lineNumber++;
      if (line === '') continue;
      const problem = files.accept(line);
      if (problem) return done(files, { seq: files.seq + 1, requestId: requestIdOf(line), where: `${name} line ${lineNumber}`, problem });
    }
  }

  const database = new ChainChecker(options.publicKey);
  const pageSize = 5000;
  const { rows: anchors } = await options.sql.query<{ seq: string; hash: string; at: Date | string; signature: string }>(
    `SELECT c.seq::text AS seq, c.hash, c.at, c.signature FROM audit_checkpoint c
      WHERE c.seq = (SELECT min(seq) - 1 FROM audit_record)`,
  );
  if (anchors[0]) database.accept(checkpointLine(anchors[0]));
  for (let after = 0; ;) {
    const { rows } = await options.sql.query<Record<string, any>>(
      `SELECT r.seq::text AS seq, r.line, r.hash, r.prev_hash, r.request_id, r.at, r.department, r.user_id, r.level, r.purpose,
              r.client_name, r.operation_name, r.operation_type, r.document_hash, r.variables, r.outcome::text AS outcome,
              r.fields_granted, r.fields_masked, r.fields_denied, r.denial_reasons, r.http_status, r.duration_ms,
              r.record_count, r.sensitive_record_count,
              COALESCE((SELECT json_agg(json_build_array(a.entity_type, a.entity_key, a.subgraph, a.subject_digest, a.raw, a.masked, a.denied,
                                                           a.written, a.before_digest, a.after_digest, a.change_request_id)
                                        )
                          FROM audit_access a WHERE a.record_seq = r.seq), '[]'::json) AS accesses
         FROM audit_record r WHERE r.seq > $1 ORDER BY r.seq LIMIT ${pageSize}`,
      [after],
    );
    for (const row of rows) {
      const problem = database.accept(row.line) ?? columnsDiffer(row);
      if (problem) return done(database, { seq: Number(row.seq), requestId: row.request_id, where: 'audit database', problem });
      if (options.files && files.hashes[Number(row.seq)] !== row.hash) {
        return done(database, {
          seq: Number(row.seq),
          requestId: row.request_id,
          where: 'audit files',
          problem: files.hashes[Number(row.seq)]
            ? `record ${row.seq} differs between the database and the files`
            : `record ${row.seq} is in the database but missing from the files`,
        });
      }
    }
    if (rows.length < pageSize) break;
    after = Number(rows[rows.length - 1].seq);
  }
  if (options.files && files.seq > database.seq) {
    return done(database, {
      seq: database.seq + 1,
      where: 'audit database',
      problem: `records ${database.seq + 1}–${files.seq} are in the files but missing from the database (removed)`,
    });
  }
  const { rows: checkpoints } = await options.sql.query<{ seq: string; hash: string; at: Date | string; signature: string }>(
    'SELECT seq::text AS seq, hash, at, signature FROM audit_checkpoint ORDER BY audit_checkpoint.seq',
  );
  for (const c of checkpoints) {
    if (anchors[0] && c.seq === anchors[0].seq) continue;
    const problem = database.accept(checkpointLine(c));
    if (problem) return done(database, { seq: Number(c.seq), where: 'audit database checkpoints', problem });
  }
  const lastSigned = Math.max(files.lastCheckpoint?.seq ?? 0, database.lastCheckpoint?.seq ?? 0);
  if (lastSigned > database.seq) {
    return done(database, {
      seq: database.seq + 1,
      where: 'audit trail',
      problem: `a signed checkpoint vouches for ${lastSigned} records but only ${database.seq} remain (the tail was cut off)`,
    });
  }
  protectedSeq = lastSigned;
  if (options.witness) {
    const witnessed = await checkWitness(options.witness, database, options.publicKey, anchors[0] ? Number(anchors[0].seq) : 0);
    protectedSeq = witnessed.seq;
    if (witnessed.problem) return done(database, witnessed.problem);
  }
  return done(database);
}

function checkpointLine(c: { seq: string; hash: string; at: Date | string; signature: string }): string {
  return JSON.stringify({ kind: 'checkpoint', seq: Number(c.seq), hash: c.hash, at: new Date(c.at).toISOString(), signature: c.signature });
}

function requestIdOf(line: string): string | undefined {
  return /"requestId":"([^"]+)"/.exec(line)?.[1];
}
