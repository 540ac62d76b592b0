import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { MAX_IMPORT_PAGE_ROWS } from '../../../subgraphs/kit/src/imports/import-types';
import { AddressBatches } from './address-batches';
import { CsvRecord, csvRecords } from './csv-records';
import { Encoding, readFileText } from './file-text';
import { GatewayClient } from './gateway-client';
import { Progress } from './progress';
import { columnName, mapHeader, RegisterColumns } from './registers';
import { openReport, ReportFile } from './report-file';
import { isXlsx, xlsxRecords } from './xlsx-records';

/**
 * An import of one register file through the gateway: the file streamed record by record, rows
 * gathered into pages, each page's addresses matched (addressMatch) and the page sent to the
 * owner's import mutation; the answers' rows not applied are written to the report as they come.
 * Memory holds one page, never the file.
 */

export interface ImportOptions {
  register: RegisterColumns;
  file: string;
  gatewayUrl: string;
  token: string;
  encoding: Encoding;
  dryRun: boolean;
  reportFile: string;
  importId?: string;
  /** The purpose stated (default: the register's). */
  purpose?: string;
  pageRows?: number;
  maxRecordChars?: number;
  /** Progress lines (rows/s, ETA); stderr in the CLI. */
  progress?: (line: string) => void;
  now?: () => number;
}

export interface ImportSummary {
  importId: string;
  dryRun: boolean;
  rows: number;
  applied: number;
  unchanged: number;
  needsReview: number;
  rejected: number;
  blankLines: number;
  reportFile: string;
  seconds: number;
}

export class ImportRefused extends Error {}

interface Issue {
  row: number;
  outcome: string;
  field: string | null;
  value: string | null;
  reason: string;
  suggestion: string | null;
  changeRequestId: string | null;
}

const REPORT_HEADER = ['row', 'outcome', 'column', 'value (masked)', 'reason', 'suggestion', 'change request'];
/** The owner takes at most MAX_IMPORT_PAGE_ROWS (500) rows a page; the CLI sends full pages (fewer requests, audit entries and transactions). */
export const DEFAULT_PAGE_ROWS = MAX_IMPORT_PAGE_ROWS;
/**
 * A page is also cut before its JSON nears the gateway's body limit (GRIDSHARE_MAX_BODY_BYTES, 256 KB
 * by default): 500 rows of long addresses would pass it, and the page would be refused whole.
 */
export const MAX_PAGE_BYTES = 160 * 1024;

function checkPageRows(rows: number): number {
  if (!Number.isInteger(rows) || rows < 1 || rows > MAX_IMPORT_PAGE_ROWS) throw new ImportRefused(`a page holds 1-${MAX_IMPORT_PAGE_ROWS} rows, not ${rows}`);
  return rows;
}
/** A register row is a few hundred characters; a "row" of a megabyte is not a register. */
export const DEFAULT_MAX_RECORD_CHARS = 64 * 1024;

