import fs from 'node:fs';
import { sign } from 'node:crypto';
import canonicalize from 'canonicalize';
import { ManualClock, recordBody, trailBackends, TrailTestStore } from '../tests/helpers/trail-store';
import { ChainedRecord, Checkpoint, checkpointPayload, hashRecord } from './record';
import { verifyTrail } from './verify';

/**
 * An operator with the data directory (database, files, even the signing key) tries to make the
 * trail say less than it did. The trail alone cannot tell; the witness, kept elsewhere, can.
 */
// The witness as a file beside the trail, and (where PostgreSQL runs) as a table in another database.
const CASES: [string, 'file' | 'postgres'][] = trailBackends().flatMap((backend) => [
  [backend, 'file'] as [string, 'file'],
  ...(backend === 'postgres' ? [[backend, 'postgres'] as [string, 'postgres']] : []),
]);

describe.each(CASES)('tampering with the trail, on %s with a %s witness', (backend, witness) => {
  let store: TrailTestStore;
  const clock = new ManualClock('2027-02-10T15:59:00Z');

  beforeEach(async () => {
    store = await TrailTestStore.open(backend as 'pglite' | 'postgres', undefined, { witness });
    const writer = store.writer({ now: clock.now, checkpointEvery: 10 });
    await writer.init();
    for (let i = 0; i < 35; i++) {
      await writer.append(recordBody(i, clock.now(), { department: i % 2 ? 'health' : 'public-security' }));
      clock.advance(1000);
    }
    await writer.close(); // a clean shutdown: its last checkpoint seals record 35
  });
  afterEach(() => store.close());

  /** Verification as it was before the witness: the trail checked against itself only. */
  const verifyAlone = () => verifyTrail({ sql: store.sql, files: store.files(), publicKey: store.keys.publicKey });

  /** Rewrites every file line for which `edit` returns a replacement (or null to drop it). */
  const editFiles = (edit: (line: { kind: string; seq: number }) => string | null | undefined) => {
    for (const file of store.files().files()) {
      const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
      const kept = lines.flatMap((l) => {
        const replaced = edit(JSON.parse(l));
        return replaced === undefined ? [l] : replaced === null ? [] : [replaced];
      });
      fs.writeFileSync(file, kept.map((l) => `${l}\n`).join(''));
    }
  };

  it('(a) detects the tail cut off, even with the checkpoints that vouched for it removed', async () => {
    expect(await store.verify()).toEqual(expect.objectContaining({ ok: true, unprotectedRecords: 0, protectedSeq: 35 }));
    // Hide the last five reads: the records and every checkpoint above what remains, in both stores.
    await store.sql.query('DELETE FROM audit_record WHERE seq > 30');
    await store.sql.query('DELETE FROM audit_checkpoint WHERE seq > 30');
    editFiles((line) => (line.seq > 30 ? null : undefined));
    expect((await verifyAlone()).ok).toBe(true); // the trail agrees with itself…
    const result = await store.verify(); // …but not with its witness
    expect(result.ok).toBe(false);
    expect(result.problem).toEqual(
      expect.objectContaining({ where: expect.stringContaining('audit witness'), problem: expect.stringMatching(/tail was cut off/) }),
    );
  });

  it('(b) detects a record rewritten and the chain after it re-chained and re-signed with the key', async () => {
    const { rows } = await store.sql.query<{ line: string }>('SELECT line FROM audit_record WHERE seq >= 12 ORDER BY seq');
    const records = rows.map((r) => JSON.parse(r.line) as ChainedRecord);
    const { rows: before } = await store.sql.query<{ hash: string }>('SELECT hash FROM audit_record WHERE seq = 11');
    let prevHash = before[0].hash;
    const rewritten = new Map<number, ChainedRecord>();
    for (const original of records) {
      const { hash: _old, ...rest } = original;
      const unhashed = { ...rest, prevHash, department: original.seq === 12 ? 'public-security' : original.department };
      const record = { ...unhashed, hash: hashRecord(unhashed) };
      rewritten.set(record.seq, record);
      prevHash = record.hash;
    }
    // The database, in an order the unique hash index accepts, then the files and the checkpoints.
    await store.sql.transaction(async (tx) => {
      await tx.query("UPDATE audit_record SET hash = hash || '-' WHERE seq >= 12");
      for (const r of rewritten.values()) {
        await tx.query('UPDATE audit_record SET line = $2, hash = $3, prev_hash = $4, department = $5 WHERE seq = $1', [
          r.seq,
          canonicalize(r),
          r.hash,
          r.prevHash,
          r.department,
        ]);
      }
    });
    const resign = (c: Checkpoint): Checkpoint => {
      const hash = rewritten.get(c.seq)?.hash ?? c.hash;
      return { ...c, hash, signature: sign(null, checkpointPayload(c.seq, hash, c.at), store.keys.privateKey).toString('base64') };
    };
    const { rows: checkpoints } = await store.sql.query<{ seq: string; hash: string; at: Date; signature: string }>(
      'SELECT seq::text AS seq, hash, at, signature FROM audit_checkpoint',
    );
    for (const c of checkpoints) {
      const again = resign({ kind: 'checkpoint', seq: Number(c.seq), hash: c.hash, at: new Date(c.at).toISOString(), signature: c.signature });
      await store.sql.query('UPDATE audit_checkpoint SET hash = $2, signature = $3 WHERE seq = $1', [again.seq, again.hash, again.signature]);
    }
    editFiles((line) => {
      if (line.kind === 'record' && rewritten.has(line.seq)) return canonicalize(rewritten.get(line.seq)!) as string;
      if (line.kind === 'checkpoint') return canonicalize(resign(line as unknown as Checkpoint)) as string;
      return undefined;
    });
    expect((await verifyAlone()).ok).toBe(true); // a perfect forgery as far as the trail can tell…
    const result = await store.verify(); // …which the witness saw differently
    expect(result.ok).toBe(false);
    expect(result.problem).toEqual(expect.objectContaining({ where: expect.stringContaining('audit witness'), problem: expect.stringMatching(/rewritten/) }));
    expect(result.problem!.seq).toBeGreaterThanOrEqual(12); // the first witnessed checkpoint at or after the rewrite
  });

  it('reports how many records nothing vouches for yet, and a witness removed', async () => {
    const writer = store.writer({ now: clock.now, checkpointIntervalMs: 3_600_000 });
    await writer.init();
    for (let i = 0; i < 4; i++) await writer.append(recordBody(100 + i, clock.now()));
    expect(await store.verify()).toEqual(expect.objectContaining({ ok: true, protectedSeq: 35, unprotectedRecords: 4 }));
    await writer.close();
    await store.removeWitness();
    expect((await store.verify()).problem).toEqual(expect.objectContaining({ problem: expect.stringMatching(/witness holds no checkpoint/) }));
  });
});
