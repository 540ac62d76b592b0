import { Client } from 'pg';
import type { Logger } from '../platform/logger';

export class WriterLeaseHeldError extends Error {}

/** Any fixed key: the lock lives in the audit database, so it names "the writer of this trail". */
const LEASE_KEY = 0x67726964; // 'grid'

export interface WriterLease {
  release(): Promise<void>;
}

/**
 * One gateway writes an audit trail: it reads the chain head once at start and advances it in
 * memory, so a second gateway on the same audit database would fork the chain (PostgreSQL refuses
 * every one of its commits: 503 to all its requests, while it looked healthy). Until several writers
 * are built (issue #14, item 1), the gateway holds a session advisory lock on the audit database for
 * its life, and a second one refuses to start, naming the first. PGlite needs none: its directory
 * lock already admits one process.
 *
 * The lock goes with its connection: should PostgreSQL restart, the lease is taken again when it is
 * back, and if another gateway took it meanwhile this one logs `audit.writer_lease_lost` (its commits
 * are then refused by the chain's primary key, never forked).
 */
export async function takeWriterLease(connectionString: string, logger: Logger): Promise<WriterLease> {
  let client = await connect(connectionString);
  const holder = await tryLock(client);
  if (holder !== true) {
    await client.end().catch(() => undefined);
    throw new WriterLeaseHeldError(
      `another gateway (${holder}) writes the audit trail in this database: run one gateway per audit database ` +
        '(several gateway replicas on one trail are not supported yet; stop the other gateway first)',
    );
  }
  let released = false;
  let retaking = false;
  const retake = async () => {
    while (!released) {
      try {
        client = await connect(connectionString);
        watch(client);
        retaking = false;
        const again = await tryLock(client);
        if (again === true) logger.info({ event: 'audit.writer_lease_retaken' }, 'audit writer lease taken again');
        else logger.error({ event: 'audit.writer_lease_lost', holder: again }, 'another gateway took the audit writer lease');
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 1000).unref());
      }
    }
  };
  const onLost = () => {
    if (released || retaking) return;
    retaking = true;
    logger.warn({ event: 'audit.writer_lease_interrupted' }, 'the audit database connection holding the writer lease was lost');
    void retake();
  };
  // 'error' when the server goes away mid-session, 'end' when the socket closes: either way the lock is gone.
  const watch = (c: Client) => {
    c.on('error', onLost);
    c.on('end', onLost);
  };
  watch(client);
  return {
    async release() {
      released = true;
      await client.end().catch(() => undefined);
    },
  };
}

async function connect(connectionString: string): Promise<Client> {
  const client = new Client({ connectionString, connectionTimeoutMillis: 5000, application_name: 'gridshare-audit-writer' });
  await client.connect();
  return client;
}

/** True when taken; else who holds it (from pg_stat_activity, as far as it tells). */
async function tryLock(client: Client): Promise<true | string> {
  const { rows } = await client.query<{ taken: boolean }>('SELECT pg_try_advisory_lock($1) AS taken', [LEASE_KEY]);
  if (rows[0]?.taken) return true;
  const { rows: holders } = await client.query<{ addr: string | null; pid: number }>(
    `SELECT a.client_addr::text AS addr, a.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.objid = $1 AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [LEASE_KEY],
  );
  const h = holders[0];
  return h ? `connected from ${h.addr ?? 'a local socket'}, server process ${h.pid}` : 'unknown';
}
