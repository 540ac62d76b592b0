import { ConfigError, loadConfig } from '../../platform/config';
import { defaultStore } from '../../runner/system/system';

/** Where each subgraph reads (DATABASE_READ_URL and its per-subgraph form), and the settings refused at start. */
describe('read standby settings', () => {
  const primary = 'postgres://db-primary:5432/postgres';
  const standby = 'postgres://db-standby:5432/postgres';

  it('sends every register subgraph to DATABASE_READ_URL, one subgraph to its own, and never the audit subgraph', () => {
    const config = loadConfig({
      DATABASE_URL: primary,
      DATABASE_READ_URL: standby,
      GRIDSHARE_POPULATION_DATABASE_READ_URL: 'postgres://population-standby:5432/postgres',
    });
    expect(config.databaseReadUrls).toEqual({
      address: standby,
      population: 'postgres://population-standby:5432/postgres',
      housing: standby,
      'legal-entities': standby,
      events: standby,
    });
    expect(loadConfig({ DATABASE_URL: primary }).databaseReadUrls).toEqual({});
    // What each subgraph opens: the primary, and its standby when it has one.
    expect(defaultStore(config, 'housing')).toEqual({ kind: 'postgres', serverUrl: primary, readServerUrl: standby });
    expect(defaultStore(config, 'audit')).toEqual({ kind: 'postgres', serverUrl: primary, readServerUrl: undefined });
  });

  it('refuses a standby without a primary, a standby for the audit subgraph, and a URL that is not PostgreSQL', () => {
    expect(() => loadConfig({ DATABASE_READ_URL: standby })).toThrow(
      new ConfigError('DATABASE_READ_URL (or GRIDSHARE_<SUBGRAPH>_DATABASE_READ_URL) needs DATABASE_URL: it names a standby of that PostgreSQL server'),
    );
    expect(() => loadConfig({ DATABASE_URL: primary, GRIDSHARE_AUDIT_DATABASE_READ_URL: standby })).toThrow(
      /GRIDSHARE_AUDIT_DATABASE_READ_URL is not supported/,
    );
    expect(() => loadConfig({ DATABASE_URL: primary, DATABASE_READ_URL: 'mysql://db-standby/x' })).toThrow(
      /DATABASE_READ_URL="mysql:\/\/db-standby\/x" is invalid/,
    );
  });
});
