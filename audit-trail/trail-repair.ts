import fs from 'node:fs';
import readline from 'node:readline';
import canonicalize from 'canonicalize';
import type { SqlClient } from '../platform/database/sql-client';
import type { Logger } from '../platform/logger';
import { CHECKPOINT_COLUMNS, checkpointFromRow, type CheckpointRow } from './record';
import { edgeRecordSeq, TrailFiles, utcDay } from './trail-files';
import { writeAll } from './whole-lines';

interface Entry {
  seq: number;
  /** Records before the checkpoint of the same position, as the writer appends them. */
  order: 0 | 1;
  line: string;
}

const before = (a: Entry, b: Entry) => a.seq - b.seq || a.order - b.order;

/**
 * Rebuilds one day's file from what it still holds and what the database holds for that day: every
 * whole line of the file is kept as it is (a file is never overwritten with the database's version
 * of a line, which would launder an edit into both stores); torn lines are dropped and the lines the
 * file lacks are taken from the database. Streams both, so a large day costs no memory.
 */
export async function repairDay(files: TrailFiles, sql: SqlClient, day: string, logger: Logger): Promise<{ kept: number; copied: number; dropped: number }> {
  const file = files.pathFor(day);
  const counts = { kept: 0, copied: 0, dropped: 0 };
  const fromFile = fs.existsSync(file) ? fileEntries(file, counts) : (async function* () {})();
  const fromDatabase = databaseEntries(sql, day);
  await files.replaceDay(day, async (handle) => {
    let chunk = '';
    const flush = async () => {
      if (chunk) await writeAll(handle, Buffer.from(chunk, 'utf8'));
      chunk = '';
    };
    let a = await fromFile.next();
    let b = await fromDatabase.next();
    while (!a.done || !b.done) {
      let take: Entry;
      if (!a.done && (b.done || before(a.value, b.value) <= 0)) {
        take = a.value;
        counts.kept++;
        if (!b.done && before(a.value, b.value) === 0) b = await fromDatabase.next();
        a = await fromFile.next();
      } else {
        take = (b as IteratorYieldResult<Entry>).value;
        counts.copied++;
        b = await fromDatabase.next();
      }
      chunk += `${take.line}\n`;
      if (chunk.length > 1 << 20) await flush();
    }
    await flush();
  });
  logger.warn({ event: 'audit.file_repaired', day, ...counts }, 'rebuilt an audit file from its whole lines and the database');
  return counts;
}

async function* fileEntries(file: string, counts: { dropped: number }): AsyncGenerator<Entry> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    const entry = entryOf(line);
    if (entry) yield entry;
    else counts.dropped++;
  }
}

function entryOf(line: string): Entry | undefined {
  try {
    const parsed = JSON.parse(line) as { kind?: string; seq?: unknown };
    if (!Number.isSafeInteger(parsed.seq)) return undefined;
    if (parsed.kind === 'record') return { seq: parsed.seq as number, order: 0, line };
    if (parsed.kind === 'checkpoint') return { seq: parsed.seq as number, order: 1, line };
  } catch {
    // torn or not JSON: not a line of the trail
  }
  return undefined;
}

async function* databaseEntries(sql: SqlClient, day: string): AsyncGenerator<Entry> {
  const start = `${day}T00:00:00.000Z`;
  const end = new Date(Date.parse(start) + 86_400_000).toISOString();
  const { rows: checkpointRows } = await sql.query<CheckpointRow>(
    `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoint WHERE at >= $1 AND at < $2 ORDER BY seq`,
    [start, end],
  );
  const checkpoints: Entry[] = checkpointRows.map((c) => ({ seq: Number(c.seq), order: 1, line: canonicalize(checkpointFromRow(c)) as string }));
  let next = 0;
  for (let after = -1; ;) {
    const { rows } = await sql.query<{ seq: string; line: string }>(
      'SELECT seq::text AS seq, line FROM audit_record WHERE at >= $1 AND at < $2 AND seq > $3 ORDER BY seq LIMIT 5000',
      [start, end, after],
    );
    for (const row of rows) {
      const entry: Entry = { seq: Number(row.seq), order: 0, line: row.line };
      while (next < checkpoints.length && before(checkpoints[next], entry) < 0) yield checkpoints[next++];
      yield entry;
    }
    if (rows.length < 5000) break;
    after = Number(rows[rows.length - 1].seq);
  }
  while (next < checkpoints.length) yield checkpoints[next++];
}

/**
 * Start-up: makes the files whole again after a crash, a full disk or a file removed while the system
 * was down. A torn newest file is rebuilt; records missing between (or before) the files are put back
 * into their days' files; records the database committed after the last file line are appended.
 */
export async function repairTrailFiles(files: TrailFiles, sql: SqlClient, logger: Logger): Promise<void> {
  const list = files.files();
  const newest = list.at(-1);
  if (newest && needsRepair(newest)) await repairDay(files, sql, TrailFiles.dayOf(newest), logger);

  const { rows } = await sql.query<{ first: string | null; last: string | null }>('SELECT min(seq)::text AS first, max(seq)::text AS last FROM audit_record');
  if (rows[0].first === null) return;
  const daysToRepair = new Set<string>();
  let expected = Number(rows[0].first);
  for (const file of files.files()) {
    const first = edgeRecordSeq(file, 'first');
    const last = edgeRecordSeq(file, 'last');
    if (first === undefined || last === undefined) continue;
    if (first > expected) for (const day of await daysOf(sql, expected, first - 1)) daysToRepair.add(day);
    expected = Math.max(expected, last + 1);
  }
  for (const day of daysToRepair) await repairDay(files, sql, day, logger);

  const fileSeq = files.lastRecordSeq();
  if (fileSeq < Number(rows[0].last)) {
    let copied = 0;
    for (let after = fileSeq; ;) {
      const { rows: missing } = await sql.query<{ seq: string; at: Date | string; line: string }>(
        'SELECT seq::text AS seq, at, line FROM audit_record WHERE seq > $1 ORDER BY seq LIMIT 5000',
        [after],
      );
      // One write and one fsync per day of the page.
      let i = 0;
      while (i < missing.length) {
        const day = utcDay(new Date(missing[i].at).toISOString());
        let text = '';
        while (i < missing.length && utcDay(new Date(missing[i].at).toISOString()) === day) text += `${missing[i++].line}\n`;
        await files.append(day, text);
      }
      copied += missing.length;
      if (missing.length < 5000) break;
      after = Number(missing[missing.length - 1].seq);
    }
    logger.warn({ event: 'audit.reconciled', copied }, 'copied committed audit records missing from the files');
  }
}

/** The newest file (the one a crash or a full disk can have hurt): an unfinished or foreign line, or a record missing between two. */
function needsRepair(file: string): boolean {
  const text = fs.readFileSync(file, 'utf8');
  if (text.length > 0 && !text.endsWith('\n')) return true;
  let previous: number | undefined;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const entry = entryOf(line);
    if (!entry) return true;
    if (entry.order === 1) continue;
    if (previous !== undefined && entry.seq !== previous + 1) return true;
    previous = entry.seq;
  }
  return false;
}

async function daysOf(sql: SqlClient, from: number, to: number): Promise<string[]> {
  const { rows } = await sql.query<{ day: string }>(
    `SELECT DISTINCT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM audit_record WHERE seq BETWEEN $1 AND $2 ORDER BY day`,
    [from, to],
  );
  return rows.map((r) => r.day);
}
