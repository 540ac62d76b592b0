import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import type { DestinationStream } from 'pino';
import type { Config } from '../../platform/config';
import { BackgroundWork, createSubgraph } from '../../subgraphs/kit/src/create-subgraph';
import { openDatabase, readingView, StoreLocation, SubgraphDatabase } from '../../platform/database/open-database';
import type { RunningHttpService } from '../../platform/http/serve';
import { loadCallerKeys } from '../../platform/key-files';
import type { KeySet, SigningKey } from '../../platform/key-set';
import { createLogger, Logger } from '../../platform/logger';
import { createGatewayMetrics, createProcessRegistry, createServiceMetrics, GatewayMetrics, ServiceMetrics } from '../../platform/metrics';
import { serveMetrics } from '../../platform/http/metrics-server';
import { SUBGRAPHS, SubgraphName } from '../../platform/services';
import { readCommittedSupergraph } from '../../platform/schema-artifacts';
import { createGateway } from '../../gateway/src/server';
import { Authenticator, createJwtAuthenticator } from '../../gateway/src/auth';
import { tokenVerificationKey } from '../../gateway/src/dev-tokens';
import { PolicyError, repositoryPolicies } from '../../access-policies/runtime/load';
import { validatePolicies } from '../../access-policies/compiler/validate';
import { subgraphModule } from './subgraph-registry';
import { GatewayAudit } from '../../gateway/src/audit/gateway-audit';
import { AuditWriter } from '../../audit-trail/audit-writer';
import { keepMonthPartitions } from '../../audit-trail/trail-partitions';
import { moveLegacyTrailFiles, TrailFiles } from '../../audit-trail/trail-files';
import { openWitness } from '../../audit-trail/witness';
import { createAuditPrisma } from '../../subgraphs/audit/src/prisma';
import { loadOrCreateSubjectDigestKey } from '../../audit-trail/subject-digest';
import { repoPath } from '../../platform/repo-root';
import { consoleRoutes } from '../../gateway/console-server/serve-console';
import { developmentTokenIssuer } from '../../gateway/console-server/development-tokens';
import type { FeedFollower } from '../../subgraphs/events/src/feeds/follower';
import { startFeedFollower } from './feed-follower';
import { checksReferences, referenceCheckerFor } from './reference-checks';
import { RequestDrain } from '../../platform/http/drain';
import { databaseAnswers } from '../../platform/database/database-answers';

export interface SystemOptions {
  config: Config;
  /** The subgraphs this process runs; the others are reached at their configured URLs. */
  subgraphs?: SubgraphName[];
  gateway?: boolean;
  /** Where each subgraph stores its data; defaults to the config (PGlite directories or PostgreSQL). */
  storeFor?: (name: SubgraphName) => StoreLocation;
  /** Listen on ports chosen by the OS (tests) instead of the configured ones. */
  ephemeralPorts?: boolean;
  /** The gateway's signing key and the key set verifiers accept (tests: a bare key pair). */
  keys?: { privateKey?: KeyObject | SigningKey; publicKey: KeyObject | KeySet };
  subjectDigestKey?: Buffer;
  /** The subgraphs' clock (tests inject one). */
  now?: () => Date;
  /** The audit trail's clock (record times, checkpoints, day files, quota days); real time unless a test injects one. */
  auditNow?: () => Date;
  logDestination?: DestinationStream;
  authenticate?: Authenticator;
  /** Where the NDJSON copy of the audit trail goes; defaults to the config's (<data dir>/audit-trail). */
  auditDirectory?: string;
  /** Where checkpoint heads are witnessed (a file path or a postgres:// URL); defaults to the config's. */
  auditWitness?: string;
  /** Off only for the benchmark's unaudited baseline. */
  audit?: boolean;
  /** A signed checkpoint after this many audit records, and at least this often (defaults: the config's). */
  checkpointEvery?: number;
  checkpointIntervalMs?: number;
  /** The development issuer's private key for the console's development identities (tests bring their own). */
  developmentIssuerKey?: KeyObject;
  /** Runs after the databases are open and before anything listens (first-start seeding). */
  beforeListen?: (databases: Partial<Record<SubgraphName, SubgraphDatabase<unknown>>>, logger: Logger) => Promise<void>;
}

export interface RunningSubgraph {
  name: SubgraphName;
  url: string;
  db: SubgraphDatabase<unknown>;
  metrics: ServiceMetrics;
  http: RunningHttpService;
  /** The subgraph's background work (the events sweep and webhook deliverer), for tests that move the clock. */
  background?: BackgroundWork;
}

