import fs from 'node:fs';
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import type { DestinationStream } from 'pino';
import { Config, ConfigError } from '../../../subgraphs/kit/src/config';
import { createSubgraph } from '../../../subgraphs/kit/src/create-subgraph';
import { openDatabase, StoreLocation, SubgraphDatabase } from '../../../subgraphs/kit/src/database/open-database';
import type { RunningHttpService } from '../../../subgraphs/kit/src/http/serve';
import { KeyPair, loadOrCreateKeyPair, readPublicKey } from '../../../subgraphs/kit/src/keys';
import { createLogger, Logger } from '../../../subgraphs/kit/src/logger';
import { createServiceMetrics, ServiceMetrics } from '../../../subgraphs/kit/src/metrics';
import { SUBGRAPHS, SubgraphName } from '../../../subgraphs/kit/src/services';
import { readCommittedSupergraph } from '../../../schema/compose';
import { createGateway } from '../server';
import { Authenticator, createJwtAuthenticator } from '../auth';
import { tokenVerificationKey } from '../dev-tokens';
import { repositoryPolicies } from '../../../access-policies/compiler/load';
import { SUBGRAPH_MODULES } from './subgraph-registry';

export interface SystemOptions {
  config: Config;
  /** The subgraphs this process runs; the others are reached at their configured URLs. */
  subgraphs?: SubgraphName[];
  gateway?: boolean;
  /** Where each subgraph stores its data; defaults to the config (PGlite directories or PostgreSQL). */
  storeFor?: (name: SubgraphName) => StoreLocation;
  /** Listen on ports chosen by the OS (tests) instead of the configured ones. */
  ephemeralPorts?: boolean;
  keys?: KeyPair;
  /** The subgraphs' clock (tests inject one). */
  now?: () => Date;
  logDestination?: DestinationStream;
  authenticate?: Authenticator;
  /** Runs after the databases are open and before anything listens (first-start seeding). */
  beforeListen?: (databases: Partial<Record<SubgraphName, SubgraphDatabase<unknown>>>, logger: Logger) => Promise<void>;
}

export interface RunningSubgraph {
  name: SubgraphName;
  url: string;
  db: SubgraphDatabase<unknown>;
  metrics: ServiceMetrics;
  http: RunningHttpService;
}

export interface RunningSystem {
  gatewayUrl?: string;
  gatewayMetrics?: ServiceMetrics;
  subgraphs: Partial<Record<SubgraphName, RunningSubgraph>>;
  logger: Logger;
  stop(): Promise<void>;
}

export function defaultStore(config: Config, name: SubgraphName): StoreLocation {
  return config.databaseUrl
    ? { kind: 'postgres', serverUrl: config.databaseUrl }
    : { kind: 'pglite', directory: path.join(config.dataDir, name) };
}

const GATEWAY_KEY_NAME = 'gateway-caller';

/**
 * The gateway's key pair is made on its first start; a subgraph running in its own process needs
 * only the public half, and refuses to start without it rather than serving unverifiable callers.
 */
function resolveKeys(config: Config, withGateway: boolean): { privateKey?: KeyObject; publicKey: KeyObject } {
  const directory = path.join(config.dataDir, 'keys');
  if (withGateway) return loadOrCreateKeyPair(directory, GATEWAY_KEY_NAME);
  const publicKeyFile = path.join(directory, `${GATEWAY_KEY_NAME}.public.pem`);
  if (!fs.existsSync(publicKeyFile)) {
    throw new ConfigError(
      `no gateway public key at ${publicKeyFile}: start the gateway once with this data directory, or copy its public key there`,
    );
  }
  return { publicKey: readPublicKey(publicKeyFile) };
}

/** Opens each subgraph's database, serves each subgraph, then the gateway in front of them. */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const { config } = options;
  const names = options.subgraphs ?? SUBGRAPHS.map((s) => s.name);
  const logger = createLogger({ level: config.logLevel, destination: options.logDestination });
  const keys = options.keys ?? resolveKeys(config, options.gateway !== false);
  const storeFor = options.storeFor ?? ((name: SubgraphName) => defaultStore(config, name));
  const stoppers: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stoppers.reverse()) await s().catch((err) => logger.error({ event: 'system.stop_failed', err }, 'stop failed'));
    stoppers.length = 0;
  };
  try {
    const databases: Partial<Record<SubgraphName, SubgraphDatabase<unknown>>> = {};
    const metricsBy: Partial<Record<SubgraphName, ServiceMetrics>> = {};
    await Promise.all(
      names.map(async (name) => {
        const metrics = createServiceMetrics(name);
        const module = SUBGRAPH_MODULES[name];
        const db = await openDatabase({
          subgraph: name,
          location: storeFor(name),
          createPrisma: module.createPrisma,
          onStatement: (kind) => metrics.sqlStatements.inc({ subgraph: name, kind }),
        });
        stoppers.push(() => db.close());
        databases[name] = db;
        metricsBy[name] = metrics;
      }),
    );
    await options.beforeListen?.(databases, logger);

    const subgraphs: Partial<Record<SubgraphName, RunningSubgraph>> = {};
    for (const name of names) {
      const serviceLogger = logger.child({ service: name });
      const subgraph = await createSubgraph(SUBGRAPH_MODULES[name].definition, {
        db: databases[name] as never,
        logger: serviceLogger,
        metrics: metricsBy[name]!,
        gatewayPublicKey: keys.publicKey,
        maxBodyBytes: config.maxBodyBytes,
        now: options.now,
      });
      const http = await subgraph.listen(options.ephemeralPorts ? 0 : config.subgraphPorts[name], config.host);
      stoppers.push(async () => {
        await http.close();
        await subgraph.apollo.stop();
      });
      subgraphs[name] = { name, url: `${http.url}/graphql`, db: databases[name]!, metrics: metricsBy[name]!, http };
      serviceLogger.info({ event: 'service.listening', url: http.url }, `${name} subgraph listening`);
    }

    let gatewayUrl: string | undefined;
    let gatewayMetrics: ServiceMetrics | undefined;
    if (options.gateway !== false) {
      gatewayMetrics = createServiceMetrics('gateway', { processMetrics: !options.ephemeralPorts });
      const subgraphUrls = { ...config.subgraphUrls };
      for (const running of Object.values(subgraphs)) subgraphUrls[running.name] = running.url;
      const gateway = await createGateway({
        supergraphSdl: readCommittedSupergraph(),
        subgraphUrls,
        signingKey: keys.privateKey!,
        logger: logger.child({ service: 'gateway' }),
        metrics: gatewayMetrics,
        maxBodyBytes: config.maxBodyBytes,
        authenticate:
          options.authenticate ??
          createJwtAuthenticator({
            key: tokenVerificationKey(config),
            issuer: config.jwt.issuer,
            audience: config.jwt.audience,
            departments: repositoryPolicies().departments,
          }),
      });
      const http = await gateway.listen(options.ephemeralPorts ? 0 : config.gatewayPort, config.host);
      stoppers.push(async () => {
        await http.close();
        await gateway.stop();
      });
      gatewayUrl = `${http.url}/graphql`;
      logger.info({ event: 'service.listening', service: 'gateway', url: http.url }, 'gateway listening');
    }
    return { gatewayUrl, gatewayMetrics, subgraphs, logger, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
