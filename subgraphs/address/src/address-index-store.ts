/**
 * The address index of one database, built from the address table on first use and rebuilt when
 * the table has changed: before each search one read of `address_version` (a trigger moves it on
 * every change to the table), and a rebuild when it moved. Concurrent searches share one rebuild.
 *
 * The seam for the change feed (the base-data issue): `apply` takes upserted rows and removed codes
 * with the version they bring the index to, so a feed consumer can keep the index current without
 * rebuilding; the version check stays as the safety net.
 */
import type { Logger } from '../../kit/src/logger';
import { AddressIndex } from './matching/address-index';
import type { AddressRecord } from './matching/types';
import type { AddressDb } from './loaders';

const ROWS_SQL = `SELECT code, province, city, district, town, community, road, door_number AS "doorNumber",
  full_text AS "fullText", longitude, latitude, grid_code AS "gridCode" FROM address`;

export class AddressIndexStore {
  private index: AddressIndex | null = null;
  private version: string | null = null;
  private rebuilding: Promise<AddressIndex> | null = null;

  constructor(private readonly db: AddressDb) {}

  async current(logger?: Logger): Promise<AddressIndex> {
    const version = await this.readVersion();
    if (this.index && version === this.version) return this.index;
    this.rebuilding ??= this.rebuild(version, logger).finally(() => {
      this.rebuilding = null;
    });
    return this.rebuilding;
  }

  /** Changes from the change feed, bringing the index to `version`. */
  apply(changes: { upserted: readonly AddressRecord[]; removed: readonly string[] }, version: string): void {
    if (!this.index) return;
    for (const code of changes.removed) this.index.remove(code);
    for (const row of changes.upserted) this.index.upsert(row);
    this.version = version;
  }

  private async readVersion(): Promise<string> {
    const { rows } = await this.db.sql.query<{ version: string | number }>('SELECT version FROM address_version WHERE id = 1');
    return String(rows[0]?.version ?? 0);
  }

  // The version is read before the rows: a change in between leaves the index newer than its
  // version says, and the next search rebuilds once more, never the other way round.
  private async rebuild(version: string, logger?: Logger): Promise<AddressIndex> {
    const started = process.hrtime.bigint();
    const { rows } = await this.db.sql.query<AddressRecord>(ROWS_SQL);
    const index = AddressIndex.build(rows.map((r) => ({ ...r, longitude: Number(r.longitude), latitude: Number(r.latitude) })));
    this.index = index;
    this.version = version;
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    logger?.info({ event: 'address.index_built', addresses: index.size, version, ms: Math.round(ms) }, 'address index built');
    return index;
  }
}

const stores = new WeakMap<AddressDb, AddressIndexStore>();

export function addressIndexFor(db: AddressDb): AddressIndexStore {
  let store = stores.get(db);
  if (!store) stores.set(db, (store = new AddressIndexStore(db)));
  return store;
}
