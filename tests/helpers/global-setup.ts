import { inputsKey } from './dump-key';
import { announceRunDatabases, createPostgresTemplates, dropDatabasesWithPrefix, ensurePGliteDumps, newTemplatePrefix, testPostgresUrl } from './test-databases';

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
  const [dumps] = await Promise.all([
    ensurePGliteDumps(key),
    prefix
      ? createPostgresTemplates(serverUrl!, prefix).catch(async (error: unknown) => {
          await dropDatabasesWithPrefix(serverUrl!, prefix).catch(() => undefined);
          throw error;
        })
      : undefined,
  ]);
  announceRunDatabases(dumps, prefix);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`\ntest databases ready in ${seconds} s: PGlite dumps ${dumps}${prefix ? `, PostgreSQL templates ${prefix}_*` : ''}\n`);
}
