import type { SqlClient } from './sql-client';

/**
 * A readiness check: the database answers a trivial statement within `timeoutMs`. Bounded here
 * because a probe that hangs as long as the pool's connect timeout is a probe that times out instead
 * of saying no.
 */
export async function databaseAnswers(sql: SqlClient, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      sql.query('SELECT 1').then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
