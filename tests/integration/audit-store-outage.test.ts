import { TrailFiles } from '../../audit-trail/trail-files';
import { verifyTrail } from '../../audit-trail/verify';
import { FileWitness } from '../../audit-trail/witness';
import { faultCluster } from '../helpers/fault-postgres';
import { startTestFederation, TestFederation } from '../helpers/federation';

const cluster = faultCluster();
const describeWithFaultCluster = cluster ? describe : describe.skip;

/**
 * PostgreSQL stops and comes back while requests run. The gateway must neither crash (a pooled client
 * losing its server emits 'error') nor answer unaudited nor hang: it refuses fast with 503
 * AUDIT_UNAVAILABLE, and answers again by itself within seconds of the database returning.
 */
describeWithFaultCluster('an audit store outage on PostgreSQL', () => {
  let federation: TestFederation;
  let token: string;
  beforeAll(async () => {
    federation = await startTestFederation({ backend: 'postgres', postgresUrl: cluster!.url, subgraphs: ['address', 'audit'] });
    token = await federation.token({ department: 'civil-affairs', user: 'clerk' });
  });
  afterAll(() => federation?.stop());

  it('refuses fast while the database is down, recovers by itself, and loses no record of an answer', async () => {
    type Answer = { name: string; status: number; code?: string; ms: number; phase: string };
    const answers: Answer[] = [];
    let phase = 'before';
    let running = true;
    let n = 0;
    const worker = async () => {
      while (running) {
        const name = `Q${n++}`;
        const started = Date.now();
        const response = await fetch(federation.gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: `query ${name} { grid(code: "449900") { name } }` }),
        });
        const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
        answers.push({ name, status: response.status, code: body.errors?.[0]?.extensions?.code, ms: Date.now() - started, phase });
        for (const check of [...checks]) check();
      }
    };
    // Waits are on the answers themselves: each answer re-checks what the test waits for.
    const checks = new Set<() => void>();
    const workers = Array.from({ length: 6 }, worker);
    const until = (condition: () => boolean, label: string, limitMs: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          checks.delete(check);
          reject(new Error(`${label} not within ${limitMs} ms`));
        }, limitMs);
        const check = () => {
          if (!condition()) return;
          clearTimeout(timer);
          checks.delete(check);
          resolve();
        };
        checks.add(check);
        check();
      });
    try {
      await until(() => answers.filter((a) => a.status === 200).length >= 30, 'answers before the outage', 60_000);
      phase = 'down';
      cluster!.stop();
      const downAt = answers.length;
      await until(() => answers.length >= downAt + 30, 'answers during the outage', 60_000);
      phase = 'up';
      cluster!.start();
      const upAt = Date.now();
      await until(() => answers.some((a) => a.phase === 'up' && a.status === 200), 'an answer after the database returned', 20_000);
      const recoveredAt = Date.now();
      const okAt = answers.length;
      await until(() => answers.length >= okAt + 30, 'answers after recovery', 60_000);
      running = false;
      await Promise.all(workers);

      const down = answers.filter((a) => a.phase === 'down').slice(5); // the first may have been in flight when it stopped
      expect(down.filter((a) => a.status !== 503 || a.code !== 'AUDIT_UNAVAILABLE')).toEqual([]);
      expect(Math.max(...down.map((a) => a.ms))).toBeLessThan(6000);
      expect(recoveredAt - upAt).toBeLessThan(15_000);
      expect(answers.slice(okAt).filter((a) => a.status !== 200)).toEqual([]);
    } finally {
      running = false;
      await Promise.allSettled(workers);
      try {
        cluster!.start();
      } catch {
        // already running
      }
    }

    const sql = federation.system.audit!.sql;
    const { rows } = await sql.query<{ operation_name: string }>('SELECT operation_name FROM audit_record');
    const recorded = new Set(rows.map((r) => r.operation_name));
    expect(answers.filter((a) => a.status === 200 && !recorded.has(a.name)).map((a) => a.name)).toEqual([]);
    await federation.system.audit!.writer.checkpoint();
    const result = await verifyTrail({
      sql,
      files: new TrailFiles(federation.auditDirectory),
      witness: new FileWitness(federation.witnessPath),
      publicKey: federation.keys.publicKey,
    });
    expect(result).toEqual(expect.objectContaining({ ok: true, unprotectedRecords: 0 }));
  });
});
