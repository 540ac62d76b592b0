import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { applyMigrations } from '../../../kit/src/database/migrations';
import { sqlClientForPGlite } from '../../../kit/src/database/sql-client';
import { createLogger, MemoryLogDestination } from '../../../kit/src/logger';
import { repoPath } from '../../../kit/src/repo-root';
import { AuditWriter } from './audit-writer';
import type { AuditRecordBody } from './record';
import { TrailFiles } from './trail-files';
import { verifyTrail } from './verify';

const body = (i: number): AuditRecordBody => ({
  requestId: `r-${i}`, at: new Date(Date.UTC(2026, 10, 22, 1, 0, i)).toISOString(), department: 'health', userId: 'u', level: 'city',
  purpose: null, clientName: null, operationName: null, operationType: 'query', documentHash: null, variables: { i },
  fieldsGranted: [], fieldsMasked: [], fieldsDenied: [], denialReasons: [], outcome: 'OK', httpStatus: 200, durationMs: 1,
  recordCount: 0, sensitiveRecordCount: 0, accesses: [],
});

describe('the audit writer', () => {
  let db: PGlite;
  let dir: string;
  const keys = generateKeyPairSync('ed25519');
  const writer = () =>
    new AuditWriter({ sql: sqlClientForPGlite(db), files: new TrailFiles(dir), signingKey: keys.privateKey, logger: createLogger({ destination: new MemoryLogDestination() }), checkpointEvery: 50 });

  beforeAll(async () => {
    db = new PGlite();
    await applyMigrations(sqlClientForPGlite(db), repoPath('subgraphs', 'audit', 'prisma', 'migrations'));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-writer-'));
  });
  afterAll(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('group-commits concurrent appends in chain order and resumes from the true head after a restart', async () => {
    const first = writer();
    await first.init();
    const records = await Promise.all(Array.from({ length: 150 }, (_, i) => first.append(body(i))));
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
    // Far fewer commits than records: they were grouped (each commit is one file write).
    await first.close();

    // Past 100 records a text-ordered head query would resume at 99 and collide.
    const second = writer();
    await second.init();
    expect(second.chainHead.seq).toBe(150);
    const next = await second.append(body(150));
    expect(next.seq).toBe(151);
    expect(next.prevHash).toBe(records[149].hash);
    await second.close();
    const result = await verifyTrail({ sql: sqlClientForPGlite(db), files: new TrailFiles(dir), publicKey: keys.publicKey });
    expect(result).toEqual(expect.objectContaining({ ok: true, records: 151 }));
    expect(result.checkpoints).toBeGreaterThanOrEqual(2);
  });

  it('copies records the database holds but the files lost (a crash between the two) at start-up', async () => {
    const [file] = new TrailFiles(dir).files();
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
    // The crash came after the last commit reached the database and before it reached the file.
    const cut = lines.findIndex((l) => l.includes('"kind":"record"') && JSON.parse(l).seq === 148);
    fs.writeFileSync(file, `${lines.slice(0, cut).join('\n')}\n`);
    const broken = await verifyTrail({ sql: sqlClientForPGlite(db), files: new TrailFiles(dir), publicKey: keys.publicKey });
    expect(broken.problem).toEqual(expect.objectContaining({ seq: 148, where: 'audit files' }));
    const restarted = writer();
    await restarted.init();
    await restarted.close();
    const repaired = await verifyTrail({ sql: sqlClientForPGlite(db), files: new TrailFiles(dir), publicKey: keys.publicKey });
    expect(repaired).toEqual(expect.objectContaining({ ok: true, records: 151 }));
  });
});
