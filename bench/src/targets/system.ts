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
import { BENCH_DAILY_QUOTA } from '../bench-quota';

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
  /**
   * `subgraphs`: the reference-check service tokens (by subgraph) the bench's identity provider signed,
   * as production gives them in GRIDSHARE_<SUBGRAPH>_SERVICE_TOKEN_FILE: the owners' writes check the
   * other registers through the gateway with them.
   */
  serviceTokens?: Record<string, string>;
}

/** Raises every quota of this process's policies to BENCH_DAILY_QUOTA: the ledger still runs, but never binds. */
function raiseQuotasForTheBench(): void {
  for (const department of repositoryPolicies().departments.values()) {
    for (const sensitivity of Object.keys(department.quotas) as (keyof typeof department.quotas)[]) department.quotas[sensitivity] = BENCH_DAILY_QUOTA;
  }
}

/** The real federation's services (startSystem) on PostgreSQL: the subgraphs in one process, the gateway in another. */
export async function startBenchSystem(config: BenchSystemConfig): Promise<RunningTarget> {
  // The gateway is the only holder of quotas (the subgraphs learn from its caller token what it refused).
  if (config.role === 'gateway') raiseQuotasForTheBench();
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
  for (const [name, token] of Object.entries(config.serviceTokens ?? {})) {
    const file = path.join(dataDir, `${name}-service.token`);
    fs.writeFileSync(file, token, { mode: 0o600 });
    env[`GRIDSHARE_${envStem(name)}_SERVICE_TOKEN_FILE`] = file;
  }
  const systemConfig = loadConfig(env, { dataDir });
  const system = await startSystem({
    config: systemConfig,
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
      /**
       * The gateway the subgraphs' reference checks call. It starts after them (it needs their URLs), on a
       * port of its own; the checker reads the configured URL at each check, so it is set here once known.
       */
      useGateway: ({ url }: { url: string }) => {
        (systemConfig as { gatewayUrl: string }).gatewayUrl = url;
        return true;
      },
      /** Today's quota use per department and sensitivity: proof that the raised quotas did not bind. */
      quotaUsage: async () => {
        const audit = system.audit;
        if (!audit) return {};
        const usage: Record<string, Record<string, number>> = {};
        for (const department of repositoryPolicies().departments.values()) {
          for (const sensitivity of Object.keys(department.quotas) as ('personal' | 'sensitive')[]) {
            const { used } = await audit.quotas.usage(department.id, sensitivity);
            if (used > 0) (usage[department.id] ??= {})[sensitivity] = used;
          }
        }
        return usage;
      },
    },
    async stop() {
      await system.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
