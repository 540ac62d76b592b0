import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { csvLine } from '../../runner/cli/audit-csv';
import { runImportFile, ImportSummary } from '../../runner/cli/import/import-run';
import { REGISTERS } from '../../runner/cli/import/registers';
import { generateMessyRegister, MessyRegister, REGISTER_HEADER } from '../../synthetic-city/messy-register';
import { auditRecordsMentioning } from '../helpers/audit-records';
import { TEST_CITY } from '../helpers/dump-key';
import { makeResidentIdNumber } from '../../platform/identifiers/resident-id';
import { TestClock } from '../helpers/events';
import { postGraphQL, startTestFederation, testBackends, TestFederation } from '../helpers/federation';
import { APPROVE_POPULATION, gridWorker, key, registrar, SUBMIT_POPULATION } from '../helpers/living';
import { applyRecordChange } from '../../subgraphs/kit/src/records/record-change';
import { PERSON } from '../../subgraphs/population/src/writes/person-record';

/**
 * The user's path of an import (#13.3): public security imports the messy register of the test
 * city (its truth alongside) through the gateway with a registrar's token, as `gridshare import
 * persons` does; every row is accounted for against the truth, the dry run writes nothing, a second
 * import changes nothing, the reject report lists every row not applied with masked values, the
 * review queue holds the rows that need a person, history and the feed say IMPORT, the trail has the
 * import's pages with counts and no values.
 */

const ROWS = 240;
/** Rows appended to the register: one contradicting an earlier row, one a probable duplicate under another ID number. */
const EXTRA = 2;
const PERSONS = REGISTERS.persons!;

type Report = { row: number; outcome: string; column: string; value: string; reason: string; changeRequest: string }[];

function readReport(file: string): Report {
  // The report's cells are plain (masked values, reasons without commas in quotes are quoted by csvLine).
  const lines = fs.readFileSync(file, 'utf8').trim().split('\r\n').slice(1);
  return lines.map((line) => {
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (c === '"') quoted = false;
        else cell += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') {
        cells.push(cell);
        cell = '';
      } else cell += c;
    }
    cells.push(cell);
    return { row: Number(cells[0]), outcome: cells[1]!, column: cells[2]!, value: cells[3]!, reason: cells[4]!, changeRequest: cells[6]! };
  });
}

