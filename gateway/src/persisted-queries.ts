import { createHash } from 'node:crypto';
import { BREAK, parse, visit } from 'graphql';
import { InMemoryLRUCache, KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { SqlClient } from '../../platform/database/sql-client';
import type { Logger } from '../../platform/logger';

/** Apollo's automatic persisted queries reach the cache as `apq:<sha256 of the text>`. */
const APQ_KEY = /^apq:([0-9a-f]{64})$/;

/**
 * Numbers this short are page sizes and offsets; longer ones may be an identifier a caller typed
 * (a phone number, an ID number written as an Int ID literal).
 */
const HARMLESS_DIGITS = 4;

/**
 * Whether a query text may be kept in the shared store: no string literal and no long number, so it
 * holds no value a caller asked for (an ID number written into the query instead of a variable).
 * Such texts stay in this replica's memory only: a client whose next request reaches another replica
 * gets PERSISTED_QUERY_NOT_FOUND and sends the text again, as the protocol expects.
 */
export function shareable(source: string): boolean {
  let document;
  try {
    document = parse(source, { noLocation: true });
  } catch {
    return false;
  }
  let literal = false;
  visit(document, {
    StringValue: () => {
      literal = true;
      return BREAK;
    },
    IntValue: (node) => {
      if (node.value.replace('-', '').length <= HARMLESS_DIGITS) return undefined;
      literal = true;
      return BREAK;
    },
    FloatValue: () => {
      literal = true;
      return BREAK;
    },
  });
  return !literal;
}

/**
 * The persisted-query cache every gateway replica shares: this replica's memory first, then the
 * `persisted_query` table of the gateway's database. Apollo checks a registered text against its hash;
 * a text read back from the table is checked again, so a row edited in the database is a miss, never
 * another operation run under the hash a client sent.
 */
export class SharedPersistedQueries implements KeyValueCache<string> {
  private readonly memory = new InMemoryLRUCache<string>();

  constructor(
    private readonly sql: SqlClient,
    private readonly logger: Logger,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const remembered = await this.memory.get(key);
    if (remembered !== undefined) return remembered;
    const hash = APQ_KEY.exec(key)?.[1];
    if (!hash) return undefined;
    const { rows } = await this.sql.query<{ document: string }>('SELECT document FROM persisted_query WHERE hash = $1', [hash]);
    const document = rows[0]?.document;
    if (document === undefined) return undefined;
    if (createHash('sha256').update(document).digest('hex') !== hash) {
      this.logger.error({ event: 'gateway.persisted_query_mismatch', hash }, 'a stored persisted query does not match its hash; ignored');
      return undefined;
    }
    await this.memory.set(key, document);
    return document;
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    await this.memory.set(key, value, options);
    const hash = APQ_KEY.exec(key)?.[1];
    if (!hash || !shareable(value)) return;
    await this.sql.query('INSERT INTO persisted_query (hash, document) VALUES ($1, $2) ON CONFLICT (hash) DO NOTHING', [hash, value]);
  }

  async delete(key: string): Promise<boolean | void> {
    return this.memory.delete(key);
  }
}
