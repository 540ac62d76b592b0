import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeCreditCode } from '../../platform/identifiers/credit-code';
import { csvLine } from '../../runner/cli/audit-csv';
import { runImportFile } from '../../runner/cli/import/import-run';
import { REGISTERS } from '../../runner/cli/import/registers';
import { ENTITY_REGISTER_HEADER, generateMessyEntityRegister } from '../../synthetic-city/messy-entity-register';
import { auditRecordsMentioning } from '../helpers/audit-records';
import { TEST_CITY } from '../helpers/dump-key';
import { TestClock } from '../helpers/events';
import { startTestFederation, testBackends, TestFederation } from '../helpers/federation';

/**
 * The business register (#13.3) imported by market regulation through the gateway, as `gridshare
 * import legal-entities` does: each row found by its credit code, its business address matched; a
 * new name or industry applied with source IMPORT (history, feed), an unknown code, a founding date
 * that differs and a deregistration queued for the registrars' review, a bad code or date rejected
 * naming the column (the code masked); the trail has each page, never a value; a second import
 * changes nothing.
 */

const HEADER = ['序号', '统一社会信用代码', '名称', '经营场所', '成立日期', '登记状态', '行业'];

interface Entity {
  uscc: string;
  name: string;
  address_code: string;
  full_text: string;
  established_on: string;
  industry: string;
  version: number;
}

