import { spawnSync } from 'node:child_process';

/**
 * A PostgreSQL cluster of its own that fault tests may stop and start (the shared test cluster must
 * never be stopped). .ci/run starts it beside the shared one; locally, start one the same way:
 *
 *   initdb -D $DIR -A trust -U postgres (as the postgres user), add port, listen_addresses and
 *   unix_socket_directories to $DIR/postgresql.conf, pg_ctl -D $DIR -l $DIR/server.log -w start
 *   export GRIDSHARE_TEST_POSTGRES_FAULT_URL=postgres://postgres@127.0.0.1:$PORT/postgres
 *   export GRIDSHARE_TEST_POSTGRES_FAULT_DATA=$DIR
 *
 * Without those variables the tests that need it are skipped, except in CI, where that is an error.
 */
export interface FaultCluster {
  url: string;
  stop(): void;
  start(): void;
}

export function faultCluster(): FaultCluster | undefined {
  const url = process.env.GRIDSHARE_TEST_POSTGRES_FAULT_URL;
  const data = process.env.GRIDSHARE_TEST_POSTGRES_FAULT_DATA;
  const bin = process.env.GRIDSHARE_TEST_POSTGRES_FAULT_BIN || '/usr/lib/postgresql/15/bin';
  if (!url || !data) {
    if (process.env.CI) throw new Error('CI must set GRIDSHARE_TEST_POSTGRES_FAULT_URL and _DATA (.ci/run starts a second cluster for fault tests)');
    return undefined;
  }
  // pg_ctl refuses to run as root: as the cluster's owner, which is how .ci/run made it.
  const pgCtl = (args: string) => {
    const result = spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', `${bin}/pg_ctl -D ${data} ${args}`], { encoding: 'utf8', timeout: 60_000 });
    if (result.status !== 0) throw new Error(`pg_ctl ${args} failed: ${result.stderr || result.stdout || result.error}`);
  };
  return {
    url,
    stop: () => pgCtl('-m fast -w stop'),
    start: () => pgCtl(`-l ${data}/server.log -w start`),
  };
}
