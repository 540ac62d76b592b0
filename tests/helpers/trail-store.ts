import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { openDatabase } from '../../platform/database/open-database';
import type { SqlClient } from '../../platform/database/sql-client';
import { createLogger, MemoryLogDestination } from '../../platform/logger';
import { AuditWriter, AuditWriterOptions } from '../../audit-trail/audit-writer';
import type { AuditRecordBody } from '../../audit-trail/record';
import { TrailFiles } from '../../audit-trail/trail-files';
import { verifyTrail } from '../../audit-trail/verify';
import { CheckpointWitness, FileWitness, PostgresWitness } from '../../audit-trail/witness';
import type { Backend } from './federation';

/** The backends a trail test runs on: PGlite always; PostgreSQL when a server is given (in CI always). */
export function trailBackends(): Backend[] {
  const url = process.env.GRIDSHARE_TEST_POSTGRES_URL;
  if (!url && process.env.CI) throw new Error('CI must set GRIDSHARE_TEST_POSTGRES_URL so the suite runs on PostgreSQL too');
  return url ? ['pglite', 'postgres'] : ['pglite'];
}

/** A clock that starts at `start` and moves one second per reading, as a busy trail's would. */
export function steppingClock(start: string, stepMs = 1000): () => Date {
  let t = Date.parse(start);
  return () => new Date((t += stepMs));
}

/** A clock a test sets. */
export class ManualClock {
  private t: number;
  constructor(start: string) {
    this.t = Date.parse(start);
  }
  readonly now = () => new Date(this.t);
  advance(ms: number): void {
    this.t += ms;
  }
}

export function recordBody(i: number, at: Date, overrides: Partial<AuditRecordBody> = {}): AuditRecordBody {
  return {
    requestId: `r-${i}`,
    at: at.toISOString(),
    department: 'health',
    userId: 'u',
    level: 'city',
    purpose: null,
    clientName: null,
    operationName: null,
    operationType: 'query',
    documentHash: null,
    variables: { i },
    fieldsGranted: [],
    fieldsMasked: [],
    fieldsDenied: [],
    denialReasons: [],
    outcome: 'OK',
    httpStatus: 200,
    durationMs: 1,
    recordCount: 0,
    sensitiveRecordCount: 0,
    accesses: [],
    ...overrides,
  };
}

let pgliteTemplate: Blob | undefined;

/**
 * One audit store (a fresh PGlite in memory, or a fresh database on the test PostgreSQL server),
 * a directory for the files, a witness beside them, the keys, and writers over them.
 */
export class TrailTestStore {
  readonly keys = generateKeyPairSync('ed25519');
  readonly logs = new MemoryLogDestination();
  readonly witnessPath: string;
  /** Set when the witness is a table in a database of its own on the test PostgreSQL server. */
  private witnessDatabase?: string;
  private constructor(
    readonly backend: Backend,
    readonly sql: SqlClient,
    readonly directory: string,
    private readonly dispose: () => Promise<void>,
  ) {
    this.witnessPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-witness-')), 'checkpoints.ndjson');
  }

  static async open(backend: Backend, directory?: string, options: { witness?: 'file' | 'postgres' } = {}): Promise<TrailTestStore> {
    const store = await TrailTestStore.openStore(backend, directory);
    if (options.witness === 'postgres') {
      store.witnessDatabase = `gs_witness_${randomBytes(4).toString('hex')}`;
      const admin = new Pool({ connectionString: process.env.GRIDSHARE_TEST_POSTGRES_URL!, max: 1 });
      await admin.query(`CREATE DATABASE "${store.witnessDatabase}"`).finally(() => admin.end());
    }
    return store;
  }

  private static async openStore(backend: Backend, directory?: string): Promise<TrailTestStore> {
    const dir = directory ?? fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-trail-'));
    if (backend === 'pglite') {
      // initdb and the migrations once per test file; later stores start from the dump.
      const db = await openDatabase({
        subgraph: 'audit',
        location: { kind: 'pglite', loadDataDir: pgliteTemplate },
        createPrisma: () => ({ $disconnect: async () => undefined }),
      });
      pgliteTemplate ??= await db.dump!();
      return new TrailTestStore(backend, db.sql, dir, () => db.close());
    }
    const serverUrl = process.env.GRIDSHARE_TEST_POSTGRES_URL!;
    const database = `gs_trail_${randomBytes(4).toString('hex')}`;
    const db = await openDatabase({
      subgraph: 'audit',
      location: { kind: 'postgres', serverUrl, database },
      createPrisma: () => ({ $disconnect: async () => undefined }),
    });
    return new TrailTestStore(backend, db.sql, dir, async () => {
      await db.close();
      const admin = new Pool({ connectionString: serverUrl, max: 1 });
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).finally(() => admin.end());
    });
  }

  files(): TrailFiles {
    return new TrailFiles(this.directory);
  }

  witness(): CheckpointWitness {
    if (!this.witnessDatabase) return new FileWitness(this.witnessPath);
    const url = new URL(process.env.GRIDSHARE_TEST_POSTGRES_URL!);
    url.pathname = `/${this.witnessDatabase}`;
    return new PostgresWitness(url.toString());
  }

  writer(options: Partial<AuditWriterOptions> = {}): AuditWriter {
    return new AuditWriter({
      sql: this.sql,
      files: this.files(),
      signingKey: this.keys.privateKey,
      logger: createLogger({ destination: this.logs }),
      witness: this.witness(),
      ...options,
    });
  }

  async verify() {
    const witness = this.witness();
    try {
      return await verifyTrail({ sql: this.sql, files: this.files(), witness, publicKey: this.keys.publicKey });
    } finally {
      await witness.close();
    }
  }

  logEvents(event: string): Record<string, any>[] {
    return this.logs.events(event);
  }

  /** Removes the witness: its file, or its table's rows. */
  async removeWitness(): Promise<void> {
    if (!this.witnessDatabase) return fs.rmSync(this.witnessPath);
    const url = new URL(process.env.GRIDSHARE_TEST_POSTGRES_URL!);
    url.pathname = `/${this.witnessDatabase}`;
    const pool = new Pool({ connectionString: url.toString(), max: 1 });
    await pool.query('DELETE FROM audit_witness').finally(() => pool.end());
  }

  async close(): Promise<void> {
    await this.dispose();
    fs.rmSync(path.dirname(this.witnessPath), { recursive: true, force: true });
    if (this.witnessDatabase) {
      const admin = new Pool({ connectionString: process.env.GRIDSHARE_TEST_POSTGRES_URL!, max: 1 });
      await admin.query(`DROP DATABASE IF EXISTS "${this.witnessDatabase}" WITH (FORCE)`).finally(() => admin.end());
    }
  }
}
