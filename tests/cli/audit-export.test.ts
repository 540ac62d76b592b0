import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig, Config } from '../../platform/config';
import { openDatabase } from '../../platform/database/open-database';
import type { SubgraphName } from '../../platform/services';
import { createAuditPrisma } from '../../subgraphs/audit/src/prisma';
import { ChainedRecord, hashRecord } from '../../audit-trail/record';
import { localDate } from '../../subgraphs/audit/src/time-range';
import { defaultStore } from '../../runner/system/system';
import { runAuditExport } from '../../runner/cli/audit-export-command';
import { csvCell } from '../../runner/cli/audit-csv';
import { chainSpecs, insertTrail, personAccess } from '../helpers/audit-fixtures';
import { auditScenarios, PERSON_1 } from '../helpers/audit-scenarios';
import { runCli } from '../helpers/cli';
import { writeDataDirectory } from '../helpers/test-stores';

describe('gridshare audit export', () => {
  let dataDir: string;
  let config: Config;
  let records: ChainedRecord[];
  let lines: Map<number, string>;
  const env = () => ({ GRIDSHARE_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' });
  const out = (name: string) => path.join(dataDir, name);

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-export-'));
    config = loadConfig(env());
    records = chainSpecs([
      ...auditScenarios(randomBytes(32)),
      {
        requestId: 'csv-1',
        at: '2026-04-01T10:00:00+08:00',
        department: 'health',
        userId: 'u,1',
        clientName: '=HYPERLINK("x")',
        operationName: 'Say "hi"\nthere',
        fieldsGranted: ['Person.name', 'Person.gender'],
        variables: { n: '<redacted>', page: { first: 5 } },
        accesses: [personAccess(PERSON_1.id, 'd'.repeat(64), { raw: ['Person.name', 'Person.gender'] })],
      },
    ]);
    await writeDataDirectory(dataDir, ['audit'], false);
    const db = await openDatabase({ subgraph: 'audit', location: defaultStore(config, 'audit' as SubgraphName), createPrisma: createAuditPrisma });
    try {
      await insertTrail(db.prisma, records);
      const stored = await db.prisma.auditRecord.findMany({ select: { seq: true, line: true } });
      lines = new Map(stored.map((r) => [Number(r.seq), r.line]));
    } finally {
      await db.close();
    }
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('writes ndjson: the stored records of the local days asked for, exactly as chained, in chain order', async () => {
    const file = out('march-10-11.ndjson');
    expect(await runAuditExport(config, { from: '2026-03-10', to: '2026-03-11', out: file })).toBe(0);
    const exported = fs.readFileSync(file, 'utf8').split('\n');
    expect(exported.pop()).toBe('');
    const expected = records.filter((r) => ['2026-03-10', '2026-03-11'].includes(localDate(new Date(r.at))));
    expect(expected.map((r) => r.requestId)).toEqual(expect.arrayContaining(['hs-1', 'hs-4', 'hs-5']));
    expect(exported).toEqual(expected.map((r) => lines.get(r.seq)));
    for (const line of exported) {
      const { hash, ...unhashed } = JSON.parse(line) as ChainedRecord;
      // Each line is checkable on its own: its hash is over everything else in it.
      expect(hashRecord(unhashed)).toBe(hash);
    }
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
  });

  it('reads date-times as instants, both included', async () => {
    const file = out('instant.ndjson');
    expect(await runAuditExport(config, { from: '2026-03-02T10:00:00+08:00', to: '2026-03-02T02:00:00Z', out: file })).toBe(0);
    const exported = fs
      .readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).requestId);
    const atThatInstant = records.filter((r) => r.at === '2026-03-02T02:00:00.000Z').map((r) => r.requestId);
    expect(atThatInstant).toContain('h-1');
    expect(exported).toEqual(atThatInstant);
  });

  it('writes csv through the command line: one quoted row per record, lists joined by |, China time and Chinese names', () => {
    const result = runCli(['audit', 'export', '--from', '2026-04-01', '--to', '2026-04-01', '--format', 'csv'], env());
    expect(result.stderr).toMatch(/exported 1 audit records \(seq \d+–\d+\) as csv to standard output/);
    expect(result.status).toBe(0);
    const record = records.find((r) => r.requestId === 'csv-1')!;
    expect(result.stdout).toBe(
      'seq,request_id,at,department,user_id,level,purpose,client_name,operation_name,operation_type,outcome,http_status,duration_ms,' +
        'record_count,sensitive_record_count,fields_granted,fields_masked,fields_denied,denial_reasons,accessed,prev_hash,hash,' +
        'department_name,purpose_name,fields_granted_names,fields_masked_names,fields_denied_names\r\n' +
        `${record.seq},csv-1,2026-04-01T10:00:00.000+08:00,health,"u,1",city,,"'=HYPERLINK(""x"")","Say ""hi""\nthere",query,OK,200,12.5,` +
        `1,0,Person.name|Person.gender,,,,population/Person:${PERSON_1.id},${record.prevHash},${record.hash},卫生健康局,,姓名|性别,,\r\n`,
    );
  });

  it('narrows the export like a record history: by department, user, purpose, client and record', async () => {
    const requestIds = async (options: Record<string, string>) => {
      const file = out(
        `filtered-${Object.values(options)
          .join('-')
          .replace(/[^a-z0-9-]/gi, '_')}.ndjson`,
      );
      expect(await runAuditExport(config, { from: '2026-03-01', to: '2026-04-30', ...options, out: file })).toBe(0);
      const text = fs.readFileSync(file, 'utf8').trim();
      return text
        ? text
            .split('\n')
            .map((l) => JSON.parse(l).requestId as string)
            .sort()
        : [];
    };
    const all = records.filter((r) => r.at >= '2026-02-28T16:00:00.000Z' && r.at < '2026-04-30T16:00:00.000Z');
    const expected = (keep: (r: ChainedRecord) => boolean) =>
      all
        .filter(keep)
        .map((r) => r.requestId)
        .sort();
    const health = await requestIds({ department: 'health' });
    expect(health).toEqual(expected((r) => r.department === 'health'));
    expect(health.length).toBeGreaterThan(1);
    expect(await requestIds({ user: 'u,1' })).toEqual(['csv-1']);
    const purpose = all.find((r) => r.purpose)!.purpose!;
    expect(await requestIds({ purpose })).toEqual(expected((r) => r.purpose === purpose));
    expect(await requestIds({ client: '=HYPERLINK("x")' })).toEqual(['csv-1']);
    expect(await requestIds({ entityType: 'Person', entityKey: PERSON_1.id })).toEqual(
      expected((r) => r.accesses.some((a) => a.entityType === 'Person' && a.entityKey === PERSON_1.id)),
    );
  });

  it('quotes cells that need it and defuses spreadsheet formulas', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(' padded')).toBe('" padded"');
    expect(csvCell('a\r\nb')).toBe('"a\r\nb"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it.each([
    [['--from', '2026-03-01'], /needs --from and --to/],
    [['--from', '2026-03-01', '--to', '2026-02-30'], /--to is not a calendar date/],
    [['--from', '2026-03-05', '--to', '2026-03-01'], /--to \(2026-03-01\) is before --from/],
    [['--from', '2026-03-01', '--to', '2026-03-02', '--format', 'xml'], /--format must be ndjson or csv/],
    [['--from', '2026-03-01', '--to', '2026-03-02', '--department', 'police'], /--department is not a department in departments.yaml: "police"/],
    [['--from', '2026-03-01', '--to', '2026-03-02', '--entity-type', 'House'], /--entity-type and --entity-key go together/],
  ])('refuses %p with exit 2 and one line', (args, message) => {
    const result = runCli(['audit', 'export', ...args], env());
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('never overwrites a file, and names the subcommands it knows', async () => {
    const file = out('exists.ndjson');
    fs.writeFileSync(file, 'keep me');
    expect(await runAuditExport(config, { from: '2026-03-01', to: '2026-03-02', out: file })).toBe(2);
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
    const unknown = runCli(['audit', 'frobnicate'], env());
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/audit needs a subcommand: verify, prune or export \(got "frobnicate"\)/);
  });
});
