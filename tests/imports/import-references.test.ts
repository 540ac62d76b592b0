import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CallerTokenSigner } from '../../platform/caller-token';
import { makeCreditCode } from '../../platform/identifiers/credit-code';
import { csvLine } from '../../runner/cli/audit-csv';
import { runImportFile } from '../../runner/cli/import/import-run';
import { REGISTERS } from '../../runner/cli/import/registers';
import { generateMessyRegister, REGISTER_HEADER } from '../../synthetic-city/messy-register';
import { TEST_CITY } from '../helpers/dump-key';
import { TestClock } from '../helpers/events';
import { postGraphQL, startTestFederation, testBackends, TestFederation } from '../helpers/federation';
import { startTestSubgraph, TestSubgraph } from '../helpers/subgraph';

/**
 * An import checks the records its rows name in other registers as a direct write does (#12, #13):
 * the persons register's employer credit code is the business register's. Written as the user's
 * mistake — a file whose row names an employer the business register does not have — and as the
 * fault: the owner cannot ask (the gateway does not answer), and the page is refused whole.
 */

const EMPLOYER = 8;
/** A well-formed credit code (GB 32100 check character right) that no entity of the test city has. */
const UNKNOWN_EMPLOYER = makeCreditCode('91449900MA7777777');

describe.each(testBackends())('an import names records of other registers on %s', (backend) => {
  const clock = new TestClock('2026-12-01T10:00');
  let federation: TestFederation;
  let dir: string;
  beforeAll(async () => {
    federation = await startTestFederation({ backend, now: clock.now, subgraphs: ['address', 'population', 'legal-entities'] });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-import-refs-'));
  });
  afterAll(async () => {
    await federation?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('rejects the row whose employer is not in the business register, naming the column, and applies the others', async () => {
    const population = federation.system.subgraphs.population!.db.sql;
    const entities = federation.system.subgraphs['legal-entities']!.db.sql;
    // The register persons-import.test.ts imports: its first such persons' addresses match their residence.
    const register = generateMessyRegister({ scale: TEST_CITY.scale, seed: TEST_CITY.seed, rows: 240 });
    const persons = register.truth.filter((t) => t.kind === 'PERSON' && !t.idNumberDefect && !t.creditCodeDefect && t.addressMatchable).slice(0, 2);
    const known = (await entities.query<{ uscc: string }>(`SELECT uscc FROM legal_entity WHERE licence_status = 'ACTIVE' ORDER BY uscc LIMIT 1`)).rows[0]!.uscc;
    const rows = persons.map((t, i) => {
      const cells = [...register.rows[t.row - 1]!];
      cells[0] = String(i + 1);
      cells[EMPLOYER] = i === 0 ? UNKNOWN_EMPLOYER : known;
      return cells;
    });
    const before = (
      await population.query<{ id: string; version: number; employer_uscc: string | null }>(
        'SELECT id, version, employer_uscc FROM person WHERE id = ANY($1::text[]) ORDER BY id',
        [`{${persons.map((p) => p.personId).join(',')}}`],
      )
    ).rows;
    expect(before.every((p) => p.employer_uscc !== known)).toBe(true);
    const file = path.join(dir, 'employers.csv');
    fs.writeFileSync(file, [csvLine([...REGISTER_HEADER]), ...rows.map((c) => csvLine(c))].join(''));
    const token = await federation.token({ department: 'public-security', user: 'ps-importer', role: 'registrar' });
    const report = path.join(dir, 'employers.report.csv');
    const summary = await runImportFile({
      register: REGISTERS.persons!,
      file,
      gatewayUrl: federation.gatewayUrl,
      token,
      encoding: 'utf-8',
      dryRun: false,
      reportFile: report,
    });

    expect(summary).toMatchObject({ rows: 2, applied: 1, rejected: 1, unchanged: 0, needsReview: 0 });
    const lines = fs.readFileSync(report, 'utf8').trim().split('\r\n');
    expect(lines).toHaveLength(2);
    // The report names the column as the file does, masks the code, and says what to do.
    expect(lines[1]).toMatch(
      /^1,REJECTED,服务处所统一社会信用代码,91449900\*{10},employerUscc: there is no legal entity with this code on record,"?check the employerUscc against its register/,
    );
    expect(lines[1]).not.toContain(UNKNOWN_EMPLOYER);
    const after = (
      await population.query<{ id: string; version: number; employer_uscc: string | null }>(
        'SELECT id, version, employer_uscc FROM person WHERE id = ANY($1::text[]) ORDER BY id',
        [`{${persons.map((p) => p.personId).join(',')}}`],
      )
    ).rows;
    const rejected = after.find((p) => p.id === persons[0]!.personId)!;
    const applied = after.find((p) => p.id === persons[1]!.personId)!;
    expect(rejected).toEqual(before.find((p) => p.id === rejected.id));
    expect(applied).toMatchObject({ employer_uscc: known, version: before.find((p) => p.id === applied.id)!.version + 1 });
    const history = await population.query(`SELECT source FROM record_version WHERE entity_key = ANY($1::text[])`, [`{${rejected.id},${applied.id}}`]);
    expect(history.rows).toEqual([{ source: 'IMPORT' }]);
  });
});

describe.each(testBackends())('an import whose references cannot be checked on %s', (backend) => {
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    // A port that was just free and is closed again: the gateway the subgraph would ask does not answer.
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const closedPort = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    subgraph = await startTestSubgraph('population', { backend, gatewayUrl: `http://127.0.0.1:${closedPort}/graphql` });
  });
  afterAll(() => subgraph?.stop());

  it('refuses the whole page (SERVICE_UNAVAILABLE naming the field) and writes nothing of it', async () => {
    const sql = subgraph.db.sql;
    const people = (
      await sql.query<{ id: string; name: string; gender: string; id_number: string; birth: string; house_code: string; phone: string | null }>(
        `SELECT id, name, gender::text AS gender, id_number, to_char(birth_date, 'YYYY-MM-DD') AS birth, house_code, phone FROM person
        WHERE status = 'ACTIVE' AND house_code IS NOT NULL ORDER BY id LIMIT 2`,
      )
    ).rows;
    const row = (p: (typeof people)[number], i: number, change: Record<string, string>) => ({
      row: i + 1,
      name: p.name,
      gender: p.gender === 'MALE' ? '男' : '女',
      idNumber: p.id_number,
      birthDate: p.birth,
      address: '某路1号',
      addressMatch: { status: 'MATCHED', code: p.house_code.slice(0, 19) },
      ...change,
    });
    // The first row changes only the phone (no reference); the second names an employer: both are the page's.
    const rows = [row(people[0]!, 0, { phone: '13900007001' }), row(people[1]!, 1, { employerUscc: UNKNOWN_EMPLOYER })];
    const query = `mutation ($input: ImportPersonsInput!) { importPersons(input: $input) { applied rejected } }`;
    const variables = { input: { importId: 'imp-unreachable-01', page: 1, rows } };
    const counts = async () =>
      (
        await sql.query(
          `SELECT (SELECT count(*) FROM record_version) AS v, (SELECT count(*) FROM change_request) AS r, (SELECT count(*) FROM import_seen) AS s, (SELECT count(*) FROM write_idempotency) AS k`,
        )
      ).rows[0];
    const before = await counts();
    const caller = {
      user: 'ps-registrar-1',
      department: 'public-security',
      level: 'city' as const,
      jurisdiction: [],
      role: 'registrar',
      purpose: 'population-management',
    };
    const token = new CallerTokenSigner(subgraph.keys.privateKey).sign(caller, 'population', { query, variables });
    const { body } = await postGraphQL(subgraph.url, query, variables, { authorization: `Bearer ${token}` });
    expect(body.data?.importPersons ?? null).toBeNull();
    expect(body.errors![0]).toMatchObject({
      message: expect.stringMatching(/employerUscc could not be checked .*nothing was written/),
      extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'REFERENCE_CHECK_UNAVAILABLE' },
    });
    expect(await counts()).toEqual(before);
    expect((await sql.query<{ phone: string | null }>('SELECT phone FROM person WHERE id = $1', [people[0]!.id])).rows[0]!.phone).toBe(people[0]!.phone);
  });
});
