import { dropDatabasesWithPrefix, runTemplatePrefix, testPostgresUrl } from './test-databases';

/** Jest's globalTeardown: drops this run's PostgreSQL templates (the PGlite dumps stay for the next run). */
export default async function globalTeardown(): Promise<void> {
  const serverUrl = testPostgresUrl();
  const prefix = runTemplatePrefix();
  if (serverUrl && prefix) await dropDatabasesWithPrefix(serverUrl, prefix);
}
