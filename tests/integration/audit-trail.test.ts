import fs from 'node:fs';
import path from 'node:path';
import { TrailFiles } from '../../audit-trail/trail-files';
import { verifyTrail } from '../../audit-trail/verify';
import { pruneTrail } from '../../audit-trail/prune';
import { subjectDigest } from '../../audit-trail/subject-digest';
import { startTestFederation, testBackends, TestFederation } from '../helpers/federation';
import { PolicyFixtures, startPolicyFederation } from '../policies/fixtures';

describe.each(testBackends())('the audit trail on %s', (backend) => {
  let federation: TestFederation;
  let fixtures: PolicyFixtures;
  const trail = () => federation.system.audit!.sql;
  const verify = () => verifyTrail({ sql: trail(), files: new TrailFiles(federation.auditDirectory), publicKey: federation.keys.publicKey });
  // The gateway files every record under its own request id and keeps the client's X-Request-Id beside it.
  const recordOf = async (clientRequestId: string) =>
    (await trail().query<Record<string, any>>('SELECT * FROM audit_record WHERE strpos(line, $1) > 0', [`"clientRequestId":"${clientRequestId}"`])).rows[0];
  const accessesOf = async (seq: string) =>
    (await trail().query<Record<string, any>>('SELECT * FROM audit_access WHERE record_seq = $1 ORDER BY entity_type, entity_key', [seq])).rows;

  beforeAll(async () => {
    ({ federation, fixtures } = await startPolicyFederation({ backend }));
  });
  afterAll(() => federation?.stop());

  it('records who read which fields of which person, raw or masked, before the answer arrives', async () => {
    const requestId = `audit-health-${backend}`;
    const { body } = await federation.queryAs(
      { department: 'health', user: 'dr-wang', purpose: 'epidemic-prevention' },
      'query Lookup($id: ID!) { person(id: $id) { name idNumber phone } }',
      { id: fixtures.personA.id },
      { 'x-request-id': requestId, 'apollographql-client-name': 'vaccination-app' },
    );
    expect(body.errors).toBeUndefined();
    // The response is back, so its record must already be stored.
    const record = await recordOf(requestId);
    expect(record).toEqual(
      expect.objectContaining({
        department: 'health',
        user_id: 'dr-wang',
        purpose: 'epidemic-prevention',
        client_name: 'vaccination-app',
        operation_name: 'Lookup',
        operation_type: 'query',
        outcome: 'OK',
        http_status: 200,
        record_count: 1,
        sensitive_record_count: 1,
        fields_granted: ['Person.name', 'Person.phone'],
        fields_masked: ['Person.idNumber'],
        fields_denied: [],
      }),
    );
    expect(record.variables).toEqual({ id: fixtures.personA.id });
    expect(record.document_hash).toMatch(/^[0-9a-f]{64}$/);
    const accesses = await accessesOf(record.seq);
    expect(accesses).toEqual([
      expect.objectContaining({
        entity_type: 'Person',
        entity_key: fixtures.personA.id,
        subgraph: 'population',
        subject_digest: subjectDigest(federation.subjectDigestKey, fixtures.personA.idNumber),
        raw: ['Person.name', 'Person.phone'],
        masked: ['Person.idNumber'],
        denied: [],
      }),
    ]);
  });

  it('records partial answers with the denied coordinates and reasons', async () => {
    const requestId = `audit-partial-${backend}`;
    await federation.queryAs(
      { department: 'health' },
      'query ($id: ID!) { person(id: $id) { name phone } }',
      { id: fixtures.personA.id },
      { 'x-request-id': requestId },
    );
    const record = await recordOf(requestId);
    expect(record).toEqual(expect.objectContaining({ outcome: 'PARTIAL', fields_denied: ['Person.phone'], denial_reasons: ['PURPOSE_REQUIRED'] }));
  });

  it('records refusals: bad tokens, contract violations, out-of-jurisdiction rows', async () => {
    const unauthenticated = await fetch(federation.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': `audit-401-${backend}` },
      body: '{"query":"{ grid(code: \\"449900\\") { name } }"}',
    });
    expect(unauthenticated.status).toBe(401);
    expect(await recordOf(`audit-401-${backend}`)).toEqual(expect.objectContaining({ department: '(unauthenticated)', outcome: 'REJECTED', http_status: 401 }));
    await federation.queryAs(
      { department: 'education' },
      'query ($id: ID!) { person(id: $id) { name } }',
      { id: fixtures.personA.id },
      { 'x-request-id': `audit-400-${backend}` },
    );
    expect(await recordOf(`audit-400-${backend}`)).toEqual(expect.objectContaining({ department: 'education', outcome: 'REJECTED', http_status: 400 }));
    await federation.queryAs(
      { department: 'health', level: 'community', jurisdiction: [fixtures.communityA] },
      'query ($id: ID!) { person(id: $id) { name } }',
      { id: fixtures.personB.id },
      { 'x-request-id': `audit-oj-${backend}` },
    );
    const outside = await recordOf(`audit-oj-${backend}`);
    expect(outside).toEqual(expect.objectContaining({ outcome: 'PARTIAL', denial_reasons: ['OUT_OF_JURISDICTION'], record_count: 0 }));
    expect(await accessesOf(outside.seq)).toEqual([expect.objectContaining({ entity_key: fixtures.personB.id, denied: ['Person.*'], raw: [] })]);
  });

  it('holds no personal value anywhere in its tables or files after many reads', async () => {
    const { body } = await federation.query(
      '{ persons(gridCode: "449900", first: 200) { edges { node { id name idNumber phone birthDate residence { owner { id } } } } } }',
    );
    const persons = body.data.persons.edges.map((e: any) => e.node);
    expect(persons.length).toBe(200);
    await federation.queryAs({ department: 'public-security' }, 'query ($n: String!) { personByIdNumber(idNumber: $n) { name } }', {
      n: fixtures.personA.idNumber,
    });
    const dump =
      JSON.stringify((await trail().query('SELECT * FROM audit_record')).rows) +
      JSON.stringify((await trail().query('SELECT * FROM audit_access')).rows) +
      JSON.stringify((await trail().query('SELECT * FROM audit_event')).rows) +
      fs
        .readdirSync(federation.auditDirectory)
        .map((f) => fs.readFileSync(path.join(federation.auditDirectory, f), 'utf8'))
        .join('');
    const leaks = persons.flatMap((p: any) => [p.name, p.idNumber, p.phone].filter((v) => v && dump.includes(v)));
    expect(leaks).toEqual([]);
    expect(dump).toContain(persons[0].id); // keys are there: the trail is about who was read
  });

  it('verifies, and names the first record when a line is edited, a row removed or the tail cut off', async () => {
    await federation.system.audit!.writer.checkpoint();
    const healthy = await verify();
    expect(healthy).toEqual(expect.objectContaining({ ok: true }));
    const asked = await federation.queryAs(
      { department: 'audit-office' },
      '{ verifyAuditChain { ok records filesChecked witnessChecked unprotectedRecords problem { seq } } }',
    );
    expect(asked.body.data.verifyAuditChain).toEqual(expect.objectContaining({ ok: true, filesChecked: true, witnessChecked: true, problem: null }));
    expect(asked.body.data.verifyAuditChain.unprotectedRecords).toBeLessThanOrEqual(1); // at most the auditor's own record since the checkpoint
    expect(healthy.records).toBeGreaterThan(5);
    expect(healthy.checkpoints).toBeGreaterThan(0);

    const [file] = new TrailFiles(federation.auditDirectory).files();
    const original = fs.readFileSync(file, 'utf8');
    const lines = original.split('\n');
    const third = JSON.parse(lines[2]);
    lines[2] = lines[2].replace('"outcome":"OK"', '"outcome":"ERROR"').replace(/"durationMs":[\d.]+/, '"durationMs":1');
    fs.writeFileSync(file, lines.join('\n'));
    const edited = await verify();
    expect(edited.ok).toBe(false);
    expect(edited.problem).toEqual(expect.objectContaining({ seq: third.seq, where: `${path.basename(file)} line 3` }));
    expect(edited.problem!.problem).toMatch(/does not match its hash \(edited\)/);
    fs.writeFileSync(file, original);
    expect((await verify()).ok).toBe(true);

    const { department } = (await trail().query<{ department: string }>('SELECT department FROM audit_record WHERE seq = 2')).rows[0];
    await trail().query("UPDATE audit_record SET department = 'civil-affairs' WHERE seq = 2");
    const column = await verify();
    expect(column.problem).toEqual(expect.objectContaining({ seq: 2, where: 'audit database' }));
    expect(column.problem!.problem).toMatch(/column department was changed/);
    await trail().query('UPDATE audit_record SET department = $1 WHERE seq = 2', [department]);

    await trail().query('DELETE FROM audit_access WHERE record_seq = (SELECT min(record_seq) FROM audit_access)');
    const access = await verify();
    expect(access.problem!.problem).toMatch(/access rows were changed, added or removed/);
  });

  it('detects a tail cut off below a signed checkpoint', async () => {
    // The previous test left an access row removed on purpose: this one starts from a fresh federation state.
    await federation.stop();
    federation = await startTestFederation({ backend });
    for (let i = 0; i < 3; i++) await federation.query('{ grid(code: "449900") { name } }');
    await federation.system.audit!.writer.checkpoint();
    const head = federation.system.audit!.writer.chainHead.seq;
    expect((await verify()).ok).toBe(true);
    // Cut the last two records from both stores, as someone hiding their last reads would.
    await trail().query('DELETE FROM audit_record WHERE seq > $1', [head - 2]);
    for (const file of new TrailFiles(federation.auditDirectory).files()) {
      const kept = fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => !line || JSON.parse(line).kind !== 'record' || JSON.parse(line).seq <= head - 2);
      fs.writeFileSync(file, kept.join('\n'));
    }
    const cut = await verify();
    expect(cut.ok).toBe(false);
    expect(cut.problem!.problem).toMatch(/checkpoint vouches for record|tail was cut off/);
  });
});

