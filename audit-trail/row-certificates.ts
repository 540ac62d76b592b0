import type { SqlClient } from '../platform/database/sql-client';

/**
 * What the audit database itself establishes about one record row, set-based, so that verification
 * does not parse every line in this process (`audit verify` ≥ 200 000 records/s, issue 15).
 */
export interface RowCertificate {
  seq: number;
  hash: string;
  prevHash: string;
  /** sha256 (hex) of the whole line as UTF-8: equal to a file line's ⇔ the same bytes. */
  lineHash: string;
  /** ChainChecker.accept(line) would accept this line as record `seq` following a record whose hash is `prevHash`. */
  lineOk: boolean;
  /** columnsDiffer(row) would find nothing: every column and access row says what the line says. */
  columnsOk: boolean;
}

/*
 * Why a certificate is never more lenient than verify.ts's per-record check (it may be stricter:
 * a row it does not certify is then checked by that very code, which names the problem):
 *
 * - The line is parsed by PostgreSQL's JSON parser, strict RFC 8259 (a line it refuses makes the
 *   whole statement fail, and the caller checks from there row by row). Whatever it accepts,
 *   JSON.parse accepts, and both keep the last of duplicate members. The members are looked up in
 *   the parsed object, never found by position in the text, so string content that looks like a
 *   member (`"x":",\"seq\":1"`) cannot pass for one.
 * - lineOk: kind, seq, prevHash and hash are the parsed top-level members with their JSON types,
 *   equal to the columns; and the hash is recomputed exactly as recomputeHash does: the first
 *   `,"hash":"` and the 74 bytes from there removed. Those 74 are ASCII (the 64 are the hex hash,
 *   the last must be its closing quote), so bytes here and UTF-16 units there cut the same text.
 *   Canonical JSON escapes every quote inside a string, so the first `,"hash":"` (a quote after a
 *   comma) is structural, as recomputeHash says; if it were not, the recomputed hash would differ.
 * - columnsOk: strings equal as text with the line's member a JSON string (or null for NULL);
 *   numbers a JSON number equal as float8 (float8in and JSON.parse both round correctly, so the
 *   same double); the lists and `variables` equal as jsonb (same strings, numbers equal as
 *   decimals). A member missing from the line is SQL NULL here, never equal, where columnsDiffer
 *   sees undefined: a difference there too. `at` is compared as toISOString writes it (years
 *   1–9999, whole milliseconds: the column is timestamptz(3)).
 * - Access rows: the table's rows rebuilt as the line's entries (optional members only when not
 *   NULL) and compared as whole objects: equal objects give the 11-tuples columnsDiffer compares
 *   (an entry with an extra member or an explicit null is merely not certified). Same count, each
 *   side's entries all among the other's, and the table's entries distinct (its key): the same
 *   entries, whatever their order.
 */
const STRING_COLUMNS: [string, string][] = [
  ['request_id', 'requestId'],
  ['department', 'department'],
  ['user_id', 'userId'],
  ['level', 'level'],
  ['purpose', 'purpose'],
  ['client_name', 'clientName'],
  ['operation_name', 'operationName'],
  ['operation_type', 'operationType'],
  ['document_hash', 'documentHash'],
  ['outcome::text', 'outcome'],
];
const LIST_COLUMNS: [string, string][] = [
  ['fields_granted', 'fieldsGranted'],
  ['fields_masked', 'fieldsMasked'],
  ['fields_denied', 'fieldsDenied'],
  ['denial_reasons', 'denialReasons'],
];
const NUMBER_COLUMNS: [string, string][] = [
  ['http_status', 'httpStatus'],
  ['duration_ms', 'durationMs'],
  ['record_count', 'recordCount'],
  ['sensitive_record_count', 'sensitiveRecordCount'],
];

// On the line's UTF-8 bytes (positions in bytes, no character counting): `,"hash":"` is 2c2268617368223a22.
const LINE_OK = `
  jsonb_typeof(p.j->'kind') = 'string' AND p.j->>'kind' = 'record'
  AND jsonb_typeof(p.j->'seq') = 'number' AND p.j->>'seq' = r.seq::text
  AND jsonb_typeof(p.j->'prevHash') = 'string' AND p.j->>'prevHash' = r.prev_hash
  AND jsonb_typeof(p.j->'hash') = 'string' AND p.j->>'hash' = r.hash
  AND p.at > 0 AND substr(p.b, p.at + 9, 64) = convert_to(r.hash, 'UTF8') AND substr(p.b, p.at + 73, 1) = '\\x22'::bytea
  AND encode(sha256(overlay(p.b PLACING ''::bytea FROM p.at FOR 74)), 'hex') = r.hash`;

