import fs from 'node:fs';
import { ManualClock, recordBody, trailBackends, TrailTestStore } from '../tests/helpers/trail-store';
import type { Checkpoint } from './record';
import { lastCheckpoint } from './trail-store';

// Clocks far from today's date, so that the suite holds whatever day it runs: records, checkpoints
// and day files take their times from the injected clock only.
const CLOCKS: [string, string][] = [
  ['a past day', '2026-11-22T01:00:00Z'],
  ['across midnight UTC', '2026-12-31T23:59:30Z'],
  ['across midnight in China Standard Time (16:00 UTC)', '2027-02-10T15:59:30Z'],
  ['a day years ahead', '2031-07-01T08:00:00Z'],
];

const INTERVAL = 5000;

describe.each(trailBackends())('signed checkpoints on %s', (backend) => {
  describe.each(CLOCKS)('on %s', (_label, start) => {
    let store: TrailTestStore;
    beforeEach(async () => {
      store = await TrailTestStore.open(backend);
    });
    afterEach(() => store.close());

    it('leave a busy trail no more than the interval unprotected, and none after close', async () => {
      const clock = new ManualClock(start);
      const writer = store.writer({ now: clock.now, checkpointIntervalMs: INTERVAL, checkpointEvery: 1_000_000 });
      await writer.init();
      let i = 0;
      // A minute of steady traffic: three records every 700 ms, across the midnight of the clock.
      for (let step = 0; step < 86; step++) {
        await Promise.all([0, 1, 2].map(() => writer.append(recordBody(i++, clock.now()))));
        const sealed = await lastCheckpoint(store.sql);
        const { rows } = await store.sql.query<{ at: Date }>('SELECT min(at) AS at FROM audit_record WHERE seq > $1', [sealed?.seq ?? 0]);
        if (rows[0].at) expect(clock.now().getTime() - new Date(rows[0].at).getTime()).toBeLessThan(INTERVAL);
        clock.advance(700);
      }
      expect((await store.verify()).unprotectedRecords).toBeLessThanOrEqual(3 * Math.ceil(INTERVAL / 700));
      await writer.close();
      const verified = await store.verify();
      expect(verified).toEqual(expect.objectContaining({ ok: true, records: 258, witnessChecked: true, protectedSeq: 258, unprotectedRecords: 0 }));
      // Day files are UTC days: the runs across midnight UTC span two.
      const days = new Set([start, new Date(Date.parse(start) + 86 * 700).toISOString()].map((t) => t.slice(0, 10)));
      expect(
        store
          .files()
          .files()
          .map((f) => f.slice(-17, -7)),
      ).toEqual([...days]);
    });

    it('seal an idle trail within the interval, and the tail a crash left at the next start', async () => {
      const clock = new ManualClock(start);
      const sealed: Checkpoint[] = [];
      let signal: () => void = () => undefined;
      const writer = store.writer({ now: clock.now, checkpointIntervalMs: 200, onCheckpoint: (c) => (sealed.push(c), signal()) });
      await writer.init();
      const idle = new Promise<void>((resolve) => (signal = resolve));
      const record = await writer.append(recordBody(1, clock.now()));
      await idle; // the timer's checkpoint, with no further record to carry it
      expect(sealed.at(-1)).toEqual(expect.objectContaining({ seq: record.seq, at: clock.now().toISOString() }));
      // Stopped before the same gateway runs again on the same directory (each live writer has its own).
      await writer.close();

      // A crash: records after the last checkpoint, no close.
      const crashed = store.writer({ now: clock.now, checkpointIntervalMs: 60_000 });
      await crashed.init();
      for (let k = 0; k < 4; k++) await crashed.append(recordBody(10 + k, clock.now()));
      expect((await store.verify()).unprotectedRecords).toBe(4);
      const restarted = store.writer({ now: clock.now, checkpointIntervalMs: 60_000 });
      await restarted.init();
      expect(await store.verify()).toEqual(expect.objectContaining({ ok: true, records: 5, unprotectedRecords: 0 }));
      await restarted.close();
      await crashed.close(); // the crashed process's stand-in: its timers stopped, after the checks
    });

    it('start witnessing an existing trail whose witness is new', async () => {
      const clock = new ManualClock(start);
      const first = store.writer({ now: clock.now, witness: undefined });
      await first.init();
      await first.append(recordBody(1, clock.now()));
      await first.close();
      expect(fs.existsSync(store.witnessPath)).toBe(false);
      const second = store.writer({ now: clock.now });
      await second.init();
      await second.close();
      expect(await store.verify()).toEqual(expect.objectContaining({ ok: true, protectedSeq: 1, unprotectedRecords: 0 }));
    });
  });
});
