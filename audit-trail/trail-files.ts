import fs from 'node:fs';
import path from 'node:path';
import type { TrailLine } from './record';
import { appendWhole, openForAppend, replacedUnder, syncDirectory, TornFileError } from './whole-lines';

/** A day file that was removed, replaced or torn since this process wrote to it: it must be rebuilt before more is appended. */
export class TrailFileReplacedError extends Error {
  constructor(
    readonly day: string,
    reason: string,
  ) {
    super(`the audit file of ${day} ${reason}`);
  }
}

const DAY_FILE = /^audit-(\d{4}-\d{2}-\d{2})\.ndjson$/;

/**
 * The NDJSON copy of the trail (by default <data dir>/audit-trail, outside the audit database's own
 * directory): one file per UTC day, appended and fsynced with every group commit, so a second,
 * independent store holds every record and checkpoint. Appends are whole lines or nothing; a file
 * removed or replaced under the writer is noticed (its inode is no longer the one written to).
 */
export class TrailFiles {
  private handle?: fs.promises.FileHandle;
  private handleDay?: string;
  /** Days whose file this process wrote to, by inode: a later append to another inode means replaced. */
  private readonly written = new Map<string, number>();
  private readonly damaged = new Set<string>();

  constructor(readonly directory: string) {
    fs.mkdirSync(directory, { recursive: true });
  }

  static fileFor(day: string): string {
    return `audit-${day}.ndjson`;
  }

  pathFor(day: string): string {
    return path.join(this.directory, TrailFiles.fileFor(day));
  }

  /**
   * Appends lines (serialized, newline-terminated) and waits until they are on disk; on failure
   * nothing of them remains. Throws TrailFileReplacedError, before writing, when the day's file is
   * not the one this process has been writing (the writer then rebuilds it from the database).
   */
  async append(day: string, text: string): Promise<void> {
    const file = this.pathFor(day);
    if (this.damaged.has(day)) throw new TrailFileReplacedError(day, 'is torn');
    if (this.handleDay === day && this.handle && (await replacedUnder(this.handle, file))) {
      await this.closeHandle();
      this.damaged.add(day);
      throw new TrailFileReplacedError(day, fs.existsSync(file) ? 'was replaced by another file' : 'was removed');
    }
    if (this.handleDay !== day || !this.handle) {
      await this.closeHandle();
      const known = this.written.get(day);
      const current = fs.existsSync(file) ? fs.statSync(file).ino : undefined;
      if (known !== undefined && current !== known) {
        this.damaged.add(day);
        throw new TrailFileReplacedError(day, current === undefined ? 'was removed' : 'was replaced by another file');
      }
      this.handle = await openForAppend(file);
      this.handleDay = day;
      this.written.set(day, (await this.handle.stat()).ino);
    }
    try {
      await appendWhole(this.handle!, Buffer.from(text, 'utf8'));
    } catch (error) {
      if (error instanceof TornFileError) {
        this.damaged.add(day);
        await this.closeHandle();
      }
      throw error;
    }
  }

  /**
   * Replaces a day's file with `content` (written beside it, fsynced, renamed over it), so that a
   * reader sees the old file or the new one, never a mix. The repair path.
   */
  async replaceDay(day: string, write: (handle: fs.promises.FileHandle) => Promise<void>): Promise<void> {
    if (this.handleDay === day) await this.closeHandle();
    const file = this.pathFor(day);
    const temporary = `${file}.rebuilding`;
    const handle = await fs.promises.open(temporary, 'w');
    try {
      await write(handle);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(temporary, file);
    await syncDirectory(this.directory);
    this.written.set(day, fs.statSync(file).ino);
    this.damaged.delete(day);
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    this.handleDay = undefined;
    await handle?.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.closeHandle();
  }

  /** Every trail file in chain order (their names sort by day). */
  files(): string[] {
    if (!fs.existsSync(this.directory)) return [];
    return fs
      .readdirSync(this.directory)
      .filter((f) => DAY_FILE.test(f))
      .sort()
      .map((f) => path.join(this.directory, f));
  }

  static dayOf(file: string): string {
    return DAY_FILE.exec(path.basename(file))![1];
  }

  /** The last record line across the files, or 0 when there is none. */
  lastRecordSeq(): number {
    for (const file of this.files().reverse()) {
      const seq = edgeRecordSeq(file, 'last');
      if (seq !== undefined) return seq;
    }
    return 0;
  }
}

/** The seq of the first or last record line of a file (a torn line is not a record). */
export function edgeRecordSeq(file: string, end: 'first' | 'last'): number | undefined {
  return edgeLine(file, end, recordSeqOf);
}

/**
 * The first or last line of a file that `parse` accepts, read from that end in growing chunks (a
 * day's file can be large; its ends are what start-up needs).
 */
export function edgeLine<T>(file: string, end: 'first' | 'last', parse: (line: string) => T | undefined): T | undefined {
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r');
  try {
    for (let span = 64 * 1024; ; span *= 4) {
      const length = Math.min(size, span);
      const buffer = Buffer.alloc(length);
      fs.readSync(fd, buffer, 0, length, end === 'first' ? 0 : size - length);
      const lines = buffer.toString('utf8').split('\n');
      // Partial lines at the cut are not candidates unless the whole file was read.
      const whole = length === size;
      const candidates = end === 'first' ? lines.slice(0, whole ? undefined : -1) : lines.slice(whole ? 0 : 1).reverse();
      for (const line of candidates) {
        const value = parse(line);
        if (value !== undefined) return value;
      }
      if (whole) return undefined;
    }
  } finally {
    fs.closeSync(fd);
  }
}

function recordSeqOf(line: string): number | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(line) as TrailLine;
    return parsed.kind === 'record' && Number.isSafeInteger(parsed.seq) ? parsed.seq : undefined;
  } catch {
    return undefined;
  }
}

export function utcDay(iso: string): string {
  return iso.slice(0, 10);
}

/**
 * The files used to live inside the audit database's own directory (<data dir>/audit): moved to the
 * trail directory on start, so the independent copy no longer shares its fate with the database. A
 * day that already has a file in the new place is left where it was and reported.
 */
export function moveLegacyTrailFiles(from: string, to: string, logger: { warn: (o: object, m: string) => void }): number {
  if (!fs.existsSync(from) || path.resolve(from) === path.resolve(to)) return 0;
  const legacy = fs.readdirSync(from).filter((f) => DAY_FILE.test(f));
  if (legacy.length === 0) return 0;
  fs.mkdirSync(to, { recursive: true });
  let moved = 0;
  for (const name of legacy) {
    const target = path.join(to, name);
    if (fs.existsSync(target)) {
      logger.warn(
        { event: 'audit.legacy_file_kept', file: path.join(from, name), existing: target },
        'an audit file exists in both places; the old one is left for an operator',
      );
      continue;
    }
    fs.renameSync(path.join(from, name), target);
    moved++;
  }
  logger.warn({ event: 'audit.files_moved', from, to, moved }, 'moved the audit trail files out of the audit database directory');
  return moved;
}