export async function runImportFile(options: ImportOptions): Promise<ImportSummary> {
  const { register } = options;
  const now = options.now ?? Date.now;
  const started = now();
  const importId = options.importId ?? `imp-${randomUUID()}`;
  const gateway = new GatewayClient(options.gatewayUrl, options.token, options.purpose ?? register.purpose);
  const addresses = new AddressBatches(gateway);
  const totalBytes = fs.statSync(options.file).size;
  if (totalBytes === 0) throw new ImportRefused(`${options.file} is empty: a register needs a header line and rows`);
  const read = { bytes: 0 };
  const progress = new Progress(totalBytes, now, options.progress);
  const summary: ImportSummary = {
    importId,
    dryRun: options.dryRun,
    rows: 0,
    applied: 0,
    unchanged: 0,
    needsReview: 0,
    rejected: 0,
    blankLines: 0,
    reportFile: options.reportFile,
    seconds: 0,
  };

  let header: string[] | null = null;
  let positions: Record<string, number> = {};
  let page: Record<string, unknown>[] = [];
  let pageNumber = 0;
  let pageBytes = 0;
  const pageRows = checkPageRows(options.pageRows ?? DEFAULT_PAGE_ROWS);
  // Opened once the header is known good: a refused file leaves no report behind.
  let report: ReportFile | null = null;
  const write = (issue: Issue) =>
    report!.write([
      issue.row,
      issue.outcome,
      columnName(register, header ?? [], issue.field),
      issue.value,
      issue.reason,
      issue.suggestion,
      issue.changeRequestId,
    ]);

  // The page being imported while the next page's addresses are matched (read-only, so safe to
  // overlap): pages still reach the owner one at a time and in order, as import_seen needs.
  let inFlight = null as Promise<void> | null;
  let sentRows = 0;
  const send = async () => {
    if (page.length === 0) return;
    const number = ++pageNumber;
    const rows = page;
    page = [];
    pageBytes = 0;
    if (register.addressField) {
      const answers = await addresses.match(rows.map((r) => (r[register.addressField!] as string | null) ?? null));
      rows.forEach((r, i) => {
        const answer = answers[i];
        // Only what the owner's input type takes: status and code, and the parts of the building it asks for.
        r.addressMatch = answer
          ? { status: answer.status, code: answer.code, ...Object.fromEntries(register.understood.map((part) => [part, answer[part]])) }
          : { status: 'UNMATCHED', code: null };
      });
    }
    if (inFlight) await inFlight;
    inFlight = importRows(number, rows);
    // Awaited before the next page and at the end; a failure meanwhile is not an unhandled rejection.
    inFlight.catch(() => undefined);
  };

  const importRows = async (pageNumber: number, rows: Record<string, unknown>[]) => {
    const query = `mutation ($input: ${register.rowInput}!) { result: ${register.mutation}(input: $input) {
      rows applied unchanged needsReview rejected notApplied { row outcome field value reason suggestion changeRequestId } } }`;
    const { result } = await gateway.request<{
      result: { rows: number; applied: number; unchanged: number; needsReview: number; rejected: number; notApplied: Issue[] };
    }>(query, {
      input: { importId, page: pageNumber, dryRun: options.dryRun, rows },
    });
    if (result.rows !== rows.length || result.applied + result.unchanged + result.needsReview + result.rejected !== rows.length) {
      throw new ImportRefused(
        `page ${pageNumber}: the owner accounted for ${result.applied + result.unchanged + result.needsReview + result.rejected} of ${rows.length} rows`,
      );
    }
    summary.applied += result.applied;
    summary.unchanged += result.unchanged;
    summary.needsReview += result.needsReview;
    summary.rejected += result.rejected;
    for (const issue of result.notApplied) write(issue);
    sentRows += rows.length;
    progress.update(sentRows, read.bytes);
  };

  const records: AsyncIterable<CsvRecord> = isXlsx(options.file)
    ? xlsxRecords(options.file, read)
    : csvRecords(countBytes(readFileText(options.file, options.encoding), read, options.encoding), {
        maxRecordChars: options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS,
      });
  try {
    for await (const record of records) {
      if (header === null) {
        header = record.cells;
        const mapped = mapHeader(register, header);
        if ('missing' in mapped)
          throw new ImportRefused(
            `${options.file}: the header lacks the required column${mapped.missing.length > 1 ? 's' : ''} ${mapped.missing.join(', ')} (it has: ${header.join(', ')})`,
          );
        positions = mapped.positions;
        report = openReport(options.reportFile, REPORT_HEADER);
        continue;
      }
      if (record.cells.every((c) => c.trim() === '')) {
        summary.blankLines++;
        continue;
      }
      const row = ++summary.rows;
      if (record.cells.length > header.length) {
        // Cells past the header: an unquoted comma shifted the row, and no field can be trusted.
        summary.rejected++;
        write({
          row,
          outcome: 'REJECTED',
          field: null,
          value: null,
          reason: `line ${record.line} has ${record.cells.length} cells where the header has ${header.length} (an unquoted comma?)`,
          suggestion: 'quote the cell that holds the comma',
          changeRequestId: null,
        });
        continue;
      }
      const fields: Record<string, unknown> = { row };
      for (const [field, at] of Object.entries(positions)) fields[field] = record.cells[at] ?? null;
      page.push(fields);
      pageBytes += Buffer.byteLength(JSON.stringify(fields));
      if (page.length >= pageRows || pageBytes >= MAX_PAGE_BYTES) await send();
    }
    if (header === null) throw new ImportRefused(`${options.file} holds no header line`);
    await send();
    await inFlight;
  } catch (error) {
    // The page in flight ends either way before the report closes and the rows sent are counted.
    await inFlight?.catch(() => undefined);
    await report?.end().catch(() => undefined);
    // Pages already sent are imported: say so, and how to finish without doing them twice.
    if (sentRows > 0 && error instanceof Error) {
      throw new ImportRefused(
        `${error.message}; the ${sentRows} rows before it were imported, each applied, unchanged, queued or rejected (report: ${options.reportFile}): correct the file and import it again with --import-id ${importId}, the rows already imported stay unchanged`,
      );
    }
    throw error;
  }
  await report!.end();
  summary.seconds = (now() - started) / 1000;
  progress.done(summary.rows);
  return summary;
}

/** Bytes read so far, for the ETA (decoded characters approximate bytes closely enough per chunk). */
async function* countBytes(chunks: AsyncIterable<string>, read: { bytes: number }, encoding: Encoding): AsyncGenerator<string> {
  for await (const chunk of chunks) {
    read.bytes += encoding === 'utf-8' ? Buffer.byteLength(chunk) : chunk.length * 2;
    yield chunk;
  }
}
