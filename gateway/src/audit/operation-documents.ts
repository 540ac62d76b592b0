import { Kind, parse, print, visit } from 'graphql';
import type { SqlClient } from '../../../platform/database/sql-client';
import type { Logger } from '../../../platform/logger';

/**
 * What an operation asked, for auditors: the document with every literal blanked (strings to "",
 * numbers to 0), so `personByIdNumber(idNumber: "44…")` is kept as `personByIdNumber(idNumber: "")`.
 * Variables are never part of it. Null when the text does not parse: an unparsable text is not
 * shown at all, since nothing could blank the values in it.
 */
export function blankedDocument(source: string): string | null {
  let document;
  try {
    document = parse(source, { noLocation: true });
  } catch {
    return null;
  }
  return print(
    visit(document, {
      StringValue: (node) => ({ ...node, value: '', block: false }),
      IntValue: (node) => ({ ...node, value: '0' }),
      FloatValue: (node) => ({ ...node, kind: Kind.INT, value: '0' }),
    }),
  );
}

/** How many digests a gateway remembers having stored, so a repeated operation costs no statement. */
const REMEMBERED = 10_000;

/**
 * Stores each distinct document once (`audit_document`, keyed by the record's document digest).
 * Outside the hash chain and after the record is durable: a document that could not be stored is
 * logged and tried again the next time it is asked, and the answer is never withheld for it.
 */
export class OperationDocuments {
  private readonly stored = new Set<string>();

  constructor(
    private readonly sql: SqlClient,
    private readonly logger: Logger,
  ) {}

  async store(hash: string | null, source: string | undefined, at: string): Promise<void> {
    if (!hash || !source || this.stored.has(hash)) return;
    const document = blankedDocument(source);
    if (document === null) return;
    try {
      await this.sql.query('INSERT INTO audit_document (hash, document, first_seen) VALUES ($1, $2, $3) ON CONFLICT (hash) DO NOTHING', [hash, document, at]);
    } catch (err) {
      this.logger.warn({ event: 'audit.document_not_stored', hash, err }, 'operation document not stored');
      return;
    }
    // A Set keeps insertion order: forgetting the oldest costs at most one statement for it later.
    if (this.stored.size >= REMEMBERED) this.stored.delete(this.stored.values().next().value!);
    this.stored.add(hash);
  }
}
