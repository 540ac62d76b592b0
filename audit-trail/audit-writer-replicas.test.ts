import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ManualClock, recordBody, trailBackends, TrailTestStore } from '../tests/helpers/trail-store';
import type { AuditWriter } from './audit-writer';
import { TrailFiles } from './trail-files';
import { verifyTrail } from './verify';

/**
 * Several gateways write one trail: two writers on one audit database, each with its own directory
 * of files (their own hosts), taking records at the same time. Before the head lived in the
 * database, the second writer's commits collided with the first's (duplicate key: every one of its
 * requests answered 503), or, without the key, forked the chain.
 */
describe.each(trailBackends())('two audit writers on one trail, on %s', (backend) => {
  let store: TrailTestStore;
  let otherDirectory: string;
  beforeEach(async () => {
    store = await TrailTestStore.open(backend);
    otherDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-trail-b-'));
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(otherDirectory, { recursive: true, force: true });
  });

  const verifyDirectory = (directory: string) => verifyTrail({ sql: store.sql, files: new TrailFiles(directory), publicKey: store.keys.publicKey });

  it('chain every record once, in one order, and each directory holds the whole chain up to its last commit', async () => {
    const clock = new ManualClock('2026-03-10T02:00:00Z');
    const a = store.writer({ now: clock.now, checkpointEvery: 25 });
    const b = store.writer({ now: clock.now, checkpointEvery: 25, files: new TrailFiles(otherDirectory) });
    await Promise.all([a.init(), b.init()]);
    const writers: AuditWriter[] = [a, b];
    const records = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        clock.advance(7);
        return writers[i % 2].append(recordBody(i, clock.now()));
      }),
    );
    expect(records.map((r) => r.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    // Each writer's batch (a hundred records queued at once) passed 25 records since the last checkpoint
    // of the one chain, whoever wrote that one: a checkpoint each.
    const { rows } = await store.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_checkpoint');
    expect(rows[0].n).toBe(2);

    await a.close();
    for (let i = 0; i < 3; i++) await b.append(recordBody(200 + i, clock.now()));
    await b.close();
    // b wrote last: its directory is whole. a's ends where a stopped; what it holds agrees.
    expect(await verifyDirectory(otherDirectory)).toEqual(expect.objectContaining({ ok: true, records: 203, filesBehind: 0 }));
    expect(await verifyDirectory(store.directory)).toEqual(expect.objectContaining({ ok: true, records: 203, filesBehind: 3 }));
    expect(await store.verify()).toEqual(expect.objectContaining({ ok: true, unprotectedRecords: 0 }));

    // Started again, a copies what it missed: its directory is whole too.
    const again = store.writer({ now: clock.now });
    await again.init();
    await again.close();
    expect(await verifyDirectory(store.directory)).toEqual(expect.objectContaining({ ok: true, records: 203, filesBehind: 0 }));
  });

  it('keep record times in chain order when one gateway clock is behind, across midnight', async () => {
    const ahead = new ManualClock('2026-03-10T23:59:59.900Z');
    // Ten minutes behind: its records would land in the day before the last record's.
    const behind = new ManualClock('2026-03-10T23:50:00.000Z');
    const a = store.writer({ now: ahead.now });
    const b = store.writer({ now: behind.now, files: new TrailFiles(otherDirectory) });
    await a.init();
    await b.init();
    await a.append(recordBody(1, ahead.now()));
    ahead.advance(200); // 00:00:00.100, the next day
    await a.append(recordBody(2, ahead.now()));
    const late = await b.append(recordBody(3, behind.now()));
    expect(late.at).toBe('2026-03-11T00:00:00.100Z');
    await a.append(recordBody(4, ahead.now()));
    await b.close();
    await a.close();
    for (const directory of [store.directory, otherDirectory]) {
      expect(new TrailFiles(directory).files().map((f) => path.basename(f))).toEqual([
        expect.stringContaining('2026-03-10'),
        expect.stringContaining('2026-03-11'),
      ]);
      expect(await verifyDirectory(directory)).toEqual(expect.objectContaining({ ok: true, records: 4 }));
    }
  });

  it("bring an idle gateway's files up to what the others commit, within the checkpoint interval", async () => {
    const idle = store.writer({ checkpointIntervalMs: 100 });
    const busy = store.writer({ checkpointIntervalMs: 100, files: new TrailFiles(otherDirectory) });
    await idle.init();
    await busy.init();
    for (let i = 0; i < 5; i++) await busy.append(recordBody(i, new Date()));
    // Polled, not slept: the idle writer's timer is what must bring the lines.
    for (const deadline = Date.now() + 20_000; ;) {
      const result = await verifyDirectory(store.directory);
      expect(result.ok).toBe(true);
      if (result.records === 5 && result.filesBehind === 0) break;
      if (Date.now() > deadline) throw new Error(`the idle writer's files are still ${result.filesBehind} records behind`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await busy.close();
    await idle.close();
  });
});
