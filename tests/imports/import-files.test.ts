import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { csvRecords } from '../../runner/cli/import/csv-records';
import { readFileText } from '../../runner/cli/import/file-text';
import { runImportFile } from '../../runner/cli/import/import-run';
import { REGISTERS } from '../../runner/cli/import/registers';
import { xlsxRecords } from '../../runner/cli/import/xlsx-records';

/**
 * What a department's file can be besides a good register (#13, done-when): not UTF-8 (GBK from
 * Chinese office software), a required column missing, empty, a gigabyte — each gets a clear answer
 * before a row is sent, and the gigabyte is answered from the stream, not loaded. Nothing here
 * reaches a gateway: the address is one where nothing listens, so a file that got past its checks
 * would fail the test with a connection error instead.
 */

const NOWHERE = 'http://127.0.0.1:9/graphql';
const HEADER = '序号,姓名,性别,公民身份号码,出生日期,联系电话,现住址,服务处所,服务处所统一社会信用代码\n';
const ROW = '1,测试甲,男,449901199001011234,1990-01-01,13800001234,榕溪镇长岗村和平路7号,,\n';

describe('register files that are not what they should be', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-import-files-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const importOf = (file: string, encoding: 'utf-8' | 'gbk' = 'utf-8') =>
    runImportFile({ register: REGISTERS.persons!, file, gatewayUrl: NOWHERE, token: 'unused', encoding, dryRun: true, reportFile: `${file}.report.csv` });
  const write = (name: string, content: string | Buffer) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };
  const textOf = async (file: string, encoding: 'utf-8' | 'gbk', chunkBytes?: number) => {
    let text = '';
    for await (const chunk of readFileText(file, encoding, { chunkBytes })) text += chunk;
    return text;
  };

  it('a GBK file is refused naming the byte offset and the way out, and reads with --encoding gbk', async () => {
    const asciiHeader = 'name,gender,idNumber,birthDate,address\n';
    const file = write(
      'gbk.csv',
      Buffer.concat([Buffer.from(asciiHeader), iconv.encode('测试甲,男,449901199001011234,1990-01-01,榕溪镇长岗村和平路7号\n', 'gbk')]),
    );
    await expect(importOf(file)).rejects.toThrow(
      `is not UTF-8: byte 0xB2 at byte offset ${asciiHeader.length} begins no UTF-8 character; if the file came from a system that writes GBK`,
    );
    expect(await textOf(file, 'gbk', 7)).toBe(`${asciiHeader}测试甲,男,449901199001011234,1990-01-01,榕溪镇长岗村和平路7号\n`);
  });

  it('UTF-8 characters split across chunks, and a byte-order mark, read as written', async () => {
    const file = write('utf8.csv', `\uFEFF${HEADER}${ROW}`);
    for (const chunkBytes of [1, 2, 5, 7, 64 * 1024]) expect(await textOf(file, 'utf-8', chunkBytes)).toBe(HEADER + ROW);
  });

  it('a missing required column is named', async () => {
    const file = write('missing.csv', '序号,姓名,性别,出生日期,现住址\n1,测试甲,男,1990-01-01,榕溪镇\n');
    await expect(importOf(file)).rejects.toThrow('the header lacks the required column 公民身份号码 (idNumber)');
    expect(fs.existsSync(`${file}.report.csv`)).toBe(false);
  });

  it('an empty file, and a file with only its header', async () => {
    await expect(importOf(write('empty.csv', ''))).rejects.toThrow('is empty: a register needs a header line and rows');
    const summary = await importOf(write('header-only.csv', HEADER));
    expect(summary).toMatchObject({ rows: 0, applied: 0, unchanged: 0, needsReview: 0, rejected: 0 });
  });

  it('a row shifted by an unquoted comma is rejected on the spot and reported', async () => {
    const file = write('shifted.csv', `${HEADER}1,测试甲,男,449901199001011234,1990-01-01,13800001234,榕溪镇,长岗村和平路7号,,\n`);
    const summary = await importOf(file);
    expect(summary).toMatchObject({ rows: 1, rejected: 1 });
    expect(fs.readFileSync(summary.reportFile, 'utf8')).toContain('line 2 has 10 cells where the header has 9 (an unquoted comma?)');
  });

  it('a broken XLSX, a file named .xlsx that is not one, and a zip without a worksheet get a clear answer', async () => {
    const broken = write('broken.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]));
    await expect(importOf(broken)).rejects.toThrow(`${broken} is not a readable XLSX workbook`);
    expect(fs.existsSync(`${broken}.report.csv`)).toBe(false);
    const text = write('text.xlsx', HEADER + ROW);
    await expect(importOf(text)).rejects.toThrow(new RegExp(`${text} is (not a readable XLSX workbook|a zip file without an XLSX worksheet)`));
    // A real zip (a .docx, say) whose entries are no worksheet: built with exceljs's own zip, a workbook with no sheet.
    const empty = path.join(dir, 'no-sheet.xlsx');
    await new ExcelJS.Workbook().xlsx.writeFile(empty);
    await expect(importOf(empty)).rejects.toThrow(`${empty} is a zip file without an XLSX worksheet`);
  });

  it('an XLSX register is read as its CSV twin: dates as dates, long numbers as digits, rich text as text', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('人口');
    sheet.addRow(HEADER.trim().split(','));
    sheet.addRow([
      1,
      { richText: [{ text: '测试' }, { text: '甲' }] },
      '男',
      '449901199001011234',
      new Date(Date.UTC(1990, 0, 1)),
      13800001234,
      '榕溪镇长岗村和平路7号',
    ]);
    sheet.addRow([]);
    sheet.addRow([3, '测试乙', '女', '449901199202021238', { formula: 'DATE(1992,2,2)', result: new Date(Date.UTC(1992, 1, 2)) }, '', '榕溪镇长岗村和平路9号']);
    sheet.getCell('E4').numFmt = 'yyyy-mm-dd';
    const file = path.join(dir, 'persons.xlsx');
    await workbook.xlsx.writeFile(file);
    const records: { line: number; cells: string[] }[] = [];
    for await (const r of xlsxRecords(file)) records.push(r);
    expect(records).toEqual([
      { line: 1, cells: HEADER.trim().split(',') },
      { line: 2, cells: ['1', '测试甲', '男', '449901199001011234', '1990-01-01', '13800001234', '榕溪镇长岗村和平路7号'] },
      { line: 3, cells: [] },
      { line: 4, cells: ['3', '测试乙', '女', '449901199202021238', '1992-02-02', '', '榕溪镇长岗村和平路9号'] },
    ]);
  });

  describe('a 1 GB file is answered from its first chunks, in flat memory', () => {
    const GB = 1024 ** 3;
    // Sparse files: a gigabyte on the file system's books, nothing on its disk, and read as fast as zeros are.
    const sparse = (name: string, start: string) => {
      const file = write(name, start);
      fs.truncateSync(file, GB);
      return file;
    };
    const measured = async (work: () => Promise<unknown>) => {
      global.gc?.();
      const before = process.memoryUsage().heapUsed;
      const started = Date.now();
      const error = await work().then(
        () => 'no refusal',
        (e: Error) => e.message,
      );
      return { grown: process.memoryUsage().heapUsed - before, seconds: (Date.now() - started) / 1000, error };
    };

    it('a row longer than the row-size limit (a file without line breaks)', async () => {
      const file = sparse('long-row.csv', `${HEADER}${ROW}2,${'甲'.repeat(100_000)}`);
      expect(fs.statSync(file).size).toBe(GB);
      const { grown, seconds, error } = await measured(() => importOf(file));
      expect(error).toBe('the record starting on line 3 is longer than 65536 characters (is this a CSV file?)');
      expect(grown).toBeLessThan(32 * 1024 * 1024);
      expect(seconds).toBeLessThan(10);
    });

    it('binary after the text (a NUL byte) is refused at its offset', async () => {
      const start = `${HEADER}${ROW}`;
      const file = sparse('binary-tail.csv', start);
      const { grown, error } = await measured(() => importOf(file));
      expect(error).toBe(`${file} is not a text file: a NUL byte at byte offset ${Buffer.byteLength(start)}`);
      expect(grown).toBeLessThan(32 * 1024 * 1024);
    });
  });
});

describe('CSV records from chunks', () => {
  const parse = async (chunks: string[], maxRecordChars = 1000) => {
    const out: { line: number; cells: string[] }[] = [];
    async function* source() {
      yield* chunks;
    }
    for await (const r of csvRecords(source(), { maxRecordChars })) out.push(r);
    return out;
  };

  it('reads quotes, doubled quotes, line breaks in quotes and CRLF, wherever the chunks split them', async () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\nlines"\r\nlast,,\n';
    const expected = [
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, cells: ['x, y', 'say "hi"', 'two\nlines'] },
      { line: 4, cells: ['last', '', ''] },
    ];
    for (let size = 1; size <= text.length; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(await parse(chunks)).toEqual(expected);
    }
  });

  it('a last line without a line break, and an unclosed quote', async () => {
    expect(await parse(['a,b\n1,2'])).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', '2'] },
    ]);
    await expect(parse(['a,b\n"1,2\n3,4\n'])).rejects.toThrow('the quote opened in the record starting on line 2 is never closed');
  });
});
