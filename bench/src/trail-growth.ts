/**
 * How the audit trail grows: writes N typical records (the benchmark's small person page: one
 * operation, three persons) through the real AuditWriter into a fresh database on a PostgreSQL server,
 * then reports the bytes per record in PostgreSQL (heap, TOAST, indexes; records and accesses) and in
 * the NDJSON files, and how long verification of that trail takes. The figures behind the three-year
 * plan in README.md ("Running in production"). Not part of `npm run bench`: run it alone, quietly:
 *
 *   node dist/bench/src/trail-growth.js postgres://postgres@127.0.0.1:55432/postgres 100000
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { openDatabase } from '../../platform/database/open-database';
import { createLogger } from '../../platform/logger';
import { AuditWriter } from '../../audit-trail/audit-writer';
import { TrailFiles } from '../../audit-trail/trail-files';
import { ensureMonthPartitions } from '../../audit-trail/trail-partitions';
import { verifyTrail } from '../../audit-trail/verify';
import { syntheticRecord } from './scenarios/audit';

interface Sizes {
  heap: number;
  toast: number;
  indexes: number;
}

async function sizesOf(pool: Pool, parent: string): Promise<Sizes> {
  const { rows } = await pool.query<{ heap: string; toast: string; indexes: string }>(
    `SELECT coalesce(sum(pg_relation_size(c.oid)), 0)::text AS heap,
            coalesce(sum(CASE WHEN c.reltoastrelid = 0 THEN 0 ELSE pg_total_relation_size(c.reltoastrelid) END), 0)::text AS toast,
            coalesce(sum(pg_indexes_size(c.oid)), 0)::text AS indexes
     FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass`,
    [parent],
  );
  return { heap: Number(rows[0].heap), toast: Number(rows[0].toast), indexes: Number(rows[0].indexes) };
}

function directoryBytes(dir: string): number {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .reduce((sum, e) => (e.isFile() ? sum + fs.statSync(path.join(e.parentPath, e.name)).size : sum), 0);
}

async function main(): Promise<void> {
  const serverUrl = process.argv[2] ?? process.env.GRIDSHARE_TEST_POSTGRES_URL;
  const count = Number(process.argv[3] ?? 100_000);
  if (!serverUrl || !Number.isInteger(count) || count <= 0) throw new Error('usage: trail-growth.js <postgres url> [records]');
  const database = `gs_trail_growth_${randomBytes(4).toString('hex')}`;
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-trail-growth-'));
  const keys = generateKeyPairSync('ed25519');
  const db = await openDatabase({
    subgraph: 'audit',
    location: { kind: 'postgres', serverUrl, database },
    createPrisma: () => ({ $disconnect: async () => undefined }),
  });
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const pool = new Pool({ connectionString: url.toString(), max: 1 });
  try {
    // The synthetic records are dated January 2026: that month gets its partition as the gateway would make it.
    await ensureMonthPartitions(db.sql, new Date(syntheticRecord(0).at));
    const writer = new AuditWriter({ sql: db.sql, files: new TrailFiles(directory), signingKey: keys.privateKey, logger: createLogger({ level: 'warn' }) });
    await writer.init();
    const started = Date.now();
    for (let i = 0; i < count; i += 2000) {
      await Promise.all(Array.from({ length: Math.min(2000, count - i) }, (_, k) => writer.append(syntheticRecord(i + k))));
    }
    await writer.close();
    const writeSeconds = (Date.now() - started) / 1000;
    await pool.query('VACUUM ANALYZE audit_record, audit_access');
    const record = await sizesOf(pool, 'audit_record');
    const access = await sizesOf(pool, 'audit_access');
    const { rows } = await pool.query<{ n: string }>('SELECT count(*)::text AS n FROM audit_access');
    const checkpoints = await pool.query<{ bytes: string }>(`SELECT pg_total_relation_size('audit_checkpoint')::text AS bytes`);
    const fileBytes = directoryBytes(directory);
    const verifyStarted = Date.now();
    const verified = await verifyTrail({ sql: db.sql, files: new TrailFiles(directory), publicKey: keys.publicKey });
    const verifySeconds = (Date.now() - verifyStarted) / 1000;
    if (!verified.ok || verified.records !== count) throw new Error(`verification failed: ${JSON.stringify(verified.problem)}`);
    const per = (bytes: number) => Math.round((bytes / count) * 10) / 10;
    const total = record.heap + record.toast + record.indexes + access.heap + access.toast + access.indexes + Number(checkpoints.rows[0].bytes);
    console.log(
      JSON.stringify(
        {
          records: count,
          accessRows: Number(rows[0].n),
          writeSeconds,
          bytesPerRecord: {
            auditRecord: { heap: per(record.heap), toast: per(record.toast), indexes: per(record.indexes) },
            auditAccess: { heap: per(access.heap), toast: per(access.toast), indexes: per(access.indexes) },
            checkpoints: per(Number(checkpoints.rows[0].bytes)),
            postgresTotal: per(total),
            ndjsonFiles: per(fileBytes),
          },
          verify: { seconds: verifySeconds, recordsPerSecond: Math.round(count / verifySeconds) },
        },
        null,
        2,
      ),
    );
  } finally {
    await pool.end();
    await db.close();
    fs.rmSync(directory, { recursive: true, force: true });
    const admin = new Pool({ connectionString: serverUrl, max: 1 });
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).finally(() => admin.end());
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
