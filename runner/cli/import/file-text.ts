import fs from 'node:fs';
import iconv from 'iconv-lite';

/**
 * A register file as text, streamed in chunks and never held whole. What is not text gets a clear
 * refusal before any row is sent: a zip (XLSX registers are read by xlsx-records.ts instead), a binary file (a NUL byte), bytes that are not UTF-8 (named by their byte
 * offset, with the way out: --encoding gbk for the GBK files Chinese offices often export).
 */

export class FileRefused extends Error {}

export type Encoding = 'utf-8' | 'gbk' | 'gb18030';
export const ENCODINGS: readonly Encoding[] = ['utf-8', 'gbk', 'gb18030'];

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

function refuseBinary(first: Buffer, file: string): void {
  if (first.subarray(0, 4).equals(ZIP_MAGIC)) {
    throw new FileRefused(`${file} is a zip file, not CSV text: an XLSX register is read as a workbook (name it .xlsx)`);
  }
  if (first.subarray(0, 4).equals(OLE_MAGIC)) throw new FileRefused(`${file} is an old Excel (.xls) file: save it as CSV (UTF-8) and import that`);
  if (first[0] === 0xff && first[1] === 0xfe) throw new FileRefused(`${file} is UTF-16 (byte-order mark FF FE): save it as CSV UTF-8`);
  if (first[0] === 0xfe && first[1] === 0xff) throw new FileRefused(`${file} is UTF-16 (byte-order mark FE FF): save it as CSV UTF-8`);
  const nul = first.indexOf(0);
  if (nul >= 0) throw new FileRefused(`${file} is not a text file: a NUL byte at byte offset ${nul}`);
}

/**
 * The length of the longest prefix of `bytes` that is valid UTF-8, given that the chunk may end in
 * the middle of a character (then the tail is carried to the next chunk). TextDecoder's fatal mode
 * tells that a file is broken but not where; the byte offset is what lets a clerk find the row.
 */
export function utf8Prefix(bytes: Uint8Array, final: boolean): { valid: number; bad: number | null } {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return { valid: i, bad: i };
    if (i + need >= bytes.length && need > 0) {
      // Incomplete at the end of the chunk: fine unless the file ends here; check what is there.
      for (let k = i + 1; k < bytes.length; k++) if ((bytes[k]! & 0xc0) !== 0x80) return { valid: i, bad: i };
      return final ? { valid: i, bad: i } : { valid: i, bad: null };
    }
    for (let k = 1; k <= need; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return { valid: i, bad: i };
    // Overlong three-byte forms, surrogates, and code points past U+10FFFF.
    const b1 = bytes[i + 1]!;
    if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 > 0x9f) || (b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 > 0x8f)) return { valid: i, bad: i };
    i += need + 1;
  }
  return { valid: i, bad: null };
}

/** Text chunks of the file, decoded as `encoding`; refuses what is not text as described above. */
export async function* readFileText(file: string, encoding: Encoding, options: { chunkBytes?: number } = {}): AsyncGenerator<string> {
  const stream = fs.createReadStream(file, { highWaterMark: options.chunkBytes ?? 64 * 1024 });
  let offset = 0;
  let carry = Buffer.alloc(0);
  let first = true;
  const utf8 = new TextDecoder('utf-8');
  const other = encoding === 'utf-8' ? null : iconv.getDecoder(encoding);
  for await (const raw of stream as AsyncIterable<Buffer>) {
    let chunk = raw;
    if (first) {
      refuseBinary(chunk, file);
      if (encoding === 'utf-8' && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        chunk = chunk.subarray(3);
        offset = 3;
      }
      first = false;
    }
    if (encoding !== 'utf-8') {
      const text = other!.write(chunk);
      if (text.includes('\u0000')) throw new FileRefused(`${file} is not a text file: a NUL byte near byte offset ${offset}`);
      offset += chunk.length;
      yield text;
      continue;
    }
    const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const { valid, bad } = utf8Prefix(bytes, false);
    if (bad !== null) throw notUtf8(file, offset - carry.length + bad, bytes[bad]!);
    if (bytes.indexOf(0, 0) >= 0 && bytes.indexOf(0) < valid)
      throw new FileRefused(`${file} is not a text file: a NUL byte at byte offset ${offset - carry.length + bytes.indexOf(0)}`);
    yield utf8.decode(bytes.subarray(0, valid), { stream: true });
    offset += chunk.length;
    carry = Buffer.from(bytes.subarray(valid));
  }
  if (carry.length > 0) throw notUtf8(file, offset - carry.length, carry[0]!);
  const rest = other ? (other.end() ?? '') : utf8.decode();
  if (rest) yield rest;
}

function notUtf8(file: string, offset: number, byte: number): FileRefused {
  return new FileRefused(
    `${file} is not UTF-8: byte 0x${byte.toString(16).padStart(2, '0').toUpperCase()} at byte offset ${offset} begins no UTF-8 character; ` +
      'if the file came from a system that writes GBK (common for Chinese office software), import it with --encoding gbk, or save it as CSV UTF-8',
  );
}