export interface RunningSystem {
  gatewayUrl?: string;
  /**
   * The console's development sign-in link with this run's secret; only while no identity provider
   * is configured. The operator's to open: it is printed, never served.
   */
  developmentSignIn?: string;
  audit?: GatewayAudit;
  gatewayMetrics?: GatewayMetrics;
  /** The process's Prometheus metrics (every service here), on their own listener (GRIDSHARE_METRICS_HOST/PORT). */
  metricsUrl: string;
  subgraphs: Partial<Record<SubgraphName, RunningSubgraph>>;
  /** The events subgraph's follower of the owners' change feeds, when events runs here and has a token. */
  feedFollower?: FeedFollower;
  logger: Logger;
  /**
   * Stops in order: no service is ready any more, the gateway's requests in flight are answered (up to
   * the shutdown grace), then the subgraphs', then servers close, the trail takes its last
   * checkpoint and the stores close.
   */
  stop(): Promise<void>;
}

/**
 * The gateway writes the trail into the audit subgraph's database: the same PGlite instance when
 * that subgraph runs in this process (PGlite allows one process per directory), else its own
 * connections to the audit database on PostgreSQL.
 */
async function openGatewayAudit(
  options: SystemOptions,
  databases: Partial<Record<string, SubgraphDatabase<unknown>>>,
  storeFor: (name: SubgraphName) => StoreLocation,
  signingKey: KeyObject | SigningKey,
  subjectDigestKey: Buffer,
  logger: Logger,
  stoppers: (() => Promise<void>)[],
  metrics: GatewayMetrics,
): Promise<GatewayAudit> {
  const { config } = options;
  // PGlite is one instance per directory, shared; on PostgreSQL the writer has its own pool with its
  // own timeouts, so auditors' long queries and the writer's short ones are bounded apart.
  let db = databases.audit?.kind === 'pglite' ? databases.audit : undefined;
  if (!db) {
    db = await openDatabase({
      subgraph: 'audit',
      location: storeFor('audit' as SubgraphName),
      createPrisma: createAuditPrisma,
      queryTimeoutMs: AUDIT_QUERY_TIMEOUT_MS,
    });
    stoppers.push(() => db!.close());
  }
  const trailLogger = logger.child({ service: 'audit-trail' });
  // Before the first record: this month and the next have their partitions (audit-trail/trail-partitions.ts).
  const partitions = await keepMonthPartitions({ sql: db.sql, logger: trailLogger, now: options.auditNow });
  stoppers.push(() => partitions.stop());
  const directory = trailDirectory(options);
  if (!options.auditDirectory) moveLegacyTrailFiles(path.join(config.dataDir, 'audit'), directory, trailLogger);
  const writer = new AuditWriter({
    sql: db.sql,
    files: new TrailFiles(directory),
    signingKey,
    logger: trailLogger,
    checkpointEvery: options.checkpointEvery ?? config.auditCheckpointRecords,
    checkpointIntervalMs: options.checkpointIntervalMs ?? config.auditCheckpointSeconds * 1000,
    witness: openWitness(options.auditWitness ?? config.auditWitness),
    now: options.auditNow,
    observer: {
      committed: (records, seconds) => {
        metrics.auditCommits.observe({ outcome: 'committed' }, seconds);
        metrics.auditRecords.inc({ outcome: 'committed' }, records);
      },
      refused: (records, seconds) => {
        metrics.auditCommits.observe({ outcome: 'refused' }, seconds);
        metrics.auditRecords.inc({ outcome: 'refused' }, records);
      },
    },
  });
  await writer.init();
  // Closed after the gateway stops taking requests: the last checkpoint seals everything answered.
  stoppers.push(() => writer.close());
  const audit = new GatewayAudit({ writer, sql: db.sql, policies: repositoryPolicies(), logger: trailLogger, subjectDigestKey, now: options.auditNow });
  await audit.init();
  return audit;
}

/**
 * PostgreSQL: an audit statement that has not answered in this time fails, so that a hung database
 * turns into 503 AUDIT_UNAVAILABLE instead of requests that never end.
 */
const AUDIT_QUERY_TIMEOUT_MS = 10_000;

function trailDirectory(options: SystemOptions): string {
  return options.auditDirectory ?? options.config.auditTrailDir;
}

/**
 * A subgraph is ready when its primary answers: without it, it can only answer errors. Its read standby
 * is checked too, but a standby that does not answer only moves reads to the primary (read-replica.ts):
 * taking every replica of the subgraph out of the load balancer for it would turn a slower subgraph
 * into a missing one. /ready's detail says where reads go.
 */
async function databasesAnswer(db: SubgraphDatabase<unknown>): Promise<boolean> {
  const [primary, standby] = await Promise.all([databaseAnswers(db.sql), db.reader ? databaseAnswers(db.reader.standby) : true]);
  if (db.reader) {
    if (standby) db.reader.health.answered();
    else db.reader.health.failed(new Error('the standby did not answer the readiness check'));
  }
  return primary;
}

