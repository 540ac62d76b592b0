import type { SqlClient } from '../platform/database/sql-client';
import { certifyRows, RowCertificate } from './row-certificates';

/**
 * The certified rows in seq order, a range of seqs at a time, with the next ranges already being
 * certified (on their own connections, so PostgreSQL uses more than one core) while this one is
 * used. Every range goes to `onPage` once, in order. Rows appended after the start are not read here.
 */
export class CertifiedRows {
  private bySeq = new Map<number, RowCertificate>();
  private readonly pending: { upTo: number; rows: Promise<RowCertificate[]> }[] = [];
  private bounds?: Promise<{ first: number; last: number }>;
  private next = 0;
  private last = 0;
  /** The current range is (…, upTo]. */
  private upTo = 0;
  private ended = false;
  /** A range could not be certified (a line PostgreSQL would not parse): from there on, every row is checked one by one. */
  failed = false;

  constructor(
    private readonly sql: SqlClient,
    private readonly onPage: (page: RowCertificate[]) => void,
    private readonly pageSize = 10_000,
    private readonly parallel = 2,
  ) {}

  /** The row of `seq` if there is one; reads on while `seq` lies beyond the current range. */
  async find(seq: number): Promise<RowCertificate | undefined> {
    while (!this.ended && seq > this.upTo) await this.advance();
    return this.bySeq.get(seq);
  }

  /** Synchronous when the current range decides: the common case, without a promise per line. */
  peek(seq: number): RowCertificate | undefined | 'read on' {
    return this.ended || seq <= this.upTo ? this.bySeq.get(seq) : 'read on';
  }

  /** Waits for the ranges still being certified (their results are not needed). */
  async settle(): Promise<void> {
    await Promise.allSettled(this.pending.map((p) => p.rows));
  }

  /** Reads every remaining range, unless `enough` says the rest is not needed. */
  async drain(enough: () => boolean): Promise<void> {
    while (!this.ended && !enough()) await this.advance();
  }

  private async advance(): Promise<void> {
    let page: RowCertificate[] | undefined;
    try {
      if (!this.bounds) {
        this.bounds = this.sql
          .query<{ first: string | null; last: string | null }>('SELECT min(seq)::text AS first, max(seq)::text AS last FROM audit_record WHERE seq > 0')
          .then(({ rows }) => ({ first: Number(rows[0]?.first ?? 0), last: Number(rows[0]?.last ?? 0) }));
        const { first, last } = await this.bounds;
        this.next = Math.max(0, first - 1);
        this.last = last;
      }
      this.fill();
      const range = this.pending.shift();
      if (range) {
        page = await range.rows;
        this.upTo = range.upTo;
        this.fill();
      }
    } catch {
      this.failed = true;
    }
    if (!page) {
      this.ended = true;
      this.bySeq = new Map();
      return;
    }
    this.bySeq = new Map(page.map((r) => [r.seq, r]));
    this.onPage(page);
  }

  private fill(): void {
    while (this.pending.length < this.parallel && this.next < this.last) {
      const after = this.next;
      this.next = Math.min(after + this.pageSize, this.last);
      const rows = certifyRows(this.sql, after, this.next);
      rows.catch(() => undefined); // awaited (and its failure noted) when its turn comes
      this.pending.push({ upTo: this.next, rows });
    }
  }
}
