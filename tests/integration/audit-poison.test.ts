import { TrailFiles } from '../../audit-trail/trail-files';
import { verifyTrail } from '../../audit-trail/verify';
import { startTestFederation, testBackends, TestFederation } from '../helpers/federation';

/**
 * One caller must not be able to fail another's record. Poisoning requests carry values the
 * database refuses or that overflow naive code (a NUL, a lone surrogate, a variable nested 5 000
 * deep, a NUL in a variable's name) while ordinary requests run beside them and share their
 * group-commit batches.
 */
const DEEP = 5000;
const POISONS: [string, (name: string) => string][] = [
  ['a NUL in an unused variable', (name) => JSON.stringify({ query: `query ${name} { grid(code: "449900") { name } }`, variables: { unused: 'a\u0000b' } })],
  [
    'a lone surrogate in an unused variable',
    (name) => JSON.stringify({ query: `query ${name} { grid(code: "449900") { name } }`, variables: { unused: 'x\ud800y' } }),
  ],
  ['a NUL in a variable name', (name) => JSON.stringify({ query: `query ${name} { grid(code: "449900") { name } }`, variables: { 'a\u0000': 1 } })],
  // Written by hand: the body is the attack, not something JSON.stringify should have to build.
  [
    'a variable nested 5000 deep',
    (name) => `{"query":"query ${name} { grid(code: \\"449900\\") { name } }","variables":{"deep":${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}}}`,
  ],
];

describe.each(testBackends())('audit records that poison a batch, on %s', (backend) => {
  let federation: TestFederation;
  let token: string;
  const trail = () => federation.system.audit!.sql;
  const post = (body: string) =>
    fetch(federation.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });

  beforeAll(async () => {
    federation = await startTestFederation({ backend, subgraphs: ['address', 'audit'] });
    token = await federation.token({ department: 'civil-affairs', user: 'clerk' });
  });
  afterAll(() => federation?.stop());

  it('fail no other request: the good ones are answered and recorded, the poisoning ones are recorded alone, the chain verifies', async () => {
    const good = Array.from({ length: 120 }, (_, i) => `Good${i}`);
    const poisoning = Array.from({ length: 24 }, (_, i) => ({ name: `Poison${i}`, body: POISONS[i % POISONS.length][1](`Poison${i}`) }));
    // Interleaved, all in flight at once, so that poisoning records land in the same batches.
    const sent = good.map((name, i) => ({ name, good: true, body: JSON.stringify({ query: `query ${name} { grid(code: "449900") { name } }` }), i }));
    const all = [...sent];
    poisoning.forEach((p, k) => all.splice(k * 5 + 1, 0, { ...p, good: false, i: k }));
    const answers = await Promise.all(all.map(async (r) => ({ ...r, status: (await post(r.body)).status })));

    const goodStatuses = answers.filter((a) => a.good).map((a) => a.status);
    expect(goodStatuses.filter((s) => s !== 200)).toEqual([]);
    const { rows } = await trail().query<{ operation_name: string }>('SELECT operation_name FROM audit_record');
    const recorded = new Set(rows.map((r) => r.operation_name));
    expect(good.filter((name) => !recorded.has(name))).toEqual([]);
    // Every poisoning request was answered and so must be on the trail too (made storable), or refused.
    for (const answer of answers.filter((a) => !a.good)) {
      if (answer.status !== 503) expect({ name: answer.name, recorded: recorded.has(answer.name) }).toEqual({ name: answer.name, recorded: true });
    }
    expect(answers.filter((a) => !a.good && a.status === 503)).toEqual([]);

    await federation.system.audit!.writer.checkpoint();
    const result = await verifyTrail({ sql: trail(), files: new TrailFiles(federation.auditDirectory), publicKey: federation.keys.publicKey });
    expect(result).toEqual(expect.objectContaining({ ok: true }));
    expect(result.records).toBeGreaterThanOrEqual(good.length + poisoning.length);
  });
});