export function defaultStore(config: Config, name: SubgraphName): StoreLocation {
  return config.databaseUrl
    ? { kind: 'postgres', serverUrl: config.databaseUrl, readServerUrl: config.databaseReadUrls[name] }
    : { kind: 'pglite', directory: path.join(config.dataDir, name) };
}

/**
 * The gateway's key pair is made on its first start (platform/key-files.ts: the key set once a key was
 * rotated in); a subgraph running in its own process needs only the public keys, and refuses to start
 * without them rather than serving unverifiable callers.
 */
function resolveKeys(config: Config, withGateway: boolean): { privateKey?: SigningKey; publicKey: KeySet } {
  const { signing, keys } = loadCallerKeys(path.join(config.dataDir, 'keys'), { signer: withGateway });
  return { privateKey: signing, publicKey: keys };
}

/** Opens each subgraph's database, serves each subgraph, then the gateway in front of them. */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const { config } = options;
  const names = options.subgraphs ?? SUBGRAPHS.map((s) => s.name);
  // The whole policy check, masks that other fields undo included, before anything serves: a policy
  // edited without `gridshare compose` never reaches a caller.
  const policyProblems = validatePolicies(
    repositoryPolicies(),
    SUBGRAPHS.map((s) => s.name),
  );
  if (policyProblems.length > 0) throw new PolicyError(`the access policies are invalid:\n${policyProblems.join('\n')}`);
  const logger = createLogger({ level: config.logLevel, destination: options.logDestination });
  const keys = options.keys ?? resolveKeys(config, options.gateway !== false);
  const subjectDigestKey = options.subjectDigestKey ?? loadOrCreateSubjectDigestKey(path.join(config.dataDir, 'keys'));
  const storeFor = options.storeFor ?? ((name: SubgraphName) => defaultStore(config, name));
  const stoppers: (() => Promise<void>)[] = [];
  // The gateway first: its requests in flight still need the subgraphs of this process.
  const gatewayDrain = new RequestDrain();
  const subgraphDrains: RequestDrain[] = [];
  const stop = async () => {
    const deadline = Date.now() + config.shutdownGraceSeconds * 1000;
    for (const drain of [gatewayDrain, ...subgraphDrains]) {
      const inFlight = drain.requestsInFlight;
      if (!(await drain.drain(deadline))) {
        logger.warn(
          { event: 'system.drain_timeout', inFlight: drain.requestsInFlight, graceSeconds: config.shutdownGraceSeconds },
          'requests still in flight at the end of the shutdown grace are cut',
        );
      } else if (inFlight > 0) {
        logger.info({ event: 'system.drained', inFlight }, 'requests in flight answered');
      }
    }
    for (const s of stoppers.reverse()) await s().catch((err) => logger.error({ event: 'system.stop_failed', err }, 'stop failed'));
    stoppers.length = 0;
  };
  try {
    const databases: Partial<Record<SubgraphName, SubgraphDatabase<unknown>>> = {};
    const metricsBy: Partial<Record<SubgraphName, ServiceMetrics>> = {};
    await Promise.all(
      names.map(async (name) => {
        const metrics = createServiceMetrics(name);
        const module = subgraphModule(name);
        const db = await openDatabase({
          subgraph: name,
          location: storeFor(name),
          createPrisma: module.createPrisma,
          onStatement: (kind) => metrics.sqlStatements.inc({ subgraph: name, kind }),
          logger: logger.child({ service: name }),
        });
        stoppers.push(() => db.close());
        databases[name] = db;
        metricsBy[name] = metrics;
      }),
    );
    await options.beforeListen?.(databases, logger);

    const subgraphs: Partial<Record<SubgraphName, RunningSubgraph>> = {};
    // Set once the gateway listens, after the subgraphs: the reference checks resolve it per call.
    let gatewayUrl: string | undefined;
    for (const name of names) {
      const serviceLogger = logger.child({ service: name });
      const references = referenceCheckerFor(name, config, () => gatewayUrl ?? config.gatewayUrl, options.developmentIssuerKey);
      if (!references && checksReferences(name)) {
        serviceLogger.warn(
          { event: 'records.reference_check_disabled' },
          `no service token for ${name}'s reference checks: set GRIDSHARE_${name.toUpperCase().replace('-', '_')}_SERVICE_TOKEN_FILE; writes naming other registers' records are refused`,
        );
      }
      const drain = new RequestDrain();
      subgraphDrains.push(drain);
      const db = databases[name]!;
      const subgraph = await createSubgraph(subgraphModule(name).definition, {
        db: db as never,
        readDb: db.reader ? (readingView(db) as never) : undefined,
        drain,
        ready: () => databasesAnswer(db),
        readyDetail: db.reader ? () => db.reader!.health.describe() : undefined,
        logger: serviceLogger,
        metrics: metricsBy[name]!,
        gatewayPublicKey: keys.publicKey,
        maxBodyBytes: config.maxBodyBytes,
        now: options.now,
        subjectDigestKey,
        trailDirectory: trailDirectory(options),
        auditWitness: options.auditWitness ?? config.auditWitness,
        references,
      });
      const http = await subgraph.listen(options.ephemeralPorts ? 0 : config.subgraphPorts[name], config.host);
      stoppers.push(async () => {
        await http.close();
        await subgraph.apollo.stop();
      });
      subgraphs[name] = { name, url: `${http.url}/graphql`, db: databases[name]!, metrics: metricsBy[name]!, http, background: subgraph.background };
      serviceLogger.info({ event: 'service.listening', url: http.url }, `${name} subgraph listening`);
    }

    let developmentSignIn: string | undefined;
    let audit: GatewayAudit | undefined;
    const gatewayMetrics = options.gateway !== false ? createGatewayMetrics() : undefined;
    if (gatewayMetrics && options.audit !== false) {
      audit = await openGatewayAudit(options, databases, storeFor, keys.privateKey!, subjectDigestKey, logger, stoppers, gatewayMetrics);
    }
    if (gatewayMetrics) {
      const subgraphUrls = { ...config.subgraphUrls };
      for (const running of Object.values(subgraphs)) subgraphUrls[running.name] = running.url;
      const authenticate =
        options.authenticate ??
        createJwtAuthenticator({
          key: tokenVerificationKey(config),
          issuer: config.jwt.issuer,
          audience: config.jwt.audience,
          departments: repositoryPolicies().departments,
        });
      const developmentTokens = developmentTokenIssuer(config, options.developmentIssuerKey);
      const gateway = await createGateway({
        supergraphSdl: readCommittedSupergraph(),
        subgraphUrls,
        signingKey: keys.privateKey!,
        logger: logger.child({ service: 'gateway' }),
        metrics: gatewayMetrics,
        maxBodyBytes: config.maxBodyBytes,
        corsOrigins: config.corsOrigins,
        audit,
        subgraphTimeouts: { queryMs: config.subgraphTimeoutSeconds * 1000, mutationMs: config.subgraphMutationTimeoutSeconds * 1000 },
        drain: gatewayDrain,
        ready: async () => (audit ? databaseAnswers(audit.sql) : true),
        authenticate,
        routes: consoleRoutes({
          distDir: repoPath('dist', 'console'),
          authenticate,
          developmentTokens,
          logger: logger.child({ service: 'gateway' }),
        }),
      });
      const http = await gateway.listen(options.ephemeralPorts ? 0 : config.gatewayPort, config.host);
      stoppers.push(async () => {
        await http.close();
        await gateway.stop();
      });
      gatewayUrl = `${http.url}/graphql`;
      developmentSignIn = developmentTokens?.signInLink(http.url);
      logger.info({ event: 'service.listening', service: 'gateway', url: http.url }, 'gateway listening');
    }
    let feedFollower: FeedFollower | undefined;
    if (databases.events) {
      // After the gateway listens: the follower reads the owners' feeds through it, as a client.
      const started = startFeedFollower({
        config,
        db: databases.events,
        gatewayUrl: gatewayUrl ?? config.gatewayUrl,
        supergraphSdl: readCommittedSupergraph(),
        logger,
        now: options.now ?? (() => new Date()),
        poll: options.now === undefined,
        developmentIssuerKey: options.developmentIssuerKey,
      });
      // Stopped first (stoppers run in reverse): no read is in flight when the gateway closes.
      stoppers.push(() => started.stop());
      feedFollower = started.follower;
    }
    // Tests start many systems in one process: the process's figures are left out there.
    const registries = [...Object.values(metricsBy), ...(gatewayMetrics ? [gatewayMetrics] : [])].map((m) => m.registry);
    if (!options.ephemeralPorts) registries.push(createProcessRegistry());
    const metricsServer = await serveMetrics(() => registries, options.ephemeralPorts ? 0 : config.metricsPort, config.metricsHost).catch(
      (error: NodeJS.ErrnoException) => {
        throw error.code === 'EADDRINUSE'
          ? new Error(`the metrics port ${config.metricsHost}:${config.metricsPort} is taken: set GRIDSHARE_METRICS_PORT to a free port (0: any)`)
          : error;
      },
    );
    // Pushed last, so closed first: the figures of a stopping process are not scraped as if it served.
    stoppers.push(() => metricsServer.close());
    const metricsUrl = `${metricsServer.url}/metrics`;
    logger.info({ event: 'metrics.listening', url: metricsUrl }, 'metrics listening');
    return { gatewayUrl, developmentSignIn, gatewayMetrics, metricsUrl, audit, subgraphs, feedFollower, logger, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