/** The audit trail's clock in the quota tests: one fixed local day, so no run straddles midnight. */
const AUDIT_NOW = new Date('2026-03-10T02:00:00Z');

describe('when the audit store fails or a quota runs out', () => {
  let federation: TestFederation;
  let fixtures: PolicyFixtures;
  beforeAll(async () => {
    ({ federation, fixtures } = await startPolicyFederation({ auditNow: () => AUDIT_NOW }));
  });
  afterAll(() => federation?.stop());

  it('withholds the answer rather than answering unaudited, and recovers', async () => {
    const trail = federation.system.audit!.sql;
    await trail.exec('ALTER TABLE audit_access RENAME TO audit_access_gone');
    try {
      const { status, body } = await federation.query('query ($id: ID!) { person(id: $id) { name idNumber } }', { id: fixtures.personA.id });
      expect(status).toBe(503);
      expect(body.data).toBeUndefined();
      expect(body.errors).toEqual([expect.objectContaining({ extensions: { code: 'AUDIT_UNAVAILABLE' } })]);
      expect(JSON.stringify(body)).not.toContain(fixtures.personA.name);
    } finally {
      await trail.exec('ALTER TABLE audit_access_gone RENAME TO audit_access');
    }
    const again = await federation.query('query ($id: ID!) { person(id: $id) { name } }', { id: fixtures.personA.id });
    expect(again.body.data.person.name).toBe(fixtures.personA.name);
    const result = await verifyTrail({ sql: trail, files: new TrailFiles(federation.auditDirectory), publicKey: federation.keys.publicKey });
    expect(result.ok).toBe(true);
  });

  it('refuses sensitive fields past the daily quota with QUOTA_EXCEEDED and raises an anomaly', async () => {
    const audit = federation.system.audit!;
    const before = await federation.queryAs({ department: 'health' }, 'query ($id: ID!) { person(id: $id) { name idNumber } }', { id: fixtures.personA.id });
    expect(before.body.errors).toBeUndefined();
    // Health reads the rest of its 5,000 sensitive records a day (departments.yaml).
    const { used } = await audit.quotas.usage('health', 'sensitive');
    expect(used).toBe(1);
    const rest = { personal: 0, sensitive: 5000 - used };
    await audit.quotas.settle(await audit.quotas.reserve('health', rest), rest);
    const after = await federation.queryAs({ department: 'health' }, 'query ($id: ID!) { person(id: $id) { name idNumber } }', { id: fixtures.personA.id });
    expect(after.body.data.person).toEqual({ name: fixtures.personA.name, idNumber: null });
    expect(after.body.errors).toEqual([
      expect.objectContaining({ path: ['person', 'idNumber'], extensions: expect.objectContaining({ code: 'FORBIDDEN', reason: 'QUOTA_EXCEEDED' }) }),
    ]);
    const other = await federation.queryAs({ department: 'civil-affairs' }, 'query ($id: ID!) { person(id: $id) { idNumber } }', { id: fixtures.personA.id });
    expect(other.body.errors).toBeUndefined();
    // The anomaly is stored as the refusing answer's reservation settles, before that answer leaves.
    const { rows } = await audit.sql.query<{ kind: string; department: string }>(`SELECT kind, department FROM audit_event`);
    expect(rows).toEqual([{ kind: 'QUOTA_EXCEEDED', department: 'health' }]);
  });
});