describe.each(testBackends())('importing the business register on %s', (backend) => {
  const clock = new TestClock('2026-12-01T10:00');
  let federation: TestFederation;
  let token: string;
  let dir: string;
  let file: string;
  let entities: Entity[];
  const db = () => federation.system.subgraphs['legal-entities']!.db.sql;
  const counts = async () =>
    (
      await db().query<{ versions: number; requests: number; feed: number }>(
        `SELECT (SELECT count(*)::int FROM record_version) AS versions, (SELECT count(*)::int FROM change_request) AS requests, (SELECT count(*)::int FROM change_outbox) AS feed`,
      )
    ).rows[0]!;
  const importFile = (report: string, importId: string, dryRun = false) =>
    runImportFile({
      register: REGISTERS['legal-entities']!,
      file,
      gatewayUrl: federation.gatewayUrl,
      token,
      encoding: 'utf-8',
      dryRun,
      reportFile: path.join(dir, report),
      importId,
      pageRows: 8,
    });
  const registrar = (user: string) => ({ department: 'market-regulation', user, role: 'registrar', purpose: 'market-supervision' });

  beforeAll(async () => {
    federation = await startTestFederation({ backend, now: clock.now, subgraphs: ['address', 'legal-entities'] });
    token = await federation.token({ department: 'market-regulation', user: 'mr-importer', role: 'registrar' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-import-entities-'));
    const records = (
      await db().query<Omit<Entity, 'full_text'>>(
        `SELECT uscc, name, COALESCE(business_address_code, registered_address_code) AS address_code, to_char(established_on, 'YYYY-MM-DD') AS established_on, industry, version
         FROM legal_entity WHERE licence_status = 'ACTIVE' ORDER BY uscc LIMIT 20`,
      )
    ).rows;
    const texts = new Map(
      (
        await federation.system.subgraphs.address!.db.sql.query<{ code: string; full_text: string }>(
          `SELECT code, full_text FROM address WHERE code = ANY($1::text[])`,
          [`{${records.map((r) => r.address_code).join(',')}}`],
        )
      ).rows.map((a) => [a.code, a.full_text]),
    );
    entities = records.map((r) => ({ ...r, full_text: texts.get(r.address_code)! }));
    expect(entities.length).toBe(20);
    const rows = entities.map((e, i) => [String(i + 1), e.uscc, e.name, e.full_text, e.established_on.replace(/-/g, '/'), '存续', e.industry]);
    // 1: a new name; 2: a new industry; 3: deregistered by the register; 4: a code whose check character
    // is wrong; 5: another founding date; 6: a code nobody registered; 7: a date that does not exist.
    rows[0]![2] = `${entities[0]!.name}（更名）`;
    rows[1]![6] = `${entities[1]!.industry}及其他`;
    rows[2]![5] = '注销';
    rows[3]![1] = `${entities[3]!.uscc.slice(0, 17)}${entities[3]!.uscc[17] === '0' ? '1' : '0'}`;
    rows[4]![4] = '1999-01-01' === entities[4]!.established_on ? '1999-01-02' : '1999-01-01';
    rows[5]![1] = makeCreditCode('91449900MA0000001');
    rows[6]![4] = '2019-02-30';
    file = path.join(dir, 'entities.csv');
    fs.writeFileSync(file, [csvLine(HEADER), ...rows.map((r) => csvLine(r))].join(''));
  });
  afterAll(async () => {
    await federation?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('decides every row: changes applied with source IMPORT, the undecidable queued, the unreadable rejected', async () => {
    const before = await counts();
    const dry = await importFile('dry.csv', 'imp-entities-dry', true);
    expect(await counts()).toEqual(before);
    const first = await importFile('first.csv', 'imp-entities-01');
    expect({ ...first, importId: '', reportFile: '', seconds: 0 }).toEqual({ ...dry, importId: '', reportFile: '', seconds: 0, dryRun: false });
    expect(first).toMatchObject({ rows: 20, applied: 2, needsReview: 3, rejected: 2, unchanged: 13 });
    const report = fs.readFileSync(first.reportFile, 'utf8');
    expect(report).toContain(
      `4,REJECTED,统一社会信用代码,${entities[3]!.uscc.slice(0, 8)}**********,not a unified social credit code (GB 32100): the check character does not fit the other 17,`,
    );
    expect(report).not.toContain(entities[3]!.uscc.slice(0, 17));
    expect(report).toContain('7,REJECTED,成立日期,2019-**-**,');
    expect(report).toMatch(/3,NEEDS_REVIEW,登记状态,注销,.*deregistered by the register/);
    expect(report).toMatch(/5,NEEDS_REVIEW,成立日期,1999-\*\*-\*\*,.*founding date/);
    // Row 6 keeps entity 6's name under a code nobody registered: a probable duplicate, its code not named.
    expect(report).toMatch(
      /6,NEEDS_REVIEW,统一社会信用代码,91449900\*+,"no entity with this code is on record, but one of the same name is \(a mistyped code\?\)"/,
    );
    expect(report.split('\n').find((l) => l.startsWith('6,'))).not.toContain(entities[5]!.uscc);

    const answer = await federation.queryAs(
      registrar('mr-reader'),
      `query ($a: String!, $b: String!) { a: legalEntity(uscc: $a) { name version history { version source } } b: legalEntity(uscc: $b) { industry version } }`,
      { a: entities[0]!.uscc, b: entities[1]!.uscc },
    );
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.a).toMatchObject({ name: `${entities[0]!.name}（更名）`, version: entities[0]!.version + 1 });
    expect(answer.body.data.a.history.find((h: any) => h.version === entities[0]!.version + 1)).toMatchObject({ source: 'IMPORT' });
    expect(answer.body.data.b).toMatchObject({ industry: `${entities[1]!.industry}及其他`, version: entities[1]!.version + 1 });
    const feed = (
      await db().query<{ entity_key: string }>(`SELECT entity_key FROM change_outbox WHERE entity_key = ANY($1::text[])`, [
        `{${entities[0]!.uscc},${entities[1]!.uscc}}`,
      ])
    ).rows;
    expect(feed.map((f) => f.entity_key).sort()).toEqual([entities[0]!.uscc, entities[1]!.uscc].sort());

    const queue = await federation.queryAs(
      registrar('mr-reviewer'),
      `{ legalEntityChangeRequests(status: PENDING, operation: "importRow", first: 20) { edges { node { entityKey note } } } }`,
    );
    expect(queue.body.errors).toBeUndefined();
    const queued = queue.body.data.legalEntityChangeRequests.edges.map((e: any) => e.node);
    expect(queued.map((n: any) => n.entityKey).sort()).toEqual([entities[2]!.uscc, entities[4]!.uscc, null].sort());
    for (const n of queued) expect(n.note).toMatch(/^import imp-entities-01 row [356]: /);

    const records = await auditRecordsMentioning(federation, 'imp-entities-01/');
    const pages = records.flatMap((r) => r.accesses).filter((a) => a.entityType === 'LegalEntityImport');
    expect(pages.length).toBe(3);
    const lines = records.map((r) => JSON.stringify(r)).join('\n');
    expect(lines).not.toContain(entities[0]!.name);
  });

  it('a registrar other than the importer approves a queued row: the founding date it carried is applied', async () => {
    const queue = await federation.queryAs(
      registrar('mr-reviewer'),
      `{ legalEntityChangeRequests(status: PENDING, operation: "importRow", first: 20) { edges { node { id version entityKey } } } }`,
    );
    expect(queue.body.errors).toBeUndefined();
    const request = queue.body.data.legalEntityChangeRequests.edges.map((e: any) => e.node).find((n: any) => n.entityKey === entities[4]!.uscc);
    const APPROVE = `mutation ($input: LegalEntityReviewInput!) { approveLegalEntityChangeRequest(input: $input) { changeRequest { status } } }`;
    const own = await federation.queryAs(registrar('mr-importer'), APPROVE, { input: { id: request.id, expectedVersion: request.version } });
    expect(own.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const approved = await federation.queryAs(registrar('mr-reviewer'), APPROVE, { input: { id: request.id, expectedVersion: request.version } });
    expect(approved.body.errors).toBeUndefined();
    expect(approved.body.data.approveLegalEntityChangeRequest.changeRequest.status).toBe('APPROVED');
    const row = (
      await db().query<{ established_on: string }>(`SELECT to_char(established_on, 'YYYY-MM-DD') AS established_on FROM legal_entity WHERE uscc = $1`, [
        entities[4]!.uscc,
      ])
    ).rows[0]!;
    expect(row.established_on).toMatch(/^1999-01-0[12]$/);
    expect(row.established_on).not.toBe(entities[4]!.established_on);
  });

  it('importing the same file again changes nothing', async () => {
    const before = await counts();
    const again = await importFile('again.csv', 'imp-entities-02');
    expect(again).toMatchObject({ rows: 20, applied: 0, needsReview: 0, rejected: 2, unchanged: 18 });
    expect(await counts()).toEqual(before);
  });

  it('the messy business register: every row accounted for, each damaged code rejected', async () => {
    const register = generateMessyEntityRegister({
      scale: TEST_CITY.scale,
      seed: TEST_CITY.seed,
      rows: 60,
      rates: { duplicate: 0.1, invalidCreditCode: 0.1, unknownEntity: 0.1 },
    });
    const messy = path.join(dir, 'messy-entities.csv');
    fs.writeFileSync(messy, [csvLine([...ENTITY_REGISTER_HEADER]), ...register.rows.map((r) => csvLine(r))].join(''));
    const summary = await runImportFile({
      register: REGISTERS['legal-entities']!,
      file: messy,
      gatewayUrl: federation.gatewayUrl,
      token,
      encoding: 'utf-8',
      dryRun: true,
      reportFile: path.join(dir, 'messy.csv'),
      pageRows: 25,
    });
    expect(summary.rows).toBe(60);
    expect(summary.applied + summary.unchanged + summary.needsReview + summary.rejected).toBe(60);
    const report = fs.readFileSync(summary.reportFile, 'utf8').split('\r\n');
    for (const t of register.truth.filter((t) => t.creditCodeDefect !== null)) {
      expect(report.find((l) => l.startsWith(`${t.row},`))).toMatch(new RegExp(`^${t.row},REJECTED,统一社会信用代码,`));
    }
    for (const t of register.truth.filter((t) => t.kind === 'UNKNOWN_ENTITY')) {
      expect(report.find((l) => l.startsWith(`${t.row},`))).toMatch(new RegExp(`^${t.row},(NEEDS_REVIEW,统一社会信用代码|REJECTED,经营场所)`));
    }
  });

  it('a department without the write grant gets no import', async () => {
    const other = await federation.token({ department: 'fire-rescue', user: 'fr-importer', role: 'handler' });
    await expect(
      runImportFile({
        register: REGISTERS['legal-entities']!,
        file,
        gatewayUrl: federation.gatewayUrl,
        token: other,
        encoding: 'utf-8',
        dryRun: true,
        reportFile: path.join(dir, 'other.csv'),
      }),
    ).rejects.toThrow(/FORBIDDEN|may not|not allowed/);
  });
});
