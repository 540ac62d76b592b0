import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { loadConfig, DEVELOPMENT_ISSUER } from '../../../subgraphs/kit/src/config';
import { counterTotal } from '../../../subgraphs/kit/src/metrics';
import { startSystem } from '../../../gateway/src/system/system';
import { createJwtAuthenticator } from '../../../gateway/src/auth';
import { repositoryPolicies } from '../../../access-policies/compiler/load';
import type { RunningTarget } from './child';

export interface BenchSystemConfig {
  /** PostgreSQL server holding the seeded gridshare_<subgraph> databases. */
  databaseUrl: string;
  /** PEMs: the gateway's key pair (the bench signs caller tokens for direct subgraph calls) and the identity provider's public key. */
  gatewayPrivateKey: string;
  issuerPublicKey: string;
  audit: boolean;
}

/** The real federation in one process (startSystem): every registered subgraph and the gateway, on PostgreSQL. */
export async function startBenchSystem(config: BenchSystemConfig): Promise<RunningTarget> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-bench-system-'));
  const privateKey = createPrivateKey(config.gatewayPrivateKey);
  const system = await startSystem({
    config: loadConfig({ DATABASE_URL: config.databaseUrl, LOG_LEVEL: 'info' }, { dataDir }),
    ephemeralPorts: true,
    keys: { privateKey, publicKey: createPublicKey(privateKey) },
    auditDirectory: path.join(dataDir, 'audit'),
    audit: config.audit,
    authenticate: createJwtAuthenticator({
      key: createPublicKey(config.issuerPublicKey),
      issuer: DEVELOPMENT_ISSUER,
      audience: 'gridshare',
      departments: repositoryPolicies().departments,
    }),
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
