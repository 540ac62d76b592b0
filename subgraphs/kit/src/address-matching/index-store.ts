/**
 * The address index of one table, built from it on first use and rebuilt when it has changed:
 * before each search one read of a version row (a trigger moves it on every statement that changes
 * the table, TRUNCATE included), and a rebuild when it moved. Concurrent searches share one rebuild.
 *
 * Why a version row and not a change feed: the owner's table is the truth and one indexed read
 * per search is cheap next to the search; it stays right whoever writes the table (a migration, the
 * seed, psql, another replica), which a feed only this process consumes would not. The address
 * subgraph indexes its `address` table; the events subgraph its `address_reference` copy.
 *
 * The seam for a change feed: `apply` takes upserted rows and removed codes with the version they
 * bring the index to, so a feed consumer can keep the index current without rebuilding; the
 * version check stays as the safety net.
 */
import type { SqlClient } from '../../../../platform/database/sql-client';
import type { Logger } from '../../../../platform/logger';
import { AddressIndex } from './address-index';
import type { AddressRecord } from './types';

export interface AddressTable {
  /** The table (or view) with the AddressRecord columns in snake case. */
  table: string;
  /** The one-row table whose `version` its trigger moves. */
  versionTable: string;
}

export class AddressIndexStore {
  private index: AddressIndex | null = null;
  private version: string | null = null;
  private rebuilding: Promise<AddressIndex> | null = null;

  constructor(
    private readonly sql: SqlClient,
    private readonly source: AddressTable,
  ) {}

  async current(logger?: Logger): Promise<AddressIndex> {
    const version = await this.readVersion();
    if (this.index && version === this.version) return this.index;
    this.rebuilding ??= this.rebuild(version, logger).finally(() => {
      this.rebuilding = null;
    });
    return this.rebuilding;
  }

  /** Changes from a change feed, bringing the index to `version`. */
  apply(changes: { upserted: readonly AddressRecord[]; removed: readonly string[] }, version: string): void {
    if (!this.index) return;
    for (const code of changes.removed) this.index.remove(code);
    for (const row of changes.upserted) this.index.upsert(row);
    this.version = version;
  }

  private async readVersion(): Promise<string> {
    const { rows } = await this.sql.query<{ version: string | number }>(`SELECT version FROM ${this.source.versionTable} WHERE id = 1`);
    return String(rows[0]?.version ?? 0);
  }

  // The version is read before the rows: a change in between leaves the index newer than its
  // version says, and the next search rebuilds once more, never the other way round.
  private async rebuild(version: string, logger?: Logger): Promise<AddressIndex> {
    const started = process.hrtime.bigint();
    const { rows } = await this.sql.query<AddressRecord>(
      `SELECT code, province, city, district, town, community, road, door_number AS "doorNumber",
        full_text AS "fullText", longitude, latitude, grid_code AS "gridCode" FROM ${this.source.table}`,
    );
    const index = AddressIndex.build(rows.map((r) => ({ ...r, longitude: Number(r.longitude), latitude: Number(r.latitude) })));
    this.index = index;
    this.version = version;
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    logger?.info({ event: 'address.index_built', table: this.source.table, addresses: index.size, version, ms: Math.round(ms) }, 'address index built');
    return index;
  }
}

const stores = new WeakMap<SqlClient, Map<string, AddressIndexStore>>();

/** One store per database connection and table (a test federation opens several databases). */
export function addressIndexOf(sql: SqlClient, source: AddressTable): AddressIndexStore {
  let byTable = stores.get(sql);
  if (!byTable) stores.set(sql, (byTable = new Map()));
  let store = byTable.get(source.table);
  if (!store) byTable.set(source.table, (store = new AddressIndexStore(sql, source)));
  return store;
}
