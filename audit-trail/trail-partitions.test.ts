import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { openDatabase, SubgraphDatabase } from '../platform/database/open-database';
import { repoPath } from '../platform/repo-root';
import { ManualClock, recordBody, trailBackends, TrailTestStore } from '../tests/helpers/trail-store';
import type { AccessEntry } from './record';
import { ensureMonthPartitions, monthPartitions } from './trail-partitions';
import { pruneTrail } from './prune';
import { verifyTrail } from './verify';

const person = (key: string): AccessEntry => ({ entityType: 'Person', entityKey: key, subgraph: 'population', raw: ['Person.name'], masked: [], denied: [] });

/** Where each record and each access row is stored: its partition's name, by seq. */
async function placement(store: TrailTestStore): Promise<{ records: Record<string, string>; accesses: Record<string, string> }> {
  const records = await store.sql.query<{ seq: string; part: string }>('SELECT seq::text AS seq, tableoid::regclass::text AS part FROM audit_record');
  const accesses = await store.sql.query<{ seq: string; part: string }>('SELECT record_seq::text AS seq, tableoid::regclass::text AS part FROM audit_access');
  return {
    records: Object.fromEntries(records.rows.map((r) => [r.seq, r.part])),
    accesses: Object.fromEntries(accesses.rows.map((r) => [r.seq, r.part])),
  };
}

