/**
 * CSV records (RFC 4180: quoted fields, "" inside quotes, CRLF or LF) from a stream of text
 * chunks, one record at a time, so a file of any size is read in constant memory.
 *
 * Written here, not taken from csv-parse, because this build has no CSV library installed
 * (csv-parse is the one to switch to; its streaming parser has the same shape). What this one
 * adds that an import needs: a record longer than `maxRecordChars` is refused at once, naming the
 * line, instead of being buffered (a file without line breaks, or an unclosed quote, would
 * otherwise be read whole into memory).
 */

export class CsvError extends Error {}

export interface CsvRecord {
  /** Physical line the record starts on (1 = the first line of the file). */
  line: number;
  cells: string[];
}

export async function* csvRecords(chunks: AsyncIterable<string>, options: { maxRecordChars: number }): AsyncGenerator<CsvRecord> {
  let cells: string[] = [];
  let cell = '';
  /** Inside a quoted field; `quoteSeen`: a quote inside one, which is either "" or its end (the next character decides, maybe in the next chunk). */
  let quoted = false;
  let quoteSeen = false;
  let line = 1;
  let recordLine = 1;
  let recordChars = 0;
  let pendingCR = false;
  let started = false;
  const end = (): CsvRecord => {
    cells.push(cell);
    const record = { line: recordLine, cells };
    cells = [];
    cell = '';
    recordChars = 0;
    started = false;
    recordLine = line;
    return record;
  };
  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (pendingCR) {
        pendingCR = false;
        if (c === '\n') continue;
      }
      if (++recordChars > options.maxRecordChars) {
        throw new CsvError(
          `the record starting on line ${recordLine} is longer than ${options.maxRecordChars} characters${quoted ? ' (a quote that is never closed?)' : ' (is this a CSV file?)'}`,
        );
      }
      started = true;
      if (quoteSeen) {
        quoteSeen = false;
        if (c === '"') {
          cell += '"';
          continue;
        }
        quoted = false;
      }
      if (quoted) {
        if (c === '"') quoteSeen = true;
        else {
          if (c === '\n') line++;
          cell += c;
        }
        continue;
      }
      if (c === '"' && cell === '') {
        quoted = true;
        continue;
      }
      if (c === ',') {
        cells.push(cell);
        cell = '';
        continue;
      }
      if (c === '\r' || c === '\n') {
        line++;
        if (c === '\r') pendingCR = true;
        yield end();
        continue;
      }
      cell += c;
    }
  }
  if (quoted && !quoteSeen) throw new CsvError(`the quote opened in the record starting on line ${recordLine} is never closed`);
  if (started) yield end();
}
