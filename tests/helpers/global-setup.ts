import { inputsKey } from './dump-key';
import {
  announceRunDatabases,
  createPostgresTemplates,
  dropDatabasesWithPrefix,
  ensurePGliteDumps,
  newTemplatePrefix,
  testPostgresUrl,
} from './test-databases';

/**
 * Jest's globalSetup: the databases every test federation starts from, made once per run before any
 * test file (see test-databases.ts). The workers find them through the environment they inherit.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const key = inputsKey();
  const serverUrl = testPostgresUrl();
  const prefix = serverUrl ? newTemplatePrefix() : undefined;
  // PGlite works in this process and PostgreSQL in its server: on two cores they overlap.
  const [dumps, templates] = await Promise.allSettled([ensurePGliteDumps(key), prefix && createPostgresTemplates(serverUrl!, prefix)]);
  if (dumps.status === 'rejected' || templates.status === 'rejected') {
    // No run follows, so no globalTeardown either: drop whatever templates were made.
    if (prefix) await dropDatabasesWithPrefix(serverUrl!, prefix).catch(() => undefined);
    throw dumps.status === 'rejected' ? dumps.reason : (templates as PromiseRejectedResult).reason;
  }
  announceRunDatabases(dumps.value, prefix);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`\ntest databases ready in ${seconds} s: PGlite dumps ${dumps.value}${prefix ? `, PostgreSQL templates ${prefix}_*` : ''}\n`);
}
