import type { SqlClient } from '../../../../platform/database/sql-client';
import { textArray } from '../records/record-change';

/**
 * The records an import has met and what its first row about each said (table import_seen), so
 * that rows of one file are compared with each other, across pages: a later row saying the same is
 * unchanged, a later row saying something else is for a person to decide (never a silent
 * overwrite of the first, which a re-import would then undo and redo).
 */
export class ImportSeen {
  private readonly fresh = new Map<string, { row: number; digest: string }>();

  private constructor(
    private readonly importId: string,
    private readonly known: Map<string, { row: number; digest: string }>,
  ) {}

  static async load(sql: SqlClient, importId: string, subjects: string[]): Promise<ImportSeen> {
    const { rows } = await sql.query<{ subject: string; first_row: number; content_digest: string }>(
      `SELECT "subject", "first_row", "content_digest" FROM "import_seen" WHERE "import_id" = $1 AND "subject" = ANY($2::text[])`,
      [importId, textArray(subjects)],
    );
    return new ImportSeen(importId, new Map(rows.map((r) => [r.subject, { row: r.first_row, digest: r.content_digest }])));
  }

  /** The earlier row about this subject, if any, and whether it said the same; remembers this row if it is the first. */
  meet(subject: string, row: number, digest: string): { row: number; same: boolean } | null {
    const earlier = this.known.get(subject) ?? this.fresh.get(subject);
    if (earlier) return { row: earlier.row, same: earlier.digest === digest };
    this.fresh.set(subject, { row, digest });
    return null;
  }

  async save(sql: SqlClient, now: Date): Promise<void> {
    if (this.fresh.size === 0) return;
    const entries = [...this.fresh.entries()];
    await sql.query(
      `INSERT INTO "import_seen" ("import_id", "subject", "first_row", "content_digest", "seen_at")
       SELECT $1, s, r, d, $5::timestamptz FROM unnest($2::text[], $3::int[], $4::text[]) AS t(s, r, d) ON CONFLICT DO NOTHING`,
      [
        this.importId,
        textArray(entries.map(([s]) => s)),
        textArray(entries.map(([, v]) => String(v.row))),
        textArray(entries.map(([, v]) => v.digest)),
        now.toISOString(),
      ],
    );
  }
}
