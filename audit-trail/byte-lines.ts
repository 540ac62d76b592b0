import fs from 'node:fs';

const CHUNK = 8 * 1024 * 1024;
const LF = 10;
const CR = 13;

/**
 * A trail file's lines as bytes, split exactly as readline (crlfDelay: Infinity) splits the text:
 * at \n, at \r\n, and at a lone \r; nothing after the last break is a line unless it is non-empty.
 * Yields the lines a large chunk at a time (each chunk in its own buffer), so that verification
 * reads a day file without a promise per line and decodes only the lines it must parse.
 */
export async function* byteLines(file: string): AsyncGenerator<Buffer[]> {
  const handle = await fs.promises.open(file, 'r');
  try {
    let buffer = Buffer.allocUnsafe(CHUNK);
    let filled = 0;
    for (;;) {
      if (filled === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2); // a line longer than a chunk
        buffer.copy(bigger, 0, 0, filled);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
      if (bytesRead === 0) {
        if (filled > 0) yield split(buffer, filled);
        return;
      }
      filled += bytesRead;
      const lastBreak = buffer.lastIndexOf(LF, filled - 1);
      if (lastBreak < 0) continue;
      const rest = filled - (lastBreak + 1);
      const next = Buffer.allocUnsafe(Math.max(CHUNK, rest * 2));
      buffer.copy(next, 0, lastBreak + 1, filled);
      yield split(buffer, lastBreak + 1);
      buffer = next;
      filled = rest;
    }
  } finally {
    await handle.close();
  }
}

/** The lines of buffer[0, end): end follows a \n, or is the end of the file. */
function split(buffer: Buffer, end: number): Buffer[] {
  const lines: Buffer[] = [];
  let cr = buffer.indexOf(CR);
  if (cr >= end) cr = -1;
  for (let at = 0; at < end;) {
    let lf = buffer.indexOf(LF, at);
    if (lf < 0 || lf >= end) lf = end;
    if (cr >= 0 && cr < at) {
      cr = buffer.indexOf(CR, at);
      if (cr >= end) cr = -1;
    }
    if (cr >= 0 && cr < lf) {
      lines.push(buffer.subarray(at, cr));
      at = buffer[cr + 1] === LF && cr + 1 < end ? cr + 2 : cr + 1;
    } else {
      lines.push(buffer.subarray(at, lf));
      at = lf + 1;
    }
  }
  return lines;
}
