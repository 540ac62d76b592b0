import type { SqlClient } from '../platform/database/sql-client';
import type { Logger } from '../platform/logger';
import { TrailFileReplacedError, TrailFiles } from './trail-files';
import { repairDay } from './trail-repair';

export type Line = { day: string; text: string };

/**
 * Lines committed to the database and not yet on disk in the files: the lines of each commit, and
 * those of earlier commits whose file write failed (a full disk), kept in chain order until written.
 */
export class PendingLines {
  private lines: Line[] = [];

  constructor(
    private readonly files: TrailFiles,
    private readonly sql: SqlClient,
    private readonly logger: Logger,
  ) {}

  push(...lines: Line[]): void {
    this.lines.push(...lines);
  }

  /**
   * Writes them all, one write and one fsync per run of one day, or throws and keeps what is left. A
   * day's file that was removed, replaced or torn is rebuilt from its whole lines and the database,
   * which already holds every pending line of that day.
   */
  async flush(): Promise<void> {
    while (this.lines.length > 0) {
      const day = this.lines[0].day;
      let count = 0;
      let text = '';
      while (count < this.lines.length && this.lines[count].day === day) text += this.lines[count++].text;
      try {
        await this.files.append(day, text);
      } catch (error) {
        if (!(error instanceof TrailFileReplacedError)) throw error;
        this.logger.error({ event: 'audit.file_replaced', day, reason: error.message }, 'an audit file changed under the writer; rebuilding it');
        await repairDay(this.files, this.sql, day, this.logger);
        this.lines = this.lines.filter((line) => line.day !== day);
        continue;
      }
      this.lines.splice(0, count);
    }
  }
}
