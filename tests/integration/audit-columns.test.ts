import { TrailFiles } from '../../audit-trail/trail-files';
import { verifyTrail } from '../../audit-trail/verify';
import { FileWitness } from '../../audit-trail/witness';
import { startTestFederation, testBackends, TestFederation } from '../helpers/federation';
import { loadPolicyFixtures, PolicyFixtures } from '../policies/fixtures';

const AUDITOR = { department: 'audit-office', user: 'auditor-1' };
const RECORD = `query ($seq: ID!) { auditRecord(seq: $seq) {
  requestId at department userId level purpose clientName operationName operationType documentHash variables
  fieldsGranted fieldsMasked fieldsDenied denialReasons outcome httpStatus durationMs recordCount sensitiveRecordCount } }`;

/**
 * The auditors' answers come from the queryable columns, not from the hashed line: an edit of any of
 * them would change what auditors are shown. Each such edit must make verification fail, naming the column.
 */
describe.each(testBackends())('edits of the columns auditors query, on %s', (backend) => {
  let federation: TestFederation;
  let fixtures: PolicyFixtures;
  let seq: string;
  const trail = () => federation.system.audit!.sql;
  const verify = () =>
    verifyTrail({
      sql: trail(),
      files: new TrailFiles(federation.auditDirectory),
      witness: new FileWitness(federation.witnessPath),
      publicKey: federation.keys.publicKey,
    });

  beforeAll(async () => {
    federation = await startTestFederation({ backend });
    fixtures = await loadPolicyFixtures(federation);
    await federation.queryAs(
      { department: 'health', user: 'dr-wang', purpose: 'epidemic-prevention' },
      'query Lookup($id: ID!) { person(id: $id) { name idNumber phone } }',
      { id: fixtures.personA.id, n: 3 },
      { 'apollographql-client-name': 'vaccination-app' },
    );
    const { rows } = await trail().query<{ seq: string }>(`SELECT seq::text AS seq FROM audit_record WHERE operation_name = 'Lookup'`);
    seq = rows[0].seq;
    await federation.system.audit!.writer.checkpoint();
  });
  afterAll(() => federation?.stop());

  it.each<[string, string, string, unknown]>([
    ['purpose', `'health-services'`, 'purpose', 'health-services'],
    ['at', `at - interval '3 hours'`, 'at', expect.any(String)],
    ['client_name', `'other-app'`, 'clientName', 'other-app'],
    ['denial_reasons', `ARRAY['PURPOSE_REQUIRED']`, 'denialReasons', ['PURPOSE_REQUIRED']],
    ['http_status', '403', 'httpStatus', 403],
    ['sensitive_record_count', '0', 'sensitiveRecordCount', 0],
    ['variables', `'{"id":"someone-else","n":3}'::jsonb`, 'variables', expect.stringContaining('someone-else')],
    ['level', `'community'`, 'level', 'community'],
    ['user_id', `'dr-li'`, 'userId', 'dr-li'],
    ['operation_name', `'Harmless'`, 'operationName', 'Harmless'],
    ['operation_type', `'mutation'`, 'operationType', 'mutation'],
    ['document_hash', `repeat('0', 64)`, 'documentHash', '0'.repeat(64)],
    ['outcome', `'REJECTED'`, 'outcome', 'REJECTED'],
    ['duration_ms', '1', 'durationMs', 1],
    ['record_count', '0', 'recordCount', 0],
    ['fields_granted', `ARRAY['Person.name']`, 'fieldsGranted', ['Person.name']],
  ])('%s', async (column, value, field, shown) => {
    expect(await verify()).toEqual(expect.objectContaining({ ok: true, unprotectedRecords: expect.any(Number) }));
    const { rows } = await trail().query<{ saved: unknown }>(`SELECT to_jsonb(${column}) AS saved FROM audit_record WHERE seq = $1`, [seq]);
    await trail().query(`UPDATE audit_record SET ${column} = ${value} WHERE seq = $1`, [seq]);
    try {
      const { body } = await federation.queryAs(AUDITOR, RECORD, { seq });
      expect(body.data.auditRecord[field]).toEqual(shown); // what auditors are now told
      const result = await verify();
      expect(result.ok).toBe(false);
      expect(result.problem).toEqual(
        expect.objectContaining({ seq: Number(seq), where: 'audit database', problem: expect.stringContaining(`column ${column} was changed`) }),
      );
    } finally {
      await trail().query(
        `UPDATE audit_record r SET ${column} = (SELECT (jsonb_populate_record(r, jsonb_build_object($2::text, $3::jsonb))).${column}) WHERE seq = $1`,
        [seq, column, JSON.stringify(rows[0].saved)],
      );
    }
    expect((await verify()).ok).toBe(true);
  });
});
