import fs from 'node:fs';
import path from 'node:path';
import canonicalize from 'canonicalize';
import { ManualClock, recordBody, trailBackends, TrailTestStore } from '../tests/helpers/trail-store';
import { fillUntil, mountSmallFilesystem, SmallFilesystem } from '../tests/helpers/small-filesystem';
import type { ChainedRecord } from './record';

/** Lines of the files: every one whole (it parses), and a file that holds any ends with a newline. */
function wholeLines(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  expect({ file, endsWhole: text === '' || text.endsWith('\n') }).toEqual({ file, endsWhole: true });
  const lines = text.split('\n').filter(Boolean);
  for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  return lines;
}

/** About 10 KB of record: a handful make a small file system full. */
const bulky = (i: number, at: Date) =>
  recordBody(i, at, { variables: Object.fromEntries(Array.from({ length: 40 }, (_, k) => [`v${k}`, `${i}-${k}-`.padEnd(250, 'x')])) });

describe.each(trailBackends())('the trail files on a full or failing disk, on %s', (backend) => {
  // Each test on its own clock, two seconds before midnight UTC.
  let clock: ManualClock;
  beforeEach(() => {
    clock = new ManualClock('2026-12-31T23:59:58Z');
  });

  describe('a full file system', () => {
    let filesystem: SmallFilesystem | undefined;
    let store: TrailTestStore;
    beforeAll(async () => {
      filesystem = mountSmallFilesystem(1024 * 1024);
      if (filesystem) store = await TrailTestStore.open(backend, path.join(filesystem.path, 'trail'));
    });
    afterAll(async () => {
      await store?.close();
      filesystem?.unmount();
    });

    it('never tears a line: an answered record is whole in both stores, a refused one is written once there is room', async () => {
      if (!filesystem) return console.warn('skipped: cannot mount a tmpfs here (not root); CI runs it');
      const writer = store.writer({ now: clock.now });
      await writer.init();
      const before = await Promise.all(Array.from({ length: 3 }, (_, i) => writer.append(bulky(i, clock.now()))));
      const filler = fillUntil(filesystem, 40 * 1024);
      clock.advance(3000); // past midnight: the writer opens a new day's file on a full disk too
      const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => writer.append(bulky(10 + i, clock.now()))));
      const answered = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const refused = results.filter((r) => r.status === 'rejected');
      expect(refused.length).toBeGreaterThan(0);
      expect(store.logEvents('audit.file_write_failed').length).toBeGreaterThan(0);

      // Whatever the disk took, every line is whole, and every answered record is there exactly once.
      const lines = store.files().files().flatMap(wholeLines);
      for (const record of [...before, ...answered] as ChainedRecord[]) {
        expect(lines.filter((l) => l === canonicalize(record)).length).toBe(1);
        const { rows } = await store.sql.query('SELECT 1 FROM audit_record WHERE hash = $1', [record.hash]);
        expect(rows).toHaveLength(1);
      }

      fs.rmSync(filler);
      const after = await writer.append(bulky(99, clock.now()));
      expect(after.seq).toBe(34);
      await writer.close();
      // The refused requests' records were committed to the database first; now the files have them too.
      expect(await store.verify()).toEqual(expect.objectContaining({ ok: true, records: 34, unprotectedRecords: 0 }));
    });
  });

  describe('a day file removed, replaced or torn', () => {
    let store: TrailTestStore;
    beforeEach(async () => {
      store = await TrailTestStore.open(backend);
    });
    afterEach(() => store.close());

    it('is noticed while running (the inode under the name is not the one written to) and rebuilt from the database', async () => {
      const writer = store.writer({ now: clock.now });
      await writer.init();
      for (let i = 0; i < 5; i++) await writer.append(recordBody(i, clock.now()));
      const [file] = store.files().files();
      fs.rmSync(file);
      await writer.append(recordBody(5, clock.now()));
      expect(store.logEvents('audit.file_replaced')).toHaveLength(1);
      expect(await store.verify()).toEqual(expect.objectContaining({ ok: true, records: 6 }));

      // Replaced: another file (here, an old copy missing its last records) renamed over it.
      const copy = `${file}.old`;
      fs.writeFileSync(copy, fs.readFileSync(file, 'utf8').split('\n').slice(0, 3).join('\n') + '\n');
      fs.renameSync(copy, file);
      await writer.append(recordBody(6, clock.now()));
      expect(store.logEvents('audit.file_replaced')).toHaveLength(2);
      await writer.close();
      expect(await store.verify()).toEqual(expect.objectContaining({ ok: true, records: 7, unprotectedRecords: 0 }));
      expect(wholeLines(file).filter((l) => l.includes('"kind":"record"'))).toHaveLength(7);
    });

    it('is repaired at start-up: a torn last line, a line missing in between, a whole day file gone', async () => {
      const writer = store.writer({ now: clock.now });
      await writer.init();
      for (let i = 0; i < 6; i++) {
        await writer.append(recordBody(i, clock.now()));
        clock.advance(1000); // across midnight UTC: two day files
      }
      expect(store.files().files()).toHaveLength(2);
      await writer.close();
      const [first, second] = store.files().files();
      expect(second).toBeDefined();
      const lines = fs.readFileSync(second, 'utf8').split('\n').filter(Boolean);
      // A crash mid-append tore the last line; a record between two went missing.
      fs.writeFileSync(second, [lines[0], ...lines.slice(2)].join('\n') + '\n{"kind":"record","seq":7,"requestI');
      fs.rmSync(first);
      expect((await store.verify()).ok).toBe(false);
      const restarted = store.writer({ now: clock.now });
      await restarted.init();
      await restarted.close();
      expect(await store.verify()).toEqual(expect.objectContaining({ ok: true, records: 6 }));
      expect(store.logEvents('audit.file_repaired').length).toBeGreaterThanOrEqual(2);
    });
  });
});
