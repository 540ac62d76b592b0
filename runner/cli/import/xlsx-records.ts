import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { FileRefused } from './file-text';
import type { CsvRecord } from './csv-records';

/**
 * The rows of an XLSX register's first worksheet as records (cells as text, `line` = the sheet's
 * row number), read with exceljs's streaming WorkbookReader: the zip is inflated as it streams and
 * rows are handed on one at a time, never the workbook whole (a sheet stored before the shared
 * strings is spooled to a temporary file by exceljs, not to memory). `read.bytes` follows the
 * compressed bytes read, for the progress line's ETA.
 *
 * A cell is given as a clerk sees it: dates as YYYY-MM-DD, rich text as its plain text, a formula
 * as its result. A long ID number typed as a number is kept to its digits (Excel holds 15), which
 * the owner then rejects as an invalid ID number rather than guessing the rest.
 */
export async function* xlsxRecords(file: string, read: { bytes: number } = { bytes: 0 }): AsyncGenerator<CsvRecord> {
  const input = fs.createReadStream(file);
  input.on('data', (chunk) => (read.bytes += chunk.length));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let sheets = 0;
  try {
    for await (const sheet of reader) {
      sheets++;
      let expected = 1;
      for await (const row of sheet) {
        // Rows with nothing in them are not in the file; blank lines between are kept as blank records.
        for (; expected < row.number; expected++) yield { line: expected, cells: [] };
        const cells: string[] = [];
        for (let i = 1; i <= row.cellCount; i++) {
          const cell = row.getCell(i);
          cells.push(cellText(cell.value, cell.numFmt));
        }
        yield { line: row.number, cells };
        expected = row.number + 1;
      }
      // Only the first worksheet is the register; later sheets (notes, lists) are not rows.
      break;
    }
  } catch (error) {
    if (error instanceof FileRefused) throw error;
    throw new FileRefused(
      `${file} is not a readable XLSX workbook (${(error as Error).message}): open it in the spreadsheet program and save it again as .xlsx, or as CSV UTF-8`,
    );
  } finally {
    input.destroy();
  }
  if (sheets === 0) throw new FileRefused(`${file} is a zip file without an XLSX worksheet: save the register as .xlsx, or as CSV UTF-8`);
}

/** A date format (y, d or m outside quotes and brackets; not a number format like 0.00). */
const DATE_FORMAT = /^(?:[^"[\]]|"[^"]*"|\[[^\]]*\])*[ydm]/i;
const EXCEL_EPOCH_DAYS = 25569;

export function cellText(value: unknown, numFmt?: string): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'number') {
    // exceljs turns a dated constant into a Date but leaves a formula's result (DATE(1990,1,1)) a day serial.
    if (numFmt && DATE_FORMAT.test(numFmt)) return cellText(new Date(Math.round((value - EXCEL_EPOCH_DAYS) * 86_400_000)));
    return Number.isInteger(value) ? value.toFixed(0) : String(value);
  }
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (v.richText) return v.richText.map((part) => part.text).join('');
    if ('result' in v) return cellText(v.result, numFmt);
    if (v.text !== undefined) return cellText(v.text);
    if (v.error) return v.error;
    return '';
  }
  return String(value);
}

/** Whether a file is to be read as XLSX: by its name, or a zip by its first bytes. */
export function isXlsx(file: string): boolean {
  if (/\.xlsx$/i.test(file)) return true;
  const fd = fs.openSync(file, 'r');
  try {
    const first = Buffer.alloc(4);
    fs.readSync(fd, first, 0, 4, 0);
    return first.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  } finally {
    fs.closeSync(fd);
  }
}
