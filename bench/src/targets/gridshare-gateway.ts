import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { Supergraph } from '@apollo/federation-internals';
import { createGateway } from '../../../gateway/src/server';
import { createJwtAuthenticator } from '../../../gateway/src/auth';
import { GatewayAudit } from '../../../gateway/src/audit/gateway-audit';
import { AuditWriter } from '../../../audit-trail/audit-writer';
import { TrailFiles } from '../../../audit-trail/trail-files';
import { openDatabase, StoreLocation } from '../../../platform/database/open-database';
import { createLogger } from '../../../platform/logger';
import { createGatewayMetrics } from '../../../platform/metrics';
import { DEVELOPMENT_ISSUER } from '../../../platform/config';
import type { Policies } from '../../../access-policies/runtime/model';
import type { RunningTarget } from './running-target';

export const BENCH_DEPARTMENT = 'bench';

/** One department, granted everything: the contract is the whole API and no field is filtered. */
export function benchPolicies(): Policies {
  return {
    departments: new Map([[BENCH_DEPARTMENT, { id: BENCH_DEPARTMENT, name: '性能基准', nameEn: 'Benchmark', purposes: ['benchmark'], quotas: {}, roles: [] }]]),
    subgraphs: new Map(),
  };
}

export interface GridshareGatewayConfig {
  supergraphSdl: string;
  subgraphUrls: Record<string, string>;
  /** PEM of the identity provider's public key: the bench signs department tokens with its private half. */
  issuerPublicKey: string;
  /** Where the audit trail's database is; absent: the gateway serves without the audit (not used by the scenarios). */
  audit?: StoreLocation;
  host?: string;
}

/**
 * The gridshare gateway as deployed: JWT authentication, the department's contract validation and
 * the durable audit trail (a real AuditWriter: group commit into the audit database plus fsynced
 * NDJSON files in a temporary directory), in front of the static subgraphs.
 */
export async function startGridshareGateway(config: GridshareGatewayConfig): Promise<RunningTarget> {
  const logger = createLogger({ level: 'info' });
  const policies = benchPolicies();
  const gatewayKeys = generateKeyPairSync('ed25519');
  const stoppers: (() => Promise<void>)[] = [];
  let audit: GatewayAudit | undefined;
  let auditDirectory: string | undefined;
  if (config.audit) {
    const db = await openDatabase({
      subgraph: 'audit',
      location: config.audit,
      // The writer needs only SQL; the audit subgraph's Prisma client is not involved.
      createPrisma: () => ({ $disconnect: async () => undefined }),
    });
    stoppers.push(() => db.close());
    auditDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-bench-audit-'));
    const writer = new AuditWriter({
      sql: db.sql,
      files: new TrailFiles(auditDirectory),
      signingKey: gatewayKeys.privateKey,
      logger: logger.child({ service: 'audit-trail' }),
    });
    await writer.init();
    stoppers.push(() => writer.close());
    audit = new GatewayAudit({ writer, sql: db.sql, policies, logger: logger.child({ service: 'audit-trail' }), subjectDigestKey: randomBytes(32) });
    await audit.init();
  }
  const contract = Supergraph.build(config.supergraphSdl).apiSchema().toGraphQLJSSchema();
  const gateway = await createGateway({
    supergraphSdl: config.supergraphSdl,
    subgraphUrls: config.subgraphUrls,
    signingKey: gatewayKeys.privateKey,
    logger: logger.child({ service: 'gateway' }),
    metrics: createGatewayMetrics(),
    maxBodyBytes: 262_144,
    authenticate: createJwtAuthenticator({
      key: createPublicKey(config.issuerPublicKey),
      issuer: DEVELOPMENT_ISSUER,
      audience: 'gridshare',
      departments: policies.departments,
    }),
    contracts: new Map([[BENCH_DEPARTMENT, contract]]),
    audit,
  });
  const http = await gateway.listen(0, config.host ?? '127.0.0.1');
  return {
    ready: { url: `${http.url}/graphql`, auditDirectory },
    methods: {
      auditHead: () => audit?.writer.chainHead ?? null,
    },
    async stop() {
      await http.close();
      await gateway.stop();
      for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
      if (auditDirectory) fs.rmSync(auditDirectory, { recursive: true, force: true });
    },
  };
}
