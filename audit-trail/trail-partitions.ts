import type { SqlClient } from '../platform/database/sql-client';
import type { Logger } from '../platform/logger';

/**
 * The trail's tables are partitioned by month (UTC) of the record's time: audit_record on `at`, and
 * audit_access on `record_at` (its record's time), so a month's records and accesses go together.
 * Partitions are named <table>_pYYYYMM; retention (prune.ts) drops whole months by those names.
 *
 * Partitions are made ahead (the current and next month, at the gateway's start and then every few
 * hours), and each table also has a DEFAULT partition. Why both: made-ahead partitions keep the
 * default empty, so creating a month never has to scan or move much; the default means a record for
 * a month without a partition (the upkeep did not run, a clock far off) is stored rather than
 * refused — the trail never loses a record for want of a table. The next upkeep moves such rows into
 * their month's partition.
 */
const TABLES = [
  { table: 'audit_record', key: 'at' },
  { table: 'audit_access', key: 'record_at' },
] as const;

/**
 * Attaching and detaching a month wait for the long queries on the trail; while they wait, every new
 * statement over the whole table (the writer's chain check, an auditor's query) queues behind them.
 * So they give up soon, well inside the writer's 10 s statement timeout, and are tried again later.
 */
export const PARTITION_LOCK_TIMEOUT = '2s';

/** Any fixed key: two gateways (or a gateway and `audit prune`) never create the same month twice. */
const UPKEEP_LOCK_KEY = 0x61756474; // 'audt'

const NAME = /^audit_record_p(\d{4})(\d{2})$/;

export function monthOf(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
}

export function nextMonth(month: Date): Date {
  return new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
}

export function partitionName(table: string, month: Date): string {
  return `${table}_p${month.getUTCFullYear()}${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The months that have their own partition, oldest first. */
export async function monthPartitions(sql: SqlClient): Promise<Date[]> {
  const { rows } = await sql.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'audit_record'::regclass ORDER BY c.relname`,
  );
  return rows.flatMap(({ name }) => {
    const match = NAME.exec(name);
    return match ? [new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1))] : [];
  });
}

/** Months of the records waiting in the default partition. */
async function monthsInDefault(sql: SqlClient): Promise<Date[]> {
  const { rows } = await sql.query<{ month: Date | string }>(
    `SELECT DISTINCT date_trunc('month', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS month FROM audit_record_default`,
  );
  return rows.map((r) => new Date(r.month));
}

/**
 * Creates the partitions of `now`'s month and the next, and of every month with rows in the
 * default partition (moving those rows in). Returns the partitions it created.
 */
export async function ensureMonthPartitions(sql: SqlClient, now: Date, extraMonths: Date[] = []): Promise<string[]> {
  const current = monthOf(now);
  const wanted = [current, nextMonth(current), ...extraMonths.map(monthOf), ...(await monthsInDefault(sql))];
  const created: string[] = [];
  for (const month of new Map(wanted.map((m) => [m.getTime(), m])).values()) {
    if (await createMonth(sql, month)) created.push(partitionName('audit_record', month));
  }
  return created;
}

/**
 * One month, both tables, in one transaction. Each partition is built beside its table and then
 * attached (which locks the parent only against schema changes, not against the writer's inserts),
 * after the month's rows, if any, are moved out of the default partition: copied, then deleted from
 * it (the delete of records cascades to their accesses there), then the copies attached.
 */
async function createMonth(sql: SqlClient, month: Date): Promise<boolean> {
  const from = month.toISOString();
  const to = nextMonth(month).toISOString();
  return sql.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [UPKEEP_LOCK_KEY]);
    const { rows } = await tx.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS "exists"', [partitionName('audit_record', month)]);
    if (rows[0].exists) return false;
    await tx.exec(`SET LOCAL lock_timeout = '${PARTITION_LOCK_TIMEOUT}'`);
    // No record may slip into the default partition between the copy and the delete.
    await tx.exec('LOCK TABLE audit_record_default, audit_access_default IN SHARE ROW EXCLUSIVE MODE');
    for (const { table, key } of TABLES) {
      const name = partitionName(table, month);
      await tx.exec(`CREATE TABLE ${name} (LIKE ${table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
      await tx.query(`INSERT INTO ${name} SELECT * FROM ${table}_default WHERE ${key} >= $1 AND ${key} < $2`, [from, to]);
    }
    await tx.query('DELETE FROM audit_record_default WHERE at >= $1 AND at < $2', [from, to]);
    for (const { table } of TABLES) {
      await tx.exec(`ALTER TABLE ${table} ATTACH PARTITION ${partitionName(table, month)} FOR VALUES FROM ('${from}') TO ('${to}')`);
    }
    return true;
  });
}

/** Every few hours is plenty: a month is made a month ahead. */
const UPKEEP_INTERVAL_MS = 6 * 3600_000;

/**
 * The gateway's upkeep: partitions at start (awaited, so the first records already have their month)
 * and then on a timer. A failed run is logged and retried on the next; records meanwhile go to the
 * default partition, never lost.
 */
export async function keepMonthPartitions(options: {
  sql: SqlClient;
  logger: Logger;
  now?: () => Date;
  intervalMs?: number;
}): Promise<{ stop(): Promise<void> }> {
  const now = options.now ?? (() => new Date());
  const run = async () => {
    try {
      const created = await ensureMonthPartitions(options.sql, now());
      if (created.length > 0) options.logger.info({ event: 'audit.partitions_created', partitions: created }, 'audit trail partitions created');
    } catch (err) {
      options.logger.error({ event: 'audit.partitions_failed', err }, 'cannot create the audit trail partitions; records go to the default partition');
    }
  };
  await run();
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    running ??= run().finally(() => (running = undefined));
  }, options.intervalMs ?? UPKEEP_INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