async function partitionTables(store: TrailTestStore): Promise<string[]> {
  const { rows } = await store.sql.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent IN ('audit_record'::regclass, 'audit_access'::regclass) ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

describe.each(trailBackends())('the trail partitioned by month, on %s', (backend) => {
  let store: TrailTestStore;
  beforeEach(async () => {
    store = await TrailTestStore.open(backend);
  });
  afterEach(() => store.close());

  it('stores records on both sides of a month boundary in their own months, and the trail verifies', async () => {
    const clock = new ManualClock('2027-01-31T23:59:58Z');
    expect(await ensureMonthPartitions(store.sql, clock.now())).toEqual(['audit_record_p202701', 'audit_record_p202702']);
    const writer = store.writer({ now: clock.now });
    await writer.init();
    for (let i = 1; i <= 4; i++) {
      await writer.append(recordBody(i, clock.now(), { accesses: [person(`p-${i}`)] }));
      clock.advance(1000);
    }
    await writer.close();
    expect(await placement(store)).toEqual({
      records: { 1: 'audit_record_p202701', 2: 'audit_record_p202701', 3: 'audit_record_p202702', 4: 'audit_record_p202702' },
      accesses: { 1: 'audit_access_p202701', 2: 'audit_access_p202701', 3: 'audit_access_p202702', 4: 'audit_access_p202702' },
    });
    expect(await store.verify()).toEqual(expect.objectContaining({ ok: true, records: 4 }));
    // Lookups by chain position still find the one record, in whichever month it is.
    const { rows } = await store.sql.query<{ request_id: string }>('SELECT request_id FROM audit_record WHERE seq = 3');
    expect(rows).toEqual([{ request_id: 'r-3' }]);
  });

  it('never loses a record whose month has no partition yet, and later moves it into its month', async () => {
    // Only January and February 2027 are made; the clock then jumps to January 2030 (a clock far off, an upkeep that never ran).
    await ensureMonthPartitions(store.sql, new Date('2027-01-10T00:00:00Z'));
    const clock = new ManualClock('2027-01-10T00:00:00Z');
    const writer = store.writer({ now: clock.now });
    await writer.init();
    await writer.append(recordBody(1, clock.now(), { accesses: [person('p-1')] }));
    clock.advance(3 * 365 * 86_400_000);
    const late = await writer.append(recordBody(2, clock.now(), { accesses: [person('p-2'), person('p-3')] }));
    expect(late.seq).toBe(2);
    await writer.close();
    expect((await placement(store)).records).toEqual({ 1: 'audit_record_p202701', 2: 'audit_record_default' });
    expect((await store.verify()).ok).toBe(true);

    // The upkeep gives the month its partition and takes the record and its accesses out of the default.
    const created = await ensureMonthPartitions(store.sql, new Date('2027-01-20T00:00:00Z'));
    expect(created).toEqual(['audit_record_p203001']);
    const moved = await placement(store);
    expect(moved.records).toEqual({ 1: 'audit_record_p202701', 2: 'audit_record_p203001' });
    const { rows } = await store.sql.query<{ part: string; n: number }>(
      'SELECT tableoid::regclass::text AS part, count(*)::int AS n FROM audit_access GROUP BY 1 ORDER BY 1',
    );
    expect(rows).toEqual([
      { part: 'audit_access_p202701', n: 1 },
      { part: 'audit_access_p203001', n: 2 },
    ]);
    expect(await store.verify()).toEqual(expect.objectContaining({ ok: true, records: 2 }));
  });

  it('prunes by dropping the expired months, keeps a partly expired month whole, and the trail still verifies', async () => {
    const clock = new ManualClock('2027-01-31T23:00:00Z');
    await ensureMonthPartitions(store.sql, clock.now(), [new Date('2027-03-01T00:00:00Z')]);
    const writer = store.writer({ now: clock.now, checkpointEvery: 2 });
    await writer.init();
    await writer.append(recordBody(1, clock.now(), { accesses: [person('p-1')] }));
    // A request that came in on 31 January but whose record is chained after one of 1 February's: it
    // takes that record's time (times never go back along the chain), so it is February's.
    const lateJanuary = recordBody(3, new Date('2027-01-31T23:59:59.990Z'), { accesses: [person('p-3')] });
    clock.advance(3600_000);
    await writer.append(recordBody(2, clock.now(), { accesses: [person('p-2')] }));
    await writer.append(lateJanuary);
    for (let i = 4; i <= 6; i++) {
      clock.advance(14 * 86_400_000);
      await writer.append(recordBody(i, clock.now(), { accesses: [person(`p-${i}`)] }));
    }
    await writer.close();
    expect(Object.values((await placement(store)).records)).toEqual(
      expect.arrayContaining(['audit_record_p202701', 'audit_record_p202702', 'audit_record_p202703']),
    );

    // 20 February: January is wholly expired, February only partly: January's tables go, February stays.
    const result = await pruneTrail({
      sql: store.sql,
      files: store.files(),
      signingKey: store.keys.privateKey,
      witness: store.witness(),
      before: new Date('2027-02-20T00:00:00Z'),
      now: () => new Date('2027-04-01T00:00:00Z'),
    });
    // January held record 1 alone: each month holds one run of the chain.
    expect(result).toEqual({ removedRecords: 1, anchorSeq: 1 });
    const tables = await partitionTables(store);
    expect(tables).not.toContain('audit_record_p202701');
    expect(tables).not.toContain('audit_access_p202701');
    expect(tables).toEqual(expect.arrayContaining(['audit_record_p202702', 'audit_access_p202702', 'audit_record_p202703']));
    const { rows } = await store.sql.query<{ seq: string }>('SELECT seq::text AS seq FROM audit_record ORDER BY seq');
    expect(rows.map((r) => r.seq)).toEqual(['2', '3', '4', '5', '6']);
    const { rows: orphans } = await store.sql.query('SELECT record_seq FROM audit_access WHERE record_seq <= 1');
    expect(orphans).toEqual([]);
    expect(await store.verify()).toEqual(expect.objectContaining({ ok: true, records: 5, headSeq: 6 }));
  });
});

// Another connection holding the trail needs a server: PGlite has one connection.
const onPostgres = trailBackends().includes('postgres') ? describe : describe.skip;

onPostgres('pruning while a long query reads the trail, on postgres', () => {
  let store: TrailTestStore;
  beforeEach(async () => {
    store = await TrailTestStore.open('postgres');
  });
  afterEach(() => store.close());

  it('gives up within seconds instead of holding the writer behind it, removes nothing, and succeeds later', async () => {
    const clock = new ManualClock('2027-01-20T00:00:00Z');
    await ensureMonthPartitions(store.sql, clock.now());
    const writer = store.writer({ now: clock.now });
    await writer.init();
    for (let i = 1; i <= 4; i++) {
      await writer.append(recordBody(i, clock.now(), { accesses: [person(`p-${i}`)] }));
      clock.advance(10 * 86_400_000);
    }
    await writer.close();
    const prune = () =>
      pruneTrail({
        sql: store.sql,
        files: store.files(),
        signingKey: store.keys.privateKey,
        witness: store.witness(),
        before: new Date('2027-02-20T00:00:00Z'),
        now: () => new Date('2027-03-01T00:00:00Z'),
      });

    // An auditor's long report: its transaction holds the trail's tables (every partition) until it ends.
    let finish!: () => void;
    let reading!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const started = new Promise<void>((resolve) => (reading = resolve));
    const report = store.sql.transaction(async (tx) => {
      await tx.query('SELECT count(*) FROM audit_record');
      reading();
      await finished;
    });
    await started;
    const t0 = Date.now();
    await expect(prune()).rejects.toThrow(/busy for 2s .*nothing was removed: run the prune again/);
    expect(Date.now() - t0).toBeLessThan(10_000);
    finish();
    await report;
    expect(await partitionTables(store)).toContain('audit_record_p202701');
    const { rows } = await store.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_record');
    expect(rows[0].n).toBe(4);
    expect(await store.verify()).toEqual(expect.objectContaining({ ok: true, records: 4 }));

    // Once the report is done, the same prune goes through.
    expect(await prune()).toEqual({ removedRecords: 2, anchorSeq: 2 });
    expect(await partitionTables(store)).not.toContain('audit_record_p202701');
    expect(await store.verify()).toEqual(expect.objectContaining({ ok: true, records: 2 }));
  });
});

/** A database migrated up to the release before partitions (every migration older than them). */
function migrationsBeforePartitions(): string {
  const all = repoPath('subgraphs', 'audit', 'prisma', 'migrations');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-old-migrations-'));
  for (const name of fs.readdirSync(all)) {
    if (name >= '20261215000000_trail_partitions') continue;
    fs.cpSync(path.join(all, name), path.join(dir, name), { recursive: true });
  }
  return dir;
}

describe.each(trailBackends())('migrating an existing trail to partitions, on %s', (backend) => {
  const opened: SubgraphDatabase<unknown>[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.close().catch(() => undefined);
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('keeps every record and access, puts them in their months, and the trail still verifies', async () => {
    // The trail as the writer made it, over two months…
    const source = await TrailTestStore.open(backend);
    cleanups.push(() => source.close());
    const clock = new ManualClock('2027-05-31T23:59:00Z');
    const writer = source.writer({ now: clock.now, checkpointEvery: 3 });
    await writer.init();
    for (let i = 1; i <= 8; i++) {
      await writer.append(recordBody(i, clock.now(), { accesses: i % 2 ? [person(`p-${i}`), person(`q-${i}`)] : [] }));
      clock.advance(20_000);
    }
    await writer.close();
    const dump = async (table: string) => (await source.sql.query<{ rows: unknown }>(`SELECT json_agg(t) AS rows FROM ${table} t`)).rows[0].rows;

    // …held in a database of the release before partitions.
    const location =
      backend === 'pglite'
        ? { kind: 'pglite' as const, directory: fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-old-audit-')) }
        : { kind: 'postgres' as const, serverUrl: process.env.GRIDSHARE_TEST_POSTGRES_URL!, database: `gs_trail_old_${randomBytes(4).toString('hex')}` };
    cleanups.push(async () => {
      if (location.kind === 'pglite') return fs.rmSync(location.directory, { recursive: true, force: true });
      const admin = new Pool({ connectionString: location.serverUrl, max: 1 });
      await admin.query(`DROP DATABASE IF EXISTS "${location.database}" WITH (FORCE)`).finally(() => admin.end());
    });
    const none = () => ({ $disconnect: async () => undefined });
    const old = await openDatabase({ subgraph: 'audit', location, createPrisma: none, migrationsDir: migrationsBeforePartitions() });
    for (const table of ['audit_record', 'audit_access', 'audit_checkpoint']) {
      await old.sql.query(`INSERT INTO ${table} SELECT * FROM json_populate_recordset(null::${table}, $1::json)`, [JSON.stringify(await dump(table))]);
    }
    const { rows: partitionedBefore } = await old.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_partitioned_table`);
    expect(partitionedBefore[0].n).toBe(0);
    await old.close();

    // The new release opens it: the migration runs.
    const db = await openDatabase({ subgraph: 'audit', location, createPrisma: none });
    opened.push(db);
    const count = async (table: string) => (await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
    expect(await count('audit_record')).toBe(8);
    expect(await count('audit_access')).toBe(8);
    expect(await monthPartitions(db.sql)).toEqual([new Date('2027-05-01T00:00:00Z'), new Date('2027-06-01T00:00:00Z')]);
    const { rows } = await db.sql.query<{ part: string; n: number }>(
      `SELECT tableoid::regclass::text AS part, count(*)::int AS n FROM audit_access GROUP BY 1 ORDER BY 1`,
    );
    expect(rows).toEqual([
      { part: 'audit_access_p202705', n: 4 }, // records 1 and 3, two persons each
      { part: 'audit_access_p202706', n: 4 }, // records 5 and 7
    ]);
    const { rows: same } = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_access a JOIN audit_record r ON r.seq = a.record_seq AND r.at = a.record_at`,
    );
    expect(same[0].n).toBe(8);
    expect(await verifyTrail({ sql: db.sql, files: source.files(), publicKey: source.keys.publicKey })).toEqual(
      expect.objectContaining({ ok: true, records: 8, headSeq: 8 }),
    );
  });
});
