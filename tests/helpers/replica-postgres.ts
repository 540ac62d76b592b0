import { spawnSync } from 'node:child_process';
import { Pool } from 'pg';
import { until } from './until';

/**
 * A PostgreSQL primary and its hot standby (streaming replication), for the read-replica tests; the
 * shared test cluster is never touched. .ci/run starts them; locally, the same way (as the postgres user):
 *
 *   initdb -D $P -A trust -U postgres; add port, listen_addresses, unix_socket_directories,
 *     wal_level = replica and max_wal_senders = 5 to $P/postgresql.conf and
 *     `host replication postgres 127.0.0.1/32 trust` to $P/pg_hba.conf; pg_ctl -D $P -w start
 *   pg_basebackup -h 127.0.0.1 -p $PRIMARY_PORT -U postgres -D $S -R -X stream -c fast
 *     (-R: standby.signal and primary_conninfo); add `port = $STANDBY_PORT` to $S/postgresql.conf;
 *     pg_ctl -D $S -w start
 *   export GRIDSHARE_TEST_POSTGRES_PRIMARY_URL=postgres://postgres@127.0.0.1:$PRIMARY_PORT/postgres
 *   export GRIDSHARE_TEST_POSTGRES_STANDBY_URL=postgres://postgres@127.0.0.1:$STANDBY_PORT/postgres
 *   export GRIDSHARE_TEST_POSTGRES_STANDBY_DATA=$S
 *
 * Without them the tests are skipped, except in CI, where that is an error.
 */
export interface ReplicaClusters {
  primaryUrl: string;
  standbyUrl: string;
  /** Stops and starts the standby (pg_ctl as its owner, as .ci/run made it). */
  stopStandby(): void;
  startStandby(): void;
  /** Holds and resumes WAL replay on the standby: what it serves stays as it was while held. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Resolves once the standby has replayed everything the primary had written when asked. */
  caughtUp(limitMs?: number): Promise<void>;
  close(): Promise<void>;
}

export const REPLICA_SKIP_REASON = 'skipped: no primary and standby (set GRIDSHARE_TEST_POSTGRES_PRIMARY_URL, _STANDBY_URL and _STANDBY_DATA; .ci/run does)';

export function replicaClusters(): ReplicaClusters | undefined {
  const primaryUrl = process.env.GRIDSHARE_TEST_POSTGRES_PRIMARY_URL;
  const standbyUrl = process.env.GRIDSHARE_TEST_POSTGRES_STANDBY_URL;
  const standbyData = process.env.GRIDSHARE_TEST_POSTGRES_STANDBY_DATA;
  const bin = process.env.GRIDSHARE_TEST_POSTGRES_FAULT_BIN || '/usr/lib/postgresql/15/bin';
  if (!primaryUrl || !standbyUrl || !standbyData) {
    if (process.env.CI) {
      throw new Error('CI must set GRIDSHARE_TEST_POSTGRES_PRIMARY_URL, _STANDBY_URL and _STANDBY_DATA (.ci/run starts a primary and its hot standby)');
    }
    return undefined;
  }
  const pgCtl = (args: string) => {
    const result = spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', `${bin}/pg_ctl -D ${standbyData} ${args}`], { encoding: 'utf8', timeout: 60_000 });
    if (result.status !== 0) throw new Error(`pg_ctl ${args} failed: ${result.stderr || result.stdout || result.error}`);
  };
  // Fresh pools per call: the standby's connections die with it when a test stops it.
  const onStandby = async <T>(sql: string): Promise<T | undefined> => {
    const pool = new Pool({ connectionString: standbyUrl, max: 1 });
    try {
      return (await pool.query(sql)).rows[0]?.value as T | undefined;
    } finally {
      await pool.end();
    }
  };
  const primary = new Pool({ connectionString: primaryUrl, max: 1 });
  return {
    primaryUrl,
    standbyUrl,
    stopStandby: () => pgCtl('-m fast -w stop'),
    startStandby: () => pgCtl(`-l ${standbyData}/server.log -w start`),
    async pauseReplay() {
      await onStandby('SELECT pg_wal_replay_pause()');
      // The request is asynchronous: held only once the startup process says so.
      await until(async () => (await onStandby<string>('SELECT pg_get_wal_replay_pause_state() AS value')) === 'paused', 'replay paused', 30_000);
    },
    async resumeReplay() {
      await onStandby('SELECT pg_wal_replay_resume()');
    },
    async caughtUp(limitMs = 60_000) {
      const target = (await primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]!.lsn;
      await until(
        async () => (await onStandby<boolean>(`SELECT pg_last_wal_replay_lsn() >= '${target}'::pg_lsn AS value`)) === true,
        `the standby replaying the primary up to ${target}`,
        limitMs,
      );
    },
    close: () => primary.end(),
  };
}
