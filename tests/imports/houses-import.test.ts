import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { csvLine } from '../../runner/cli/audit-csv';
import { runImportFile } from '../../runner/cli/import/import-run';
import { REGISTERS } from '../../runner/cli/import/registers';
import { TestClock } from '../helpers/events';
import { startTestFederation, testBackends, TestFederation } from '../helpers/federation';

/**
 * The houses register (#13.3) imported by the housing bureau through the gateway, as `gridshare
 * import houses` does: each row's house found from its written address (standard address, then
 * building and room), a new use or self-occupied ↔ vacant applied with source IMPORT, a rental the
 * record does not have queued for review, bad rows rejected naming the column; a second import
 * changes nothing.
 */

const USE_WORDS: Record<string, string> = { RESIDENTIAL: '住宅', SHOP: '商铺', FACTORY: '厂房', WAREHOUSE: '仓库', OFFICE: '办公', MIXED: '综合' };
const OCCUPANCY_WORDS: Record<string, string> = { SELF_OCCUPIED: '自住', RENTED: '出租', VACANT: '空置' };
const HEADER = ['序号', '房屋地址', '房屋用途', '使用状态', '出租登记日期'];

interface House {
  code: string;
  full_text: string;
  building: string;
  unit: string | null;
  room: string;
  use: string;
  occupancy: string;
  version: number;
}

