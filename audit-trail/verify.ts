import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { asKeySet, type KeySet } from '../platform/key-set';
import type { SqlClient } from '../platform/database/sql-client';
import type { TrailFiles } from './trail-files';
import type { CheckpointWitness } from './witness';
import { columnsDiffer } from './column-check';
import { checkWitness } from './witness-check';
import type { TrailProblem } from './trail-problem';
import { byteLines } from './byte-lines';
import { CertifiedRows } from './certified-rows';
import { ChainChecker, RECORD_START } from './chain-checker';
import { CHECKPOINT_COLUMNS, checkpointFromRow, type CheckpointRow } from './record';

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
  /**
   * Records the database holds after the files' last line: with several gateways on one trail, those
   * another gateway committed after this directory's gateway last wrote (it appends them at its next
   * commit, or within a checkpoint interval when idle). What the files hold must match; they may end early.
   */
  filesBehind: number;
  /** Database rows whose checks the audit database made set-based (row-certificates.ts); the rest were checked one by one. */
  certifiedRecords: number;
  seconds: number;
}

/** Checks both copies of the trail, each on its own and against each other. */
export async function verifyTrail(options: {
  sql: SqlClient;
  files?: TrailFiles;
  witness?: CheckpointWitness;
  /** The gateway's key set (a single key: the set of it alone); each checkpoint is checked with the key it names. */
  publicKey: KeyObject | KeySet;
  /** Rows per certified range (row-certificates.ts); 0 checks every line and row one by one, as the tests' reference. */
  certifiedPageSize?: number;
}): Promise<VerificationResult> {
  const started = process.hrtime.bigint();
  let protectedSeq = 0;
  let certifiedFrom: number | undefined;
  let certifiedUpTo: number | undefined;
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
    filesBehind: options.files ? Math.max(0, checker.seq - files.seq) : 0,
    certifiedRecords: certifiedFrom === undefined || certifiedUpTo === undefined ? 0 : certifiedUpTo - certifiedFrom + 1,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  });

  const keys = asKeySet(options.publicKey);
  const files = new ChainChecker(keys);
  const database = new ChainChecker(keys);
  const { rows: anchors } = await options.sql.query<CheckpointRow>(
    `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoint c
      WHERE c.seq = (SELECT min(seq) - 1 FROM audit_record)`,
  );
  if (anchors[0]) database.accept(checkpointLine(anchors[0]));
  // The database's rows, certified set-based a page at a time, taken into its chain while they keep
  // certifying; from the first that does not, the rows are checked one by one below, as always.
  const certifies = options.certifiedPageSize !== 0;
  let certifying = certifies;
  const certified = new CertifiedRows(
    options.sql,
    (page) => {
      for (const row of page) {
        if (!certifying) return;
        if (row.columnsOk && database.acceptCertified(row)) {
          certifiedFrom ??= row.seq;
          certifiedUpTo = row.seq;
        } else certifying = false;
      }
    },
    options.certifiedPageSize || undefined,
  );
  // A problem found early leaves ranges being certified: wait for them before the caller closes the database.
  const check = async (): Promise<VerificationResult> => {
    for (const file of options.files?.files() ?? []) {
      const name = path.basename(file);
      let lineNumber = 0;
      for await (const lines of byteLines(file)) {
        for (const bytes of lines) {
          lineNumber++;
          if (bytes.length === 0) continue;
          if (certifies && bytes.subarray(0, RECORD_START.length).equals(RECORD_START)) {
            let row = certified.peek(files.seq + 1);
            if (row === 'read on') row = await certified.find(files.seq + 1);
            if (files.acceptCertified(row, bytes)) continue;
          }
          const line = bytes.toString('utf8');
          const problem = files.accept(line);
          if (problem) return done(files, { seq: files.seq + 1, requestId: requestIdOf(line), where: `${name} line ${lineNumber}`, problem });
        }
      }
    }

    await certified.drain(() => !certifying);
    if (certified.failed) certifying = false;
    // The row-by-row check compares each row with the files right after taking it: the first certified
    // row that differs is where it would have stopped.
    if (certifiedFrom !== undefined && certifiedUpTo !== undefined && options.files) {
      for (let seq = certifiedFrom; seq <= Math.min(certifiedUpTo, files.seq); seq++) {
        if (files.hashes[seq] === database.hashes[seq]) continue;
        // Where the row-by-row check would have stopped: with this row taken into the chain.
        database.records -= certifiedUpTo - seq;
        database.seq = seq;
        database.hash = database.hashes[seq];
        const { rows: found } = await options.sql.query<{ request_id: string }>('SELECT request_id FROM audit_record WHERE seq = $1', [seq]);
        return done(database, {
          seq,
          requestId: found[0]?.request_id,
          where: 'audit files',
          problem: files.hashes[seq]
            ? `record ${seq} differs between the database and the files`
            : `record ${seq} is in the database but missing from the files`,
        });
      }
    }

    const pageSize = 5000;
    // Row by row from the first row not certified, and (on a running system) the rows appended since.
    for (let after = certifiedUpTo ?? 0; ;) {
      const { rows } = await options.sql.query<Record<string, any>>(
        `SELECT r.seq::text AS seq, r.line, r.hash, r.prev_hash, r.request_id, r.at, r.department, r.user_id, r.level, r.purpose,
              r.client_name, r.operation_name, r.operation_type, r.document_hash, r.variables, r.outcome::text AS outcome,
              r.fields_granted, r.fields_masked, r.fields_denied, r.denial_reasons, r.http_status, r.duration_ms,
              r.record_count, r.sensitive_record_count,
              COALESCE((SELECT json_agg(json_build_array(a.entity_type, a.entity_key, a.subgraph, a.subject_digest, a.raw, a.masked, a.denied,
                                                           a.written, a.before_digest, a.after_digest, a.change_request_id)
                                        )
                          FROM audit_access a WHERE a.record_seq = r.seq AND a.record_at = r.at), '[]'::json) AS accesses
         FROM audit_record r WHERE r.seq > $1 ORDER BY r.seq LIMIT ${pageSize}`,
        [after],
      );
      for (const row of rows) {
        const problem = database.accept(row.line) ?? columnsDiffer(row);
        if (problem) return done(database, { seq: Number(row.seq), requestId: row.request_id, where: 'audit database', problem });
        if (options.files && Number(row.seq) <= files.seq && files.hashes[Number(row.seq)] !== row.hash) {
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
    const { rows: checkpoints } = await options.sql.query<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoint ORDER BY audit_checkpoint.seq`);
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
      const witnessed = await checkWitness(options.witness, database, keys, anchors[0] ? Number(anchors[0].seq) : 0);
      protectedSeq = witnessed.seq;
      if (witnessed.problem) return done(database, witnessed.problem);
    }
    return done(database);
  };
  try {
    return await check();
  } finally {
    await certified.settle();
  }
}

function checkpointLine(c: CheckpointRow): string {
  return JSON.stringify(checkpointFromRow(c));
}

function requestIdOf(line: string): string | undefined {
  return /"requestId":"([^"]+)"/.exec(line)?.[1];
}
