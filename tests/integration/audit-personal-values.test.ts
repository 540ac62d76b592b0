import fs from 'node:fs';
import path from 'node:path';
import { subjectDigest } from '../../audit-trail/subject-digest';
import { startTestFederation, testBackends, TestFederation } from '../helpers/federation';
import { as, mutate, newKey, pickBaseData } from '../helpers/events';

/**
 * The trail is about who asked for what, never a copy of the personal values asked with: after broad
 * traffic that carries ID numbers, phones and names in variables and mutation inputs, no seeded ID
 * number, phone or name of the city may be found anywhere in the trail (every audit table, every file).
 */
describe.each(testBackends())('personal values in variables and inputs, on %s', (backend) => {
  let federation: TestFederation;
  let persons: { id: string; name: string; id_number: string; phone: string | null }[];
  let representatives: string[];

  beforeAll(async () => {
    federation = await startTestFederation({ backend });
    persons = (await federation.system.subgraphs.population!.db.sql.query<any>('SELECT id, name, id_number, phone FROM person ORDER BY id')).rows;
    representatives = (
      await federation.system.subgraphs['legal-entities']!.db.sql.query<{ n: string }>('SELECT legal_representative_name AS n FROM legal_entity')
    ).rows.map((r) => r.n);
  });
  afterAll(() => federation?.stop());

  const trailText = async () => {
    const sql = federation.system.audit!.sql;
    const tables = (await sql.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'audit%'`)).rows.map(
      (r) => r.t,
    );
    expect(tables).toEqual(expect.arrayContaining(['audit_record', 'audit_access', 'audit_checkpoint', 'audit_event']));
    let text = '';
    for (const table of tables) text += JSON.stringify((await sql.query(`SELECT * FROM "${table}"`)).rows);
    const files = fs.readdirSync(federation.auditDirectory, { recursive: true }) as string[];
    for (const file of files) {
      const full = path.join(federation.auditDirectory, file);
      if (fs.statSync(full).isFile()) text += fs.readFileSync(full, 'utf8');
    }
    return text;
  };

  it('records variables and inputs by shape: no seeded ID number, phone or name is anywhere in the trail', async () => {
    const some = persons.filter((p) => p.phone).slice(0, 12);
    const base = await pickBaseData(federation);
    const officer = { department: 'public-security', user: 'officer-li', purpose: 'case-investigation' };
    for (const [i, p] of some.entries()) {
      // The lookup every department makes, with the number as typed: spaces around it, a lower-case x.
      await federation.queryAs(officer, 'query ById($n: String!) { personByIdNumber(idNumber: $n) { id name } }', { n: p.id_number });
      await federation.queryAs(officer, 'query ByIdSpaced($n: String!) { personByIdNumber(idNumber: $n) { id } }', { n: `  ${p.id_number.toLowerCase()} ` });
      // Personal values where an ID or a code is expected, or in a variable nothing uses.
      await federation.queryAs(officer, 'query ($x: ID!) { person(id: $x) { id } }', { x: [p.name, p.phone, p.id_number][i % 3] });
      await federation.queryAs(officer, 'query ($g: ID!) { persons(gridCode: $g, first: 1) { totalCount } }', { g: p.name });
      await federation.queryAs({ department: 'health', purpose: 'epidemic-prevention' }, 'query Unused($id: ID!) { person(id: $id) { name } }', {
        id: p.id,
        who: { name: p.name, phone: ` ${p.phone} `, idNumber: p.id_number, note: `${p.name}的电话是${p.phone}` },
      });
      // A document that does not parse still has its variables recorded.
      await federation.queryAs(officer, 'query { personByIdNumber(idNumber: $n) { id ', { n: p.id_number, phone: p.phone, name: p.name });
      // The events loop: descriptions, contact names and phones in mutation inputs.
      const reported = await mutate(federation, as.gridWorker(base.gridCode), 'reportEvent', {
        idempotencyKey: newKey('pv'),
        categoryCode: 'fire.illegal-wiring',
        title: `${p.name}反映楼道堆物`,
        description: `${p.name}（身份证${p.id_number}，电话${p.phone}）反映三楼楼道私拉电线`,
        addressCode: base.addressCode,
        contactName: p.name,
        contactPhone: p.phone,
        involvedPersonIds: [p.id],
      });
      const id = reported.body.data?.reportEvent?.event?.id;
      expect(id).toEqual(expect.any(String));
      await mutate(federation, as.dispatcher(), 'rejectEvent', { id, expectedVersion: 1, reason: `重复反映，联系人${p.name} ${p.phone}` });
    }
    for (const name of representatives.slice(0, 5)) {
      await federation.queryAs({ department: 'market-regulation' }, 'query Rep($n: String!) { legalEntity(uscc: $n) { name } }', { n: name });
    }

    const text = await trailText();
    const seeded = [...persons.flatMap((p) => [p.id_number, p.id_number.toLowerCase(), p.phone, p.name]), ...representatives].filter(
      (v): v is string => typeof v === 'string' && v.length > 0,
    );
    expect(seeded.filter((value) => text.includes(value))).toEqual([]);

    // What was asked is still there, by shape: the ID number as the keyed digest auditors search by
    // (the same for the number typed with spaces), codes as they were.
    const sql = federation.system.audit!.sql;
    const variablesOf = async (name: string) =>
      (await sql.query<{ variables: any }>('SELECT variables FROM audit_record WHERE operation_name = $1 ORDER BY seq', [name])).rows.map((r) => r.variables);
    const digest = subjectDigest(federation.subjectDigestKey, some[0].id_number);
    expect((await variablesOf('ById'))[0]).toEqual({ n: expect.stringContaining(digest) });
    expect((await variablesOf('ByIdSpaced'))[0]).toEqual({ n: expect.stringContaining(digest) });
    const unused = (await variablesOf('Unused'))[0];
    expect(unused.id).toBe(some[0].id);
    expect(JSON.stringify(unused.who)).toMatch(/phone/);
  });
});
