import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { loadConfig, DEVELOPMENT_ISSUER } from '../../../platform/config';
import { counterTotal } from '../../../platform/metrics';
import { startSystem } from '../../../runner/system/system';
import { createJwtAuthenticator } from '../../../gateway/src/auth';
import { repositoryPolicies } from '../../../access-policies/runtime/load';
import { envStem } from '../../../platform/services';
import type { RunningTarget } from './running-target';

export interface BenchSystemConfig {
  /** PostgreSQL server holding the seeded gridshare_<subgraph> databases. */
  databaseUrl: string;
  /** PEMs: the gateway's key pair (the bench signs caller tokens for direct subgraph calls) and the identity provider's public key. */
  gatewayPrivateKey: string;
  issuerPublicKey: string;
  audit: boolean;
  /**
   * `subgraphs`: every registered subgraph, no gateway (like `gridshare serve <subgraph>` each);
   * `gateway`: the gateway alone in front of subgraphs running elsewhere (`subgraphUrls`).
   */
  role: 'subgraphs' | 'gateway';
  subgraphUrls?: Record<string, string>;
  /** The audit trail's own database (each audited gateway gets a fresh one); default gridshare_audit. */
  auditDatabase?: string;
}

/** The real federation's services (startSystem) on PostgreSQL: the subgraphs in one process, the gateway in another. */
export async function startBenchSystem(config: BenchSystemConfig): Promise<RunningTarget> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-bench-system-'));
  const privateKey = createPrivateKey(config.gatewayPrivateKey);
  const authenticate = createJwtAuthenticator({
    key: createPublicKey(config.issuerPublicKey),
    issuer: DEVELOPMENT_ISSUER,
    audience: 'gridshare',
    departments: repositoryPolicies().departments,
  });
  const env: NodeJS.ProcessEnv = { DATABASE_URL: config.databaseUrl, LOG_LEVEL: 'info' };
  for (const [name, url] of Object.entries(config.subgraphUrls ?? {})) env[`GRIDSHARE_${envStem(name)}_URL`] = url;
  const system = await startSystem({
    config: loadConfig(env, { dataDir }),
    subgraphs: config.role === 'gateway' ? [] : undefined,
    gateway: config.role === 'gateway',
    ephemeralPorts: true,
    keys: { privateKey, publicKey: createPublicKey(privateKey) },
    auditDirectory: path.join(dataDir, 'audit-trail'),
    ...(config.auditDatabase
      ? {
          storeFor: (name: string) => ({
            kind: 'postgres' as const,
            serverUrl: config.databaseUrl,
            ...(name === 'audit' ? { database: config.auditDatabase } : {}),
          }),
        }
      : {}),
    audit: config.audit,
    authenticate,
  });
  const subgraphUrls = Object.fromEntries(Object.values(system.subgraphs).map((s) => [s!.name, s!.url]));
  return {
    ready: { url: system.gatewayUrl, subgraphUrls, audit: Boolean(system.audit) },
    methods: {
      sqlStatements: async () =>
        Object.fromEntries(await Promise.all(Object.values(system.subgraphs).map(async (s) => [s!.name, await counterTotal(s!.metrics.sqlStatements)]))),
      auditHead: () => system.audit?.writer.chainHead ?? null,
    },
    async stop() {
      await system.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
