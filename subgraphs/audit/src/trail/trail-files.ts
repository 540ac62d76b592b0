import fs from 'node:fs';
import path from 'node:path';
import type { TrailLine } from './record';

/**
 * The NDJSON copy of the trail under <data dir>/audit/: one file per UTC day, appended and fsynced
 * with every group commit, so a second, independent store holds every record and checkpoint.
 */
export class TrailFiles {
  private handle?: fs.promises.FileHandle;
  private handleDay?: string;

  constructor(readonly directory: string) {
    fs.mkdirSync(directory, { recursive: true });
  }

  static fileFor(day: string): string {
    return `audit-${day}.ndjson`;
  }

  /** Appends lines (already serialized, newline-terminated) and waits until they are on disk. */
  async append(day: string, text: string): Promise<void> {
    if (this.handleDay !== day) {
      await this.handle?.close();
      this.handle = await fs.promises.open(path.join(this.directory, TrailFiles.fileFor(day)), 'a');
      this.handleDay = day;
    }
    await this.handle!.write(text);
    await this.handle!.datasync();
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
    this.handleDay = undefined;
  }

  /** Every trail file in chain order (their names sort by day). */
  files(): string[] {
    return fs
      .readdirSync(this.directory)
      .filter((f) => /^audit-\d{4}-\d{2}-\d{2}\.ndjson$/.test(f))
      .sort()
      .map((f) => path.join(this.directory, f));
  }

  /** The last record line across the files, or undefined when there is none. */
  lastRecordSeq(): number {
    for (const file of this.files().reverse()) {
      const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
      for (let i = lines.length - 1; i >= 0; i--) {
        try {
          const line = JSON.parse(lines[i]) as TrailLine;
          if (line.kind === 'record') return line.seq;
        } catch {
          // A torn last line (crash mid-write) is not a record; reconciliation rewrites from the database.
        }
      }
    }
    return 0;
  }
}

export function utcDay(iso: string): string {
  return iso.slice(0, 10);
}
