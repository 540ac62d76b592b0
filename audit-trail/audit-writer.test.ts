import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { applyMigrations } from '../platform/database/migrations';
import { sqlClientForPGlite } from '../platform/database/sql-client';
import { createLogger, MemoryLogDestination } from '../platform/logger';
import { repoPath } from '../platform/repo-root';
import { AuditWriter } from './audit-writer';
import type { AuditRecordBody } from './record';
import { TrailFiles } from './trail-files';
import { verifyTrail } from './verify';

/** A clock that starts at `start` and moves one second per reading, as a busy trail's would. */
function steppingClock(start: string): () => Date {
  let t = Date.parse(start);
  return () => new Date((t += 1000));
}

const body = (i: number, at: Date): AuditRecordBody => ({
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
});

// The trail's tests run on clocks far from today's date, so they pass whatever day the suite runs:
// records and checkpoints take their times from the injected clock, never from the machine's.
// Day files are UTC days, so only the run across midnight UTC spans two of them.
const CLOCKS: [string, string, number][] = [
  ['a past day', '2026-11-22T01:00:00Z', 1],
  ['across midnight UTC', '2026-12-31T23:58:30Z', 2],
  ['across midnight in China Standard Time (16:00 UTC)', '2027-02-10T15:58:30Z', 1],
  ['a day years ahead', '2031-07-01T08:00:00Z', 1],
];

describe.each(CLOCKS)('the audit writer on %s', (_label, start, dayFiles) => {
  const now = steppingClock(start);
  let db: PGlite;
  let dir: string;
  const keys = generateKeyPairSync('ed25519');
  const writer = () =>
    new AuditWriter({
      sql: sqlClientForPGlite(db),
      files: new TrailFiles(dir),
      signingKey: keys.privateKey,
      logger: createLogger({ destination: new MemoryLogDestination() }),
      checkpointEvery: 50,
      now,
    });

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
    const records = await Promise.all(Array.from({ length: 150 }, (_, i) => first.append(body(i, now()))));
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
    // Far fewer commits than records: they were grouped (each commit is one file write).
    await first.close();

    // Past 100 records a text-ordered head query would resume at 99 and collide.
    const second = writer();
    await second.init();
    expect(second.chainHead.seq).toBe(150);
    const next = await second.append(body(150, now()));
    expect(next.seq).toBe(151);
    expect(next.prevHash).toBe(records[149].hash);
    await second.close();
    const result = await verifyTrail({ sql: sqlClientForPGlite(db), files: new TrailFiles(dir), publicKey: keys.publicKey });
    expect(result).toEqual(expect.objectContaining({ ok: true, records: 151 }));
    expect(result.checkpoints).toBeGreaterThanOrEqual(2);
    expect(new TrailFiles(dir).files()).toHaveLength(dayFiles);
  });

  it('copies records the database holds but the files lost (a crash between the two) at start-up', async () => {
    const isRecord148 = (l: string) => l.includes('"kind":"record"') && JSON.parse(l).seq === 148;
    const files = new TrailFiles(dir).files();
    const at = files.findIndex((f) => fs.readFileSync(f, 'utf8').split('\n').filter(Boolean).some(isRecord148));
    // The crash came after the last commit reached the database and before it reached the files:
    // everything from record 148 on is gone from them, in whichever day files it was.
    const lines = fs.readFileSync(files[at], 'utf8').split('\n').filter(Boolean);
    fs.writeFileSync(files[at], `${lines.slice(0, lines.findIndex(isRecord148)).join('\n')}\n`);
    for (const later of files.slice(at + 1)) fs.rmSync(later);
    // The files end early (as a gateway's do while another writes after it): what they hold agrees, and verify says how far behind they are.
    const behind = await verifyTrail({ sql: sqlClientForPGlite(db), files: new TrailFiles(dir), publicKey: keys.publicKey });
    expect(behind).toEqual(expect.objectContaining({ ok: true, records: 151, filesBehind: 4 }));
    const restarted = writer();
    await restarted.init();
    await restarted.close();
    const repaired = await verifyTrail({ sql: sqlClientForPGlite(db), files: new TrailFiles(dir), publicKey: keys.publicKey });
    expect(repaired).toEqual(expect.objectContaining({ ok: true, records: 151, filesBehind: 0 }));
  });
});
