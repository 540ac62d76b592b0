import { recordBody, steppingClock, trailBackends, TrailTestStore } from '../tests/helpers/trail-store';
import canonicalize from 'canonicalize';
import { AuditUnavailableError } from './audit-writer';
import { AccessEntry, chain } from './record';
import { makeStorable } from './storable';
import { advanceHead, insertRecords, lockHead } from './trail-store';

/**
 * One record must never fail the others of its group-commit batch: what a caller can put into a
 * record is made storable, and a record the database still refuses is split off, refused alone, and
 * the rest of its batch is chained and committed without it.
 */
describe.each(trailBackends())('the audit writer against poisoning records, on %s', (backend) => {
  let store: TrailTestStore;
  const now = steppingClock('2026-11-22T01:00:00Z', 10);
  beforeEach(async () => {
    store = await TrailTestStore.open(backend);
  });
  afterEach(() => store.close());

  it('stores records carrying NUL, lone surrogates, 5000-deep variables, non-finite numbers and duplicate accesses', async () => {
    const writer = store.writer({ now });
    await writer.init();
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    const access = (key: string): AccessEntry => ({
      entityType: 'Person',
      entityKey: key,
      subgraph: 'population',
      raw: ['Person.name'],
      masked: [],
      denied: [],
    });
    const poisons = [
      recordBody(1, now(), { variables: { unused: 'a\u0000b', ['k\u0000']: 'x' } }),
      recordBody(2, now(), { variables: { unused: 'x\ud800y', z: '\udc00' }, operationName: 'Op\ud83d' }),
      recordBody(3, now(), { variables: { deep } }),
      recordBody(4, now(), { durationMs: Number.NaN, httpStatus: Number.POSITIVE_INFINITY, variables: { n: Number.NaN } }),
      // Two entries that differ only in a NUL become one key once the NUL is made storable.
      recordBody(5, now(), { accesses: [access('P1\u0000'), access('P1\uFFFD'), access('P1\uFFFD')] }),
      recordBody(6, now(), { requestId: 'x'.repeat(100_000), clientName: '\u0000'.repeat(10) }),
    ];
    const good = Array.from({ length: 60 }, (_, i) => recordBody(100 + i, now()));
    const results = await Promise.allSettled([...good.slice(0, 30), ...poisons, ...good.slice(30)].map((b) => writer.append(b)));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    await writer.close();
    expect(await store.verify()).toEqual(expect.objectContaining({ ok: true, records: 66, unprotectedRecords: 0 }));
    const { rows } = await store.sql.query<{ variables: any }>(`SELECT variables FROM audit_record WHERE request_id = 'r-3'`);
    expect(JSON.stringify(rows[0].variables)).toMatch(/nested deeper than/);
  });

  it('refuses alone a record the database refuses, and commits the rest of its batch without it', async () => {
    // A refusal nothing in the writer foresees: the database itself will not take these rows.
    await store.sql.exec(`ALTER TABLE audit_record ADD CONSTRAINT test_refuses CHECK (request_id NOT LIKE 'refused-%')`);
    const writer = store.writer({ now });
    await writer.init();
    const bodies = Array.from({ length: 90 }, (_, i) => recordBody(i, now(), i % 30 === 7 ? { requestId: `refused-${i}` } : {}));
    const results = await Promise.allSettled(bodies.map((b) => writer.append(b)));
    const refused = results.flatMap((r, i) => (r.status === 'rejected' ? [bodies[i].requestId] : []));
    expect(refused).toEqual(['refused-7', 'refused-37', 'refused-67']);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(AuditUnavailableError);
    // The others were answered in arrival order, on one unbroken chain.
    const seqs = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.seq] : []));
    expect(seqs).toEqual(Array.from({ length: 87 }, (_, i) => i + 1));
    expect(store.logEvents('audit.record_refused').map((l) => l.requestId)).toEqual(['refused-7', 'refused-37', 'refused-67']);
    await writer.close();
    expect(await store.verify()).toEqual(expect.objectContaining({ ok: true, records: 87 }));
  });

  it('chains onto a commit whose answer was lost, copies that commit to the files, and goes on', async () => {
    const writer = store.writer({ now });
    await writer.init();
    const five = await Promise.all(Array.from({ length: 5 }, (_, i) => writer.append(recordBody(i, now()))));
    // The database committed record 6 (and moved the head) but the writer never heard: the connection dropped at COMMIT.
    const lost = chain(makeStorable(recordBody(5, now()), now), 6, five[4].hash);
    await store.sql.transaction(async (tx) => {
      const head = await lockHead(tx);
      await insertRecords(tx, [{ record: lost, line: canonicalize(lost) as string }], []);
      await advanceHead(tx, { ...head, seq: 6, hash: lost.hash, at: Date.parse(lost.at) });
    });
    expect(await writer.append(recordBody(6, now()))).toEqual(expect.objectContaining({ seq: 7, prevHash: lost.hash }));
    const next = await writer.append(recordBody(7, now()));
    expect(next).toEqual(expect.objectContaining({ seq: 8 }));
    await writer.close();
    // Record 6 is in the files too, in its place: the trail verifies with no file behind.
    expect(await store.verify()).toEqual(expect.objectContaining({ ok: true, records: 8, filesBehind: 0 }));
  });
});