// Strings and numbers compared as text and float8 (to_jsonb costs a type lookup per call): a JSON
// number parses to the same double here (float8in) as in JSON.parse, both rounding correctly.
const COLUMNS_OK = [
  ...STRING_COLUMNS.map(
    ([column, member]) =>
      `CASE WHEN r.${column} IS NULL THEN jsonb_typeof(p.j->'${member}') = 'null'
            ELSE jsonb_typeof(p.j->'${member}') = 'string' AND p.j->>'${member}' = r.${column} END`,
  ),
  ...LIST_COLUMNS.map(([column, member]) => `p.j->'${member}' = COALESCE(to_jsonb(r.${column}), 'null'::jsonb)`),
  ...NUMBER_COLUMNS.map(([column, member]) => `jsonb_typeof(p.j->'${member}') = 'number' AND (p.j->>'${member}')::float8 = r.${column}::float8`),
  `COALESCE(p.j->'variables', 'null'::jsonb) = COALESCE(r.variables, 'null'::jsonb)`,
  `r.at = date_trunc('milliseconds', r.at) AND r.at >= '0001-01-01T00:00:00Z' AND r.at < '10000-01-01T00:00:00Z'`,
  `jsonb_typeof(p.j->'at') = 'string' AND p.j->>'at' = to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  `jsonb_typeof(p.j->'accesses') = 'array'`,
  // Same length, each side's entries all among the other's, and the table's entries distinct (its
  // key): the same entries. Sorting both (as columnsDiffer does) costs more than comparing a few;
  // a record with many accesses is compared sorted.
  `jsonb_array_length(p.j->'accesses') = COALESCE(cardinality(a.list), 0)`,
  `CASE WHEN jsonb_array_length(p.j->'accesses') <= 32
        THEN (SELECT le.entries @> COALESCE(a.list, '{}') AND le.entries <@ COALESCE(a.list, '{}')
                FROM (SELECT ARRAY(SELECT jsonb_array_elements(p.j->'accesses')) AS entries) le)
        ELSE (SELECT array_agg(e ORDER BY e) FROM jsonb_array_elements(p.j->'accesses') e)
             = (SELECT array_agg(x ORDER BY x) FROM unnest(a.list) x) END`,
].join('\n  AND ');

/** The rows with seq in (after, upTo], in seq order, each with its certificate: one statement. */
export async function certifyRows(sql: SqlClient, after: number, upTo: number): Promise<RowCertificate[]> {
  // JIT compiling this statement costs seconds per page and saves nothing: off, for this transaction only.
  const rows = await sql.transaction(async (tx) => {
    await tx.query('SET LOCAL jit = off');
    const result = await tx.query<{ seq: string; hash: string; prev_hash: string; line_hash: string; line_ok: boolean; columns_ok: boolean }>(
      `SELECT r.seq::text AS seq, r.hash, r.prev_hash,
              encode(sha256(p.b), 'hex') AS line_hash,
              l.ok AS line_ok,
              l.ok AND COALESCE(${COLUMNS_OK}, false) AS columns_ok
         FROM audit_record r
         -- OFFSET 0 keeps each line parsed once (a flattened subquery would repeat the cast at every use).
         CROSS JOIN LATERAL (SELECT q.j, q.b, position('\\x2c2268617368223a22'::bytea IN q.b) AS at
                               FROM (SELECT r.line::jsonb AS j, convert_to(r.line, 'UTF8') AS b OFFSET 0) q OFFSET 0) p
         CROSS JOIN LATERAL (SELECT COALESCE(${LINE_OK}, false) AS ok OFFSET 0) l
         CROSS JOIN LATERAL (
           SELECT array_agg(jsonb_build_object('denied', a.denied, 'entityKey', a.entity_key, 'entityType', a.entity_type,
                                               'masked', a.masked, 'raw', a.raw, 'subgraph', a.subgraph)
                            || CASE WHEN a.after_digest IS NULL THEN '{}' ELSE jsonb_build_object('afterDigest', a.after_digest) END
                            || CASE WHEN a.before_digest IS NULL THEN '{}' ELSE jsonb_build_object('beforeDigest', a.before_digest) END
                            || CASE WHEN a.change_request_id IS NULL THEN '{}' ELSE jsonb_build_object('changeRequestId', a.change_request_id) END
                            || CASE WHEN a.subject_digest IS NULL THEN '{}' ELSE jsonb_build_object('subjectDigest', a.subject_digest) END
                            || CASE WHEN a.written IS NULL THEN '{}' ELSE jsonb_build_object('written', a.written) END) AS list
             -- record_at too: the accesses are partitioned by it, so only the record's month is searched.
             FROM audit_access a WHERE a.record_seq = r.seq AND a.record_at = r.at) a
        WHERE r.seq > $1 AND r.seq <= $2 ORDER BY r.seq`,
      [after, upTo],
    );
    return result.rows;
  });
  return rows.map((r) => ({
    seq: Number(r.seq),
    hash: r.hash,
    prevHash: r.prev_hash,
    lineHash: r.line_hash,
    lineOk: r.line_ok === true,
    columnsOk: r.columns_ok === true,
  }));
}