describe.each(testBackends())('importing the persons register on %s', (backend) => {
  const clock = new TestClock('2026-12-01T10:00');
  let federation: TestFederation;
  let token: string;
  let dir: string;
  let register: MessyRegister;
  let file: string;
  /** Two persons of the city whose rows, appended to the register, bring a new phone. */
  let movers: { id: string; idNumber: string; version: number; row: number; newPhone: string }[];
  let rows: string[][];
  let contradicted: number;
  let twinPerson: string;
  const population = () => federation.system.subgraphs.population!.db.sql;
  const counts = async () => {
    const { rows } = await population().query<{ versions: number; requests: number; persons: number }>(
      `SELECT (SELECT count(*)::int FROM record_version) AS versions, (SELECT count(*)::int FROM change_request) AS requests,
              (SELECT count(*)::int FROM person) AS persons`,
    );
    return rows[0]!;
  };
  const importFile = (options: { dryRun?: boolean; report: string; importId?: string }) =>
    runImportFile({
      register: PERSONS,
      file,
      gatewayUrl: federation.gatewayUrl,
      token,
      encoding: 'utf-8',
      dryRun: options.dryRun ?? false,
      reportFile: path.join(dir, options.report),
      importId: options.importId,
      pageRows: 50,
    });

  beforeAll(async () => {
    federation = await startTestFederation({ backend, now: clock.now, subgraphs: ['address', 'population'] });
    token = await federation.token({ department: 'public-security', user: 'ps-importer', role: 'registrar' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-import-'));
    register = generateMessyRegister({ scale: TEST_CITY.scale, seed: TEST_CITY.seed, rows: ROWS });
    // Rows that change something: two persons of the register with a new mobile number; and a third
    // person's row repeated at the end with another number (the file contradicts itself).
    const chosen = register.truth.filter((t) => t.kind === 'PERSON' && !t.idNumberDefect && !t.creditCodeDefect && t.addressMatchable).slice(0, 3);
    movers = [];
    rows = register.rows.map((cells) => [...cells]);
    for (const [i, t] of chosen.slice(0, 2).entries()) {
      const person = (await population().query<any>(`SELECT id, id_number, version FROM person WHERE id = $1`, [t.personId])).rows[0];
      const newPhone = `1390000${String(1000 + i)}`;
      movers.push({ id: person.id, idNumber: person.id_number, version: person.version, row: t.row, newPhone });
      rows[t.row - 1]![5] = newPhone;
    }
    contradicted = chosen[2]!.row;
    const repeated = [...rows[contradicted - 1]!];
    repeated[0] = String(ROWS + 1);
    repeated[5] = '13900002000';
    rows.push(repeated);
    // A person of the city under an ID number the city does not know (same name, birth date, sex and address).
    const twin = register.truth.filter((t) => t.kind === 'PERSON' && !t.idNumberDefect && !t.creditCodeDefect && t.addressMatchable)[3]!;
    const twinCells = [...rows[twin.row - 1]!];
    const birth = (await population().query<{ b: string }>(`SELECT to_char(birth_date, 'YYYY-MM-DD') AS b FROM person WHERE id = $1`, [twin.personId])).rows[0]!
      .b;
    twinCells[0] = String(ROWS + 2);
    twinCells[3] = makeResidentIdNumber('449901', birth, 990 + (twinCells[2] === '男' ? 1 : 0));
    rows.push(twinCells);
    twinPerson = twin.personId!;
    file = path.join(dir, 'register.csv');
    fs.writeFileSync(file, [csvLine([...REGISTER_HEADER]), ...rows.map((c) => csvLine(c))].join(''));
  });
  afterAll(async () => {
    await federation?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  let dry: ImportSummary;
  let first: ImportSummary;
  let report: Report;

  it('a dry run decides every row and writes nothing', async () => {
    const before = await counts();
    dry = await importFile({ dryRun: true, report: 'dry.csv' });
    expect(dry.rows).toBe(ROWS + EXTRA);
    expect(dry.applied + dry.unchanged + dry.needsReview + dry.rejected).toBe(dry.rows);
    expect(dry.applied).toBe(2);
    expect(await counts()).toEqual(before);
  });

  it('imports the register: every row accounted for against the truth', async () => {
    first = await importFile({ report: 'first.csv', importId: 'imp-first-0001' });
    expect(first.applied + first.unchanged + first.needsReview + first.rejected).toBe(ROWS + EXTRA);
    // The dry run said what the import did.
    expect({ ...first, importId: '', reportFile: '', seconds: 0, dryRun: true }).toEqual({ ...dry, importId: '', reportFile: '', seconds: 0 });
    expect(first.applied).toBe(2);
    report = readReport(first.reportFile);
    const byRow = new Map(report.map((r) => [r.row, r]));
    // Every row not applied is in the report, exactly once.
    expect(report.length).toBe(first.unchanged + first.needsReview + first.rejected);
    expect(byRow.size).toBe(report.length);
    for (const mover of movers) expect(byRow.has(mover.row)).toBe(false);
    // The later row contradicting an earlier one of the same file is for a person to decide.
    expect(byRow.get(contradicted)?.outcome).toBe('UNCHANGED');
    expect(byRow.get(ROWS + 1)).toMatchObject({ outcome: 'NEEDS_REVIEW', reason: `row ${contradicted} of this file says otherwise about this person` });
    expect(byRow.get(ROWS + 2)).toMatchObject({
      outcome: 'NEEDS_REVIEW',
      column: '公民身份号码',
      reason: `probably person ${twinPerson} (same name, birth date and address) under another ID number`,
    });

    let unchangedPersons = 0;
    let persons = 0;
    for (const t of register.truth) {
      if (movers.some((m) => m.row === t.row)) continue;
      const line = byRow.get(t.row);
      expect(line).toBeDefined();
      if (t.idNumberDefect) expect(line).toMatchObject({ outcome: 'REJECTED', column: '公民身份号码' });
      else if (t.creditCodeDefect) expect(line).toMatchObject({ outcome: 'REJECTED', column: '服务处所统一社会信用代码' });
      else if (t.kind === 'UNKNOWN_PERSON') expect(['NEEDS_REVIEW', 'REJECTED']).toContain(line!.outcome);
      else {
        // A person on record, written as the city has them: nothing to change, unless the address
        // could not be matched to their residence (then a person looks).
        expect(['UNCHANGED', 'NEEDS_REVIEW']).toContain(line!.outcome);
        if (t.kind === 'PERSON' && t.addressMatchable) {
          persons++;
          if (line!.outcome === 'UNCHANGED') unchangedPersons++;
        }
      }
    }
    // The matcher's quality target is ≥ 97 % top-1; a person whose matchable address matched their home is unchanged.
    expect(unchangedPersons / persons).toBeGreaterThan(0.9);
  });

  it('the report shows no raw value of the file', () => {
    const text = fs.readFileSync(first.reportFile, 'utf8');
    for (const cells of rows) {
      expect(text).not.toContain(cells[3]); // ID number
      if (cells[5]) expect(text).not.toContain(cells[5]); // phone
      if (cells[8]) expect(text).not.toContain(cells[8]); // credit code
    }
    const rejectedId = report.find((r) => r.outcome === 'REJECTED' && r.column === '公民身份号码' && r.value.length === 18);
    if (rejectedId) expect(rejectedId.value).toMatch(/^\w{6}\*{8}\w{4}$/);
    for (const r of report.filter((l) => l.outcome !== 'UNCHANGED')) expect(r.reason.length).toBeGreaterThan(10);
  });

  it('the review queue holds the rows that need a person, from the import', async () => {
    const queue = await federation.queryAs(
      { ...registrar('ps-reviewer'), purpose: 'population-management' },
      `{ populationChangeRequests(status: PENDING, operation: "importRow", first: 200) { edges { node { id operation note changedFields } } } }`,
    );
    expect(queue.body.errors).toBeUndefined();
    const ids = new Set(queue.body.data.populationChangeRequests.edges.map((e: any) => e.node.id));
    const queued = report.filter((r) => r.outcome === 'NEEDS_REVIEW');
    expect(queued.length).toBe(first.needsReview);
    for (const r of queued) expect(ids.has(r.changeRequest)).toBe(true);
    // Duplicate lines of one fact wait in one request, not two.
    expect(ids.size).toBeLessThanOrEqual(queued.length + report.filter((r) => r.outcome === 'UNCHANGED' && r.changeRequest).length);
    for (const e of queue.body.data.populationChangeRequests.edges) expect(e.node.note).toMatch(/^import imp-first-0001 row \d+: /);
  });

  it('applied rows are in history and the feed with source IMPORT, and the trail has the import without values', async () => {
    for (const mover of movers) {
      const answer = await federation.queryAs(
        registrar(),
        `query ($id: ID!) { person(id: $id) { phone version history { version source kind changes { field after } } } }`,
        { id: mover.id },
      );
      expect(answer.body.errors).toBeUndefined();
      const person = answer.body.data.person;
      expect(person).toMatchObject({ phone: mover.newPhone, version: mover.version + 1 });
      expect(person.history.find((h: any) => h.version === mover.version + 1)).toMatchObject({
        source: 'IMPORT',
        kind: 'UPDATED',
        changes: [{ field: 'phone', after: mover.newPhone }],
      });
    }
    const feed = (
      await population().query<{ entity_key: string }>(`SELECT entity_key FROM change_outbox WHERE entity_key = ANY($1::text[])`, [movers.map((m) => m.id)])
    ).rows;
    expect(feed.map((f) => f.entity_key).sort()).toEqual(movers.map((m) => m.id).sort());

    const records = await auditRecordsMentioning(federation, 'imp-first-0001/');
    const pages = Math.ceil((ROWS + EXTRA) / 50);
    const entries = records.flatMap((r) => r.accesses).filter((a) => a.entityType === 'PersonImport');
    expect(entries.length).toBe(pages);
    const lines = records.map((r) => JSON.stringify(r)).join('\n');
    for (const cells of rows) expect(lines).not.toContain(cells[3]);
  });

  it('importing the same file again changes nothing', async () => {
    const before = await counts();
    const again = await importFile({ report: 'again.csv' });
    expect(again).toMatchObject({ applied: 0, needsReview: 0, rejected: first.rejected, unchanged: first.unchanged + first.needsReview + first.applied });
    expect(await counts()).toEqual(before);
  });

  it('an import racing a reviewed collection request on the same person loses neither', async () => {
    const person = movers[0]!;
    const current = (await population().query<any>(`SELECT version, grid_code FROM person WHERE id = $1`, [person.id])).rows[0];
    const worker = gridWorker(current.grid_code);
    const submitted = await federation.queryAs(worker, SUBMIT_POPULATION, {
      input: {
        idempotencyKey: key(),
        observedAt: '2026-12-01T09:00:00+08:00',
        particulars: { personId: person.id, employerUscc: null, name: null, phone: null, ethnicity: null, householdRegistration: '广东省示范市' },
      },
    });
    expect(submitted.body.errors).toBeUndefined();
    const request = submitted.body.data.submitPopulationChangeRequest.changeRequest;
    // The import brings yet another phone for the same person, sent while the request is approved.
    const raceFile = path.join(dir, 'race.csv');
    const cells = [...rows[person.row - 1]!];
    cells[5] = '13900009999';
    fs.writeFileSync(raceFile, csvLine([...REGISTER_HEADER]) + csvLine(cells));
    const [imported, approved] = await Promise.all([
      runImportFile({
        register: PERSONS,
        file: raceFile,
        gatewayUrl: federation.gatewayUrl,
        token,
        encoding: 'utf-8',
        dryRun: false,
        reportFile: path.join(dir, 'race-report.csv'),
      }),
      federation.queryAs(registrar('ps-reviewer'), APPROVE_POPULATION, { input: { id: request.id, expectedVersion: request.version } }),
    ]);
    expect(approved.body.errors).toBeUndefined();
    expect(imported.applied + imported.needsReview).toBe(1);
    const history = (
      await population().query<{ source: string; changed_fields: string[] }>(
        `SELECT source, changed_fields FROM record_version WHERE entity_type = 'Person' AND entity_key = $1 AND version > $2 ORDER BY version`,
        [person.id, current.version],
      )
    ).rows;
    // The approved request is in history; the import's phone is in history too, or waits for review.
    expect(history.some((h) => h.source === 'COLLECTION' && h.changed_fields.includes('householdRegistration'))).toBe(true);
    if (imported.applied === 1) expect(history.some((h) => h.source === 'IMPORT' && h.changed_fields.includes('phone'))).toBe(true);
    else expect(readReport(imported.reportFile)[0]).toMatchObject({ outcome: 'NEEDS_REVIEW' });
  });

  // PostgreSQL only: PGlite has one connection, so no other writer can commit between the import's read and its write.
  (backend === 'postgres' ? it : it.skip)(
    'a record another writer changes between the import reading it and writing it goes to review, not overwritten',
    async () => {
      const person = movers[1]!;
      const raceFile = path.join(dir, 'race-locked.csv');
      const cells = [...rows[person.row - 1]!];
      cells[5] = '13900007777';
      fs.writeFileSync(raceFile, csvLine([...REGISTER_HEADER]) + csvLine(cells));
      let imported: Promise<ImportSummary> | undefined;
      // Another writer holds the person's row, lets the import read the record and queue on the lock,
      // then commits its own change (version + 1, with history) through the shared write path.
      await population().transaction(async (tx) => {
        await tx.query(`SELECT 1 FROM person WHERE id = $1 FOR UPDATE`, [person.id]);
        imported = runImportFile({
          register: PERSONS,
          file: raceFile,
          gatewayUrl: federation.gatewayUrl,
          token,
          encoding: 'utf-8',
          dryRun: false,
          reportFile: path.join(dir, 'race-locked-report.csv'),
        });
        for (;;) {
          const { rows: waiting } = await population().query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          if (waiting[0]!.n > 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await applyRecordChange(tx, PERSON, {
          key: person.id,
          values: { householdRegistration: '广东省示范市榕溪镇' },
          kind: 'UPDATED',
          source: 'DEPARTMENT',
          actor: { department: 'public-security', user: 'ps-other' },
          now: clock.now(),
        });
      });
      const summary = await imported!;
      expect(summary).toMatchObject({ applied: 0, needsReview: 1 });
      expect(readReport(summary.reportFile)[0]).toMatchObject({
        outcome: 'NEEDS_REVIEW',
        reason: expect.stringMatching(/^the record changed while importing/),
      });
      const phone = (
        await population().query<{ phone: string; household_registration: string }>(`SELECT phone, household_registration FROM person WHERE id = $1`, [
          person.id,
        ])
      ).rows[0]!;
      // The other writer's change stands; the import's phone waits for a person.
      expect(phone).toMatchObject({ phone: person.newPhone, household_registration: '广东省示范市榕溪镇' });
    },
  );

  it('a file that breaks after its first page says what was imported and how to finish', async () => {
    const broken = path.join(dir, 'broken.csv');
    fs.writeFileSync(broken, [csvLine([...REGISTER_HEADER]), ...rows.slice(0, 60).map((c) => csvLine(c)), `61,${'甲'.repeat(70_000)}\n`].join(''));
    await expect(
      runImportFile({
        register: PERSONS,
        file: broken,
        gatewayUrl: federation.gatewayUrl,
        token,
        encoding: 'utf-8',
        dryRun: false,
        reportFile: path.join(dir, 'broken-report.csv'),
        importId: 'imp-broken-01',
        pageRows: 50,
      }),
    ).rejects.toThrow(
      /longer than 65536 characters.*; the 50 rows before it were imported, each applied, unchanged, queued or rejected .*import it again with --import-id imp-broken-01/,
    );
  });

  it('a registrar of one community learns nothing of persons outside it', async () => {
    const clean = register.truth.filter(
      (t) => t.kind === 'PERSON' && !t.idNumberDefect && !t.creditCodeDefect && t.addressMatchable && !movers.some((m) => m.row === t.row),
    );
    const inside = clean.find((t) => t.houseCode!.startsWith('449900101201'))!;
    const outside = clean.find((t) => t.houseCode!.startsWith('449900101202'))!;
    const twoRows = path.join(dir, 'two-communities.csv');
    fs.writeFileSync(twoRows, [csvLine([...REGISTER_HEADER]), csvLine(rows[inside.row - 1]!), csvLine(rows[outside.row - 1]!)].join(''));
    const communityToken = await federation.token({
      department: 'public-security',
      user: 'ps-community',
      role: 'registrar',
      level: 'community',
      jurisdiction: ['449900101201'],
    });
    const summary = await runImportFile({
      register: PERSONS,
      file: twoRows,
      gatewayUrl: federation.gatewayUrl,
      token: communityToken,
      encoding: 'utf-8',
      dryRun: true,
      reportFile: path.join(dir, 'community-report.csv'),
    });
    const lines = readReport(summary.reportFile);
    expect(lines.find((l) => l.row === 1)).toMatchObject({ outcome: 'UNCHANGED' });
    expect(lines.find((l) => l.row === 2)).toMatchObject({ outcome: 'REJECTED', reason: 'the row is about a record outside your jurisdiction' });
    const text = fs.readFileSync(summary.reportFile, 'utf8');
    expect(text).not.toContain(outside.personId!);
    expect(text).not.toContain('449900101202');
  });

  it('refuses a caller who may not write persons directly, and writes nothing', async () => {
    const before = await counts();
    const workerToken = await federation.token({
      department: 'grid-command',
      user: 'gw-9',
      role: 'grid-worker',
      level: 'community',
      jurisdiction: ['449900101201'],
    });
    await expect(
      runImportFile({
        register: PERSONS,
        file,
        gatewayUrl: federation.gatewayUrl,
        token: workerToken,
        purpose: 'grid-management',
        encoding: 'utf-8',
        dryRun: false,
        reportFile: path.join(dir, 'worker.csv'),
      }),
    ).rejects.toThrow(/FORBIDDEN/);
    expect(await counts()).toEqual(before);
  });
  it('a page holds at most 500 rows: the owner refuses more, and the CLI cuts long rows into pages under the body limit', async () => {
    const rows501 = Array.from({ length: 501 }, (_, i) => ({ row: i + 1, name: '测试' }));
    const { body } = await postGraphQL(
      federation.gatewayUrl,
      'mutation ($input: ImportPersonsInput!) { importPersons(input: $input) { rows } }',
      { input: { importId: 'imp-too-many-01', page: 1, dryRun: true, rows: rows501 } },
      { authorization: `Bearer ${token}`, 'x-purpose': 'population-management' },
    );
    expect(body.errors?.[0]).toMatchObject({ message: expect.stringContaining('rows must hold 1-500 rows'), extensions: { code: 'BAD_USER_INPUT' } });
    const run = (from: string, pageRows?: number) =>
      runImportFile({
        register: PERSONS,
        file: from,
        gatewayUrl: federation.gatewayUrl,
        token,
        encoding: 'utf-8',
        dryRun: true,
        reportFile: `${from}.report.csv`,
        pageRows,
      });
    await expect(run(file, 501)).rejects.toThrow('a page holds 1-500 rows, not 501');
    // 500 rows whose address is 190 characters (570 bytes of UTF-8): one page of them would pass the gateway's 256 KB.
    const long = path.join(dir, 'long-rows.csv');
    const address = '榕溪镇'.padEnd(190, '长岗村和平路');
    fs.writeFileSync(
      long,
      [
        csvLine([...REGISTER_HEADER]),
        ...Array.from({ length: 500 }, (_, i) => csvLine([String(i + 1), '测试甲', '男', '449901199001011234', '1990-01-01', '13800001234', address, '', ''])),
      ].join(''),
    );
    const summary = await run(long);
    expect(summary.rows).toBe(500);
    expect(summary.applied + summary.unchanged + summary.needsReview + summary.rejected).toBe(500);
  });
});