describe('retention', () => {
  let federation: TestFederation;
  beforeAll(async () => {
    federation = await startTestFederation({ seed: false });
  });
  afterAll(() => federation?.stop());

  it('prunes old records from both stores and still verifies from a signed anchor', async () => {
    const { writer, sql } = federation.system.audit!;
    const old = (i: number) => ({
      requestId: `old-${i}`,
      at: `2020-01-0${i}T02:00:00.000Z`,
      department: 'health',
      userId: 'u',
      level: 'city',
      purpose: null,
      clientName: null,
      operationName: null,
      operationType: 'query',
      documentHash: null,
      variables: null,
      fieldsGranted: [],
      fieldsMasked: [],
      fieldsDenied: [],
      denialReasons: [],
      outcome: 'OK' as const,
      httpStatus: 200,
      durationMs: 1,
      recordCount: 0,
      sensitiveRecordCount: 0,
      accesses: [],
    });
    for (let i = 1; i <= 3; i++) await writer.append(old(i));
    for (let i = 0; i < 2; i++) await federation.query('{ grid(code: "449900") { name } }');
    const files = new TrailFiles(federation.auditDirectory);
    const result = await pruneTrail({ sql, files, signingKey: federation.keys.privateKey, before: new Date('2021-01-01T00:00:00Z') });
    expect(result).toEqual({ removedRecords: 3, anchorSeq: 3 });
    const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_record');
    expect(rows[0].n).toBe(2);
    const text = files
      .files()
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('');
    expect(text).not.toContain('old-1');
    const verified = await verifyTrail({ sql, files, publicKey: federation.keys.publicKey });
    expect(verified).toEqual(expect.objectContaining({ ok: true, records: 2, headSeq: 5 }));
    // Removing the anchor leaves the first remaining record unlinked.
    await sql.query('DELETE FROM audit_checkpoint WHERE seq = 3');
    const unanchored = await verifyTrail({ sql, files, publicKey: federation.keys.publicKey });
    expect(unanchored.ok).toBe(false);
  });
});