describe.each(testBackends())('importing the houses register on %s', (backend) => {
  const clock = new TestClock('2026-12-01T10:00');
  let federation: TestFederation;
  let token: string;
  let dir: string;
  let file: string;
  let xlsxFile: string;
  let houses: House[];
  const housing = () => federation.system.subgraphs.housing!.db.sql;
  const counts = async () =>
    (
      await housing().query<{ versions: number; requests: number }>(
        `SELECT (SELECT count(*)::int FROM record_version) AS versions, (SELECT count(*)::int FROM change_request) AS requests`,
      )
    ).rows[0]!;
  const importFile = (report: string, dryRun = false, from = file) =>
    runImportFile({
      register: REGISTERS.houses!,
      file: from,
      gatewayUrl: federation.gatewayUrl,
      token,
      encoding: 'utf-8',
      dryRun,
      reportFile: path.join(dir, report),
      pageRows: 10,
    });

  beforeAll(async () => {
    federation = await startTestFederation({ backend, now: clock.now, subgraphs: ['address', 'housing'] });
    token = await federation.token({ department: 'housing', user: 'hb-importer', role: 'registrar' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-import-houses-'));
    const records = (
      await housing().query<Omit<House, 'full_text'> & { address_code: string }>(
        `SELECT h.code, b.name AS building, b.address_code, h.unit, h.room_number AS room, h.use::text AS use, h.occupancy::text AS occupancy, h.version
         FROM house h JOIN building b ON b.code = h.building_code WHERE b.name ~ '^[0-9]+栋$' AND h.occupancy <> 'RENTED' ORDER BY h.code LIMIT 24`,
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
    houses = records.map((r) => ({ ...r, full_text: texts.get(r.address_code)! }));
    expect(houses.length).toBe(24);
    const written = (h: House) => `${h.full_text}${h.building}${h.unit ?? ''}${h.room}室`;
    const rows = houses.map((h, i) => [String(i + 1), written(h), USE_WORDS[h.use]!, OCCUPANCY_WORDS[h.occupancy]!, '']);
    // Row 1: the other of self-occupied and vacant; row 2: now a shop; row 3: let (not on record);
    // row 4: an occupancy nobody writes; row 5: a room the building does not have.
    rows[0]![3] = houses[0]!.occupancy === 'VACANT' ? '自住' : '空置';
    rows[1]![2] = houses[1]!.use === 'SHOP' ? '办公' : '商铺';
    rows[2]![3] = '出租';
    rows[3]![3] = '借住';
    rows[4]![1] = `${houses[4]!.full_text}${houses[4]!.building}9901室`;
    file = path.join(dir, 'houses.csv');
    fs.writeFileSync(file, [csvLine(HEADER), ...rows.map((r) => csvLine(r))].join(''));
    // Its XLSX twin, as a spreadsheet program saves it: the row numbers as numbers, a notes sheet after.
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('房屋').addRows([HEADER, ...rows.map(([n, ...rest]) => [Number(n), ...rest])]);
    workbook.addWorksheet('说明').addRow(['not a register row', '', '', '出租']);
    xlsxFile = path.join(dir, 'houses.xlsx');
    await workbook.xlsx.writeFile(xlsxFile);
  });
  afterAll(async () => {
    await federation?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds each house from its written address and decides every row', async () => {
    const before = await counts();
    const dry = await importFile('dry.csv', true);
    expect(await counts()).toEqual(before);
    const first = await importFile('first.csv');
    expect({ ...first, importId: '', reportFile: '', seconds: 0 }).toEqual({ ...dry, importId: '', reportFile: '', seconds: 0, dryRun: false });
    expect(first).toMatchObject({ rows: 24, applied: 2, needsReview: 1, rejected: 2, unchanged: 19 });
    const report = fs.readFileSync(first.reportFile, 'utf8');
    expect(report).toContain('3,NEEDS_REVIEW,使用状态,出租,');
    expect(report).toContain('4,REJECTED,使用状态,借住,occupancy is missing or not 自住/出租/空置');
    expect(report).toContain('5,REJECTED,房屋地址,');
    expect(report).toContain('no house at this address has that building, unit and room');

    const changed = await federation.queryAs(
      { department: 'housing', user: 'hb-reader', role: 'registrar', purpose: 'rental-management' },
      `query ($a: ID!, $b: ID!) { a: house(code: $a) { use occupancy version } b: house(code: $b) { use occupancy version } }`,
      { a: houses[0]!.code, b: houses[1]!.code },
    );
    expect(changed.body.errors).toBeUndefined();
    expect(changed.body.data.a).toMatchObject({ occupancy: houses[0]!.occupancy === 'VACANT' ? 'SELF_OCCUPIED' : 'VACANT', version: houses[0]!.version + 1 });
    expect(changed.body.data.b).toMatchObject({ use: houses[1]!.use === 'SHOP' ? 'OFFICE' : 'SHOP', version: houses[1]!.version + 1 });
    const sources = (
      await housing().query<{ source: string }>(`SELECT source FROM record_version WHERE entity_key = ANY($1::text[]) AND version > 1`, [
        `{${houses[0]!.code},${houses[1]!.code}}`,
      ])
    ).rows;
    expect(sources.map((s) => s.source)).toEqual(['IMPORT', 'IMPORT']);

    const queue = await federation.queryAs(
      { department: 'housing', user: 'hb-reviewer', role: 'registrar', purpose: 'rental-management' },
      `{ housingChangeRequests(status: PENDING, operation: "importRow", first: 20) { edges { node { entityKey note } } } }`,
    );
    expect(queue.body.errors).toBeUndefined();
    expect(queue.body.data.housingChangeRequests.edges.map((e: any) => e.node.entityKey)).toEqual([houses[2]!.code]);
  });

  it('its XLSX twin is read the same, and a report named .xlsx is a spreadsheet', async () => {
    const before = await counts();
    const csv = await importFile('twin.csv', true);
    const xlsx = await importFile('twin.xlsx', true, xlsxFile);
    expect(await counts()).toEqual(before);
    expect({ ...xlsx, importId: '', reportFile: '', seconds: 0 }).toEqual({ ...csv, importId: '', reportFile: '', seconds: 0 });
    expect(xlsx.rows).toBe(24);
    const report = new ExcelJS.Workbook();
    await report.xlsx.readFile(xlsx.reportFile);
    const lines: string[] = [];
    report.worksheets[0]!.eachRow((row) => lines.push(csvLine((row.values as (string | number | null)[]).slice(1).map((v) => v ?? null))));
    const csvLines = fs
      .readFileSync(csv.reportFile, 'utf8')
      .split('\r\n')
      .filter(Boolean)
      .map((l) => `${l}\r\n`);
    expect(lines.length).toBe(csvLines.length);
    expect(lines.length).toBeGreaterThan(1);
    // Same rows, same outcomes and reasons (change request ids differ between runs only where there are any; a dry run has none).
    expect(lines.map((l) => l.replace(/[,\r\n]+$/, ''))).toEqual(csvLines.map((l) => l.replace(/[,\r\n]+$/, '')));
  });

  it('importing the same file again changes nothing', async () => {
    const before = await counts();
    const again = await importFile('again.csv');
    expect(again).toMatchObject({ rows: 24, applied: 0, needsReview: 0, rejected: 2, unchanged: 22 });
    expect(await counts()).toEqual(before);
  });
});
