/** Progress of a long import on stderr: rows, rows/s and the ETA from the share of bytes read. */
export class Progress {
  private last = 0;

  constructor(
    private readonly totalBytes: number,
    private readonly now: () => number,
    private readonly print: ((line: string) => void) | undefined,
    private readonly started = now(),
    private readonly everyMs = 2000,
  ) {}

  update(rows: number, bytes: number): void {
    const t = this.now();
    if (!this.print || t - this.last < this.everyMs) return;
    this.last = t;
    const seconds = Math.max((t - this.started) / 1000, 0.001);
    const share = Math.min(bytes / this.totalBytes, 1);
    const eta = share > 0 ? (seconds / share) * (1 - share) : NaN;
    this.print(
      `${rows} rows, ${Math.round(rows / seconds)} rows/s, ${(share * 100).toFixed(1)} % of the file, ETA ${Number.isFinite(eta) ? `${Math.round(eta)} s` : '?'}`,
    );
  }

  done(rows: number): void {
    if (!this.print) return;
    const seconds = Math.max((this.now() - this.started) / 1000, 0.001);
    this.print(`${rows} rows in ${seconds.toFixed(1)} s (${Math.round(rows / seconds)} rows/s)`);
  }
}
