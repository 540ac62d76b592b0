import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../platform/config';
import type { SubgraphDatabase } from '../../platform/database/open-database';
import type { KeyPair } from '../../platform/keys';
import { MemoryLogDestination } from '../../platform/logger';
import type { SubgraphName } from '../../platform/services';
import { startSystem } from '../../runner/system/system';
import { testKeys } from './federation';
import type { Backend } from './test-databases';
import { openTestStores } from './test-stores';

export interface TestSubgraph {
  name: SubgraphName;
  /** Its GraphQL endpoint, on a port the OS picked. */
  url: string;
  /** The gateway's key pair: the subgraph serves only caller tokens signed with its private half. */
  keys: KeyPair;
  subjectDigestKey: Buffer;
  logs: MemoryLogDestination;
  db: SubgraphDatabase<unknown>;
  stop(): Promise<void>;
}

/**
 * One subgraph on its own database, with no gateway in front, for tests that talk to a subgraph
 * directly (as an attacker who bypasses the gateway would): one database to start instead of six.
 * Requests still go over HTTP, because the caller-token check they attack runs there.
 */
export async function startTestSubgraph(
  name: SubgraphName,
  options: { backend?: Backend; seed?: boolean; now?: () => Date; gatewayUrl?: string } = {},
): Promise<TestSubgraph> {
  const keys = testKeys();
  const subjectDigestKey = randomBytes(32);
  const logs = new MemoryLogDestination();
  const trailDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-audit-'));
  const stores = await openTestStores(options.backend ?? 'pglite', options.seed !== false, [name]);
  const system = await startSystem({
    // gatewayUrl: where the subgraph's own calls to the federation go (reference checks); a test names it.
    config: loadConfig({ LOG_LEVEL: 'info' }, { dataDir: '/nonexistent-test-data-dir', ...(options.gatewayUrl ? { gatewayUrl: options.gatewayUrl } : {}) }),
    subgraphs: [name],
    gateway: false,
    storeFor: stores.storeFor,
    ephemeralPorts: true,
    keys,
    subjectDigestKey,
    auditDirectory: trailDirectory,
    logDestination: logs,
    now: options.now,
    beforeListen: (databases) => stores.afterOpen(databases),
  }).catch(async (error: unknown) => {
    await stores.dispose();
    throw error;
  });
  const running = system.subgraphs[name]!;
  return {
    name,
    url: running.url,
    keys,
    subjectDigestKey,
    logs,
    db: running.db,
    async stop() {
      await system.stop();
      await stores.dispose();
      fs.rmSync(trailDirectory, { recursive: true, force: true });
    },
  };
}
