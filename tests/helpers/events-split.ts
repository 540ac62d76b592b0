import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { createJwtAuthenticator } from '../../gateway/src/auth';
import { signDepartmentToken, TokenClaims } from '../../gateway/src/dev-tokens';
import { seedCity } from '../../runner/system/seed';
import { RunningSubgraph, RunningSystem, startSystem } from '../../runner/system/system';
import { repositoryPolicies } from '../../access-policies/runtime/load';
import { DEVELOPMENT_ISSUER, loadConfig } from '../../platform/config';
import type { StoreLocation } from '../../platform/database/open-database';
import { MemoryLogDestination } from '../../platform/logger';
import { SUBGRAPHS, SubgraphName } from '../../platform/services';
import type { EventsBackground } from '../../subgraphs/events/src/background';
import { Backend, GraphQLResult, postGraphQL, testKeys } from './federation';

/**
 * The gateway in one system and the events subgraph in another, on a store that outlives it (a PGlite
 * directory, or a PostgreSQL database of its own), so a test can stop and restart the events
 * subgraph behind a running gateway, as an operator restarting one service would. The events
 * subgraph always comes back on the same port, where the gateway expects it. Only the events part of
 * the tiny city is seeded: these tests need nothing from the other subgraphs.
 */
export interface SplitFederation {
  queryAs<T = any>(claims: TokenClaims, query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>>;
  /** The events subgraph as it runs now. */
  events(): RunningSubgraph & { background: EventsBackground };
  stopEvents(): Promise<void>;
  startEvents(): Promise<void>;
  logs: MemoryLogDestination;
  stop(): Promise<void>;
}

export async function startSplitFederation(backend: Backend, now: () => Date): Promise<SplitFederation> {
  const keys = testKeys();
  const issuer = testKeys();
  const subjectDigestKey = randomBytes(32);
  const logs = new MemoryLogDestination();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-events-split-'));
  const serverUrl = process.env.GRIDSHARE_TEST_POSTGRES_URL;
  const database = `gridshare_events_split_${randomBytes(4).toString('hex')}`;
  const eventsStore: StoreLocation =
    backend === 'pglite' ? { kind: 'pglite', directory: path.join(scratch, 'events') } : { kind: 'postgres', serverUrl: serverUrl!, database };
  const common = { keys, subjectDigestKey, logDestination: logs, now, auditDirectory: path.join(scratch, 'audit') };

  let events: RunningSystem | undefined;
  let port = 0;
  let seeded = false;
  const startEvents = async () => {
    const ports = Object.fromEntries(SUBGRAPHS.map((s) => [s.name, 0])) as Record<SubgraphName, number>;
    events = await startSystem({
      ...common,
      config: loadConfig({ LOG_LEVEL: 'info' }, { dataDir: scratch, subgraphPorts: { ...ports, events: port } }),
      subgraphs: ['events'],
      gateway: false,
      storeFor: () => eventsStore,
      beforeListen: async (databases) => {
        if (seeded) return;
        await seedCity({ events: databases.events!.sql }, { scale: 'tiny', seed: 7 });
        seeded = true;
      },
    });
    port = events.subgraphs.events!.http.port;
  };
  await startEvents();

  const baseConfig = loadConfig({ LOG_LEVEL: 'info' }, { dataDir: scratch });
  const gateway = await startSystem({
    ...common,
    config: { ...baseConfig, subgraphUrls: { ...baseConfig.subgraphUrls, events: events!.subgraphs.events!.url } },
    subgraphs: [],
    ephemeralPorts: true,
    storeFor: (): StoreLocation => ({ kind: 'pglite' }),
    authenticate: createJwtAuthenticator({
      key: issuer.publicKey,
      issuer: DEVELOPMENT_ISSUER,
      audience: 'gridshare',
      departments: repositoryPolicies().departments,
    }),
    developmentIssuerKey: issuer.privateKey,
  });

  return {
    logs,
    async queryAs(claims, query, variables) {
      const token = await signDepartmentToken(issuer.privateKey, claims);
      return postGraphQL(gateway.gatewayUrl!, query, variables, { authorization: `Bearer ${token}` });
    },
    events: () => events!.subgraphs.events as RunningSubgraph & { background: EventsBackground },
    async stopEvents() {
      await events?.stop();
      events = undefined;
    },
    startEvents,
    async stop() {
      await gateway.stop();
      await events?.stop();
      if (backend === 'postgres') {
        const pool = new Pool({ connectionString: serverUrl, max: 1 });
        await pool.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).finally(() => pool.end());
      }
      fs.rmSync(scratch, { recursive: true, force: true });
    },
  };
}
