import fs from 'node:fs';
import { ManualClock, recordBody, trailBackends, TrailTestStore } from '../tests/helpers/trail-store';
import { verifyTrail } from './verify';

/**
 * `audit verify` certifies lines and rows set-based in the audit database and skips parsing them
 * here (row-certificates.ts). Each tampering below must get the very answer the line-by-line,
 * row-by-row check gives (certifiedPageSize 0), over ranges small enough that every trail spans
 * several of them. The records carry string content that looks like the members the check locates
 * (`,"hash":"…"`, `,"seq":`, `"kind":"checkpoint"`): canonical JSON escapes quotes inside strings,
 * so none of it may be taken for the record's own members.
 */
const LOOKALIKE = (i: number) => ({
  note: `,"hash":"${'0'.repeat(64)}","seq":${i + 100},"kind":"checkpoint","prevHash":"${'f'.repeat(64)}"`,
  quote: '"\\",\\"seq\\":1',
  nested: { hash: 'a'.repeat(64), seq: i, kind: 'record' },
  crlf: 'line\r\nbreak\rcarriage',
});

/** Rewrites the first day file's lines with `edit` (null drops a line), joined by `separator`. */
function editFile(store: TrailTestStore, edit: (line: string, index: number) => string | null, separator = '\n'): void {
  const [file] = store.files().files();
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const kept = lines.map(edit).filter((l): l is string => l !== null);
  fs.writeFileSync(file, kept.map((l) => `${l}${separator}`).join(''));
}

const recordLines = (store: TrailTestStore) =>
  fs
    .readFileSync(store.files().files()[0], 'utf8')
    .split('\n')
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => line.startsWith('{"accesses"'));

const TAMPERINGS: [string, (store: TrailTestStore) => Promise<void>, RegExp | null][] = [
  ['nothing', async () => undefined, null],
  [
    'a file line edited',
    async (s) => editFile(s, (l, i) => (i === recordLines(s)[5].index ? l.replace('"department":"health"', '"department":"police"') : l)),
    /does not match its hash/,
  ],
  ['a file line removed', async (s) => editFile(s, (l, i) => (i === recordLines(s)[7].index ? null : l)), /missing \(removed\)/],
  [
    'two file lines swapped',
    async (s) => {
      const [a, b] = [recordLines(s)[3].index, recordLines(s)[4].index];
      const lines = fs.readFileSync(s.files().files()[0], 'utf8').split('\n').filter(Boolean);
      editFile(s, (l, i) => (i === a ? lines[b] : i === b ? lines[a] : l));
    },
    /out of order|missing/,
  ],
  ['a file line duplicated', async (s) => editFile(s, (l, i) => (i === recordLines(s)[9].index ? `${l}\n${l}` : l)), /out of order/],
  [
    'a lone carriage return in a file line',
    async (s) => editFile(s, (l, i) => (i === recordLines(s)[2].index ? l.replace(',"at":', ',\r"at":') : l)),
    /not valid JSON/,
  ],
  ['the file written with CRLF line ends', async (s) => editFile(s, (l) => l, '\r\n'), null],
  [
    'a record the files lack at their end',
    async (s) => editFile(s, (l, i) => (i === recordLines(s).at(-1)!.index ? null : l)),
    /does not hold|missing from the files/,
  ],
  [
    'a database line edited',
    async (s) => {
      await s.sql.query(`UPDATE audit_record SET line = replace(line, '"userId":"u"', '"userId":"v"') WHERE seq = 11`);
    },
    /does not match its hash/,
  ],
  [
    'a database line PostgreSQL cannot parse',
    async (s) => {
      await s.sql.query(`UPDATE audit_record SET line = left(line, 40) WHERE seq = 6`);
    },
    /not valid JSON/,
  ],
  [
    'a database column edited',
    async (s) => {
      await s.sql.query(`UPDATE audit_record SET purpose = 'other' WHERE seq = 9`);
    },
    /column purpose was changed/,
  ],
  [
    'an access row removed',
    async (s) => {
      await s.sql.query(`DELETE FROM audit_access WHERE record_seq = 13`);
    },
    /access rows were changed/,
  ],
  [
    'an access row with a value the line does not hold',
    async (s) => {
      await s.sql.query(`UPDATE audit_access SET written = ARRAY['Person.name'] WHERE record_seq = 14`);
    },
    /access rows were changed/,
  ],
  [
    'a database row removed',
    async (s) => {
      await s.sql.query(`DELETE FROM audit_record WHERE seq = 17`);
    },
    /missing|does not link/,
  ],
  [
    'the variables column rewritten in jsonb key order',
    async (s) => {
      await s.sql.query(`UPDATE audit_record SET variables = variables || '{}'::jsonb WHERE seq = 4`);
    },
    null,
  ],
];

describe.each(trailBackends())('certified verification gives the row-by-row answers, on %s', (backend) => {
  let store: TrailTestStore;
  const clock = new ManualClock('2027-03-01T10:00:00Z');

  beforeEach(async () => {
    store = await TrailTestStore.open(backend);
    const writer = store.writer({ now: clock.now, checkpointEvery: 5 });
    await writer.init();
    for (let i = 0; i < 23; i++) {
      await writer.append(
        recordBody(i, clock.now(), {
          variables: LOOKALIKE(i),
          requestId: `r-${i}","seq":${i}`,
          accesses: [
            { entityType: 'Person', entityKey: `p-${i}`, subgraph: 'population', raw: ['Person.name'], masked: [], denied: [], subjectDigest: 'd'.repeat(32) },
          ],
        }),
      );
      clock.advance(1000);
    }
    await writer.close();
  });
  afterEach(() => store.close());

  it.each(TAMPERINGS)('%s', async (_name, tamper, expected) => {
    await tamper(store);
    const verify = (certifiedPageSize: number | undefined) =>
      verifyTrail({ sql: store.sql, files: store.files(), publicKey: store.keys.publicKey, certifiedPageSize });
    const { seconds: _a, certifiedRecords: none, ...rowByRow } = await verify(0);
    expect(none).toBe(0);
    if (expected) expect(rowByRow.problem?.problem).toMatch(expected);
    else expect(rowByRow).toEqual(expect.objectContaining({ ok: true, records: 23 }));
    for (const pageSize of [3, 10, undefined]) {
      const { seconds: _b, certifiedRecords, ...certified } = await verify(pageSize);
      expect({ pageSize, ...certified }).toEqual({ pageSize, ...rowByRow });
      // An intact trail is vouched for set-based, every row of it.
      if (!expected) expect(certifiedRecords).toBe(23);
    }
  });
});
