import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import canonicalize from 'canonicalize';
import { Pool } from 'pg';
import { guardPool } from '../platform/database/open-database';
import { CHECKPOINT_COLUMNS, checkpointFromRow, type Checkpoint, type CheckpointRow } from './record';
import { edgeLine } from './trail-files';
import { appendWhole, openForAppend } from './whole-lines';

/**
 * Somewhere the trail's own database and files are not, holding the head of every signed checkpoint.
 * Someone who can rewrite the trail (and even re-sign it with the key from the data directory) cannot
 * make it agree with what the witness saw; someone who cuts the tail cannot remove what the witness
 * vouches for. `audit verify` checks the trail against it.
 */
export interface CheckpointWitness {
  /** Where it is, for messages (a path, or the database without credentials). */
  readonly where: string;
  record(checkpoint: Checkpoint): Promise<void>;
  /** Every witnessed checkpoint, in the order witnessed. */
  entries(): AsyncIterable<Checkpoint>;
  last(): Promise<Checkpoint | undefined>;
  close(): Promise<void>;
}

/** `postgres://…` names a database (the table is created); anything else is a file path. */
export function openWitness(location: string): CheckpointWitness {
  return /^postgres(ql)?:\/\//.test(location) ? new PostgresWitness(location) : new FileWitness(location);
}

function parseCheckpoint(line: string): Checkpoint | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(line) as Checkpoint;
    return parsed.kind === 'checkpoint' && Number.isSafeInteger(parsed.seq) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** An NDJSON file of checkpoints; each is appended whole and fsynced, the file opened per write. */
export class FileWitness implements CheckpointWitness {
  constructor(readonly where: string) {}

  async record(checkpoint: Checkpoint): Promise<void> {
    fs.mkdirSync(path.dirname(this.where), { recursive: true });
    const handle = await openForAppend(this.where, 'a+');
    try {
      await dropTornEnd(handle);
      await appendWhole(handle, Buffer.from(`${canonicalize(checkpoint)}\n`, 'utf8'));
    } finally {
      await handle.close();
    }
  }

  async *entries(): AsyncIterable<Checkpoint> {
    if (!fs.existsSync(this.where)) return;
    const lines = readline.createInterface({ input: fs.createReadStream(this.where, { encoding: 'utf8' }), crlfDelay: Infinity });
    let bad: string | undefined;
    for await (const line of lines) {
      if (line === '') continue;
      // Only the very last line may be unfinished (a crash while appending it).
      if (bad !== undefined) throw new Error(`the witness ${this.where} holds a line that is not a checkpoint (edited or torn)`);
      const checkpoint = parseCheckpoint(line);
      if (checkpoint) yield checkpoint;
      else bad = line;
    }
  }

  async last(): Promise<Checkpoint | undefined> {
    return fs.existsSync(this.where) ? edgeLine(this.where, 'last', parseCheckpoint) : undefined;
  }

  async close(): Promise<void> {}
}

/** A crash while appending can leave an unfinished last line: it is cut before the next append. */
async function dropTornEnd(handle: fs.promises.FileHandle): Promise<void> {
  const { size } = await handle.stat();
  if (size === 0) return;
  const tail = Buffer.alloc(Math.min(size, 64 * 1024));
  await handle.read(tail, 0, tail.length, size - tail.length);
  if (tail[tail.length - 1] === 0x0a) return;
  const newline = tail.lastIndexOf(0x0a);
  await handle.truncate(newline < 0 ? Math.max(0, size - tail.length) : size - tail.length + newline + 1);
}

// key_id came with key rotation: a witness table of an earlier release gains it, its rows keep null (the legacy key).
const CREATE = `CREATE TABLE IF NOT EXISTS audit_witness (
  seq bigint PRIMARY KEY, hash text NOT NULL, at timestamptz(3) NOT NULL, signature text NOT NULL);
  ALTER TABLE audit_witness ADD COLUMN IF NOT EXISTS key_id text`;

/** A table in another PostgreSQL database (ideally another server, other credentials). */
export class PostgresWitness implements CheckpointWitness {
  readonly where: string;
  private readonly pool: Pool;
  private ready?: Promise<unknown>;

  constructor(url: string) {
    const shown = new URL(url);
    shown.password = '';
    shown.username = '';
    this.where = shown.toString();
    this.pool = new Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 5000, query_timeout: 10_000 });
    guardPool(this.pool);
  }

  private table(): Promise<unknown> {
    this.ready ??= this.pool.query(CREATE).catch((error) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  async record(c: Checkpoint): Promise<void> {
    await this.table();
    // A position already witnessed keeps what was witnessed first: a different hash is evidence.
    await this.pool.query('INSERT INTO audit_witness (seq, hash, at, signature, key_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (seq) DO NOTHING', [
      c.seq,
      c.hash,
      c.at,
      c.signature,
      c.kid ?? null,
    ]);
  }

  async *entries(): AsyncIterable<Checkpoint> {
    await this.table();
    for (let after = -1; ;) {
      const { rows } = await this.pool.query<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_witness WHERE seq > $1 ORDER BY seq LIMIT 10000`, [after]);
      for (const r of rows) yield checkpointFromRow(r);
      if (rows.length < 10_000) return;
      after = Number(rows[rows.length - 1].seq);
    }
  }

  async last(): Promise<Checkpoint | undefined> {
    await this.table();
    const { rows } = await this.pool.query<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_witness ORDER BY seq DESC LIMIT 1`);
    return rows[0] ? checkpointFromRow(rows[0]) : undefined;
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}
