import type { IncomingMessage } from 'node:http';
import { NO_QUOTA_EXHAUSTED } from '../../platform/caller';
import type { KeyObject } from 'node:crypto';
import { SharedPersistedQueries } from './persisted-queries';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGateway } from '@apollo/gateway';
import { CallerTokenSigner } from '../../platform/caller-token';
import type { SigningKey } from '../../platform/key-set';
import { createErrorFormatter } from '../../platform/error-masking';
import { createHttpHandler, createNodeServer, HttpServiceOptions, listen, RunningHttpService, sentRequestId } from '../../platform/http/serve';
import type { Logger } from '../../platform/logger';
import type { GatewayMetrics } from '../../platform/metrics';
import type { GraphQLSchema } from 'graphql';
import type { GatewayAudit } from './audit/gateway-audit';
import { auditPlugin } from './plugins/audit';
import { Authenticator, refusedCaller } from './auth';
import { ExchangeState, refusalRecorder } from './audit/refusals';
import { contractPlugin, loadContracts } from './plugins/contract';
import { operationLimits } from './plugins/limits';
import type { GatewayContext } from './context';
import { SignedSubgraphDataSource, SubgraphTimeouts } from './subgraph-client';
import { SubgraphHttpClient } from './subgraph-http';
import type { RequestDrain } from '../../platform/http/drain';
import { requestLoggingPlugin } from './plugins/request-logging';
import { rowErrorsPlugin } from './plugins/row-errors';
import { metricsPlugin } from './plugins/metrics';
import { authFailureKind } from './auth';

export interface GatewayOptions {
  supergraphSdl: string;
  /** Where each subgraph is reached; overrides the URLs written in the supergraph. */
  subgraphUrls: Record<string, string>;
  /** Signs the caller tokens; a key of the set names its key id in each. */
  signingKey: KeyObject | SigningKey;
  logger: Logger;
  metrics: GatewayMetrics;
  maxBodyBytes: number;
  authenticate: Authenticator;
  /** Per-department contract schemas; defaults to the committed ones. */
  contracts?: Map<string, GraphQLSchema>;
  /** The audit trail; without it the gateway serves unaudited (only the benchmark's baseline does). */
  audit?: GatewayAudit;
  /** Web origins whose browser apps may call; none by default (preflights are refused naming the setting). */
  corsOrigins?: readonly string[];
  /** How long one subgraph fetch may take before the answer goes without it; unbounded when not given. */
  subgraphTimeouts?: SubgraphTimeouts;
  /**
   * Whether the gateway can serve: its audit store answers. Never whether the subgraphs are up: one
   * subgraph down would take every replica out of the load balancer and defeat partial answers.
   */
  ready?: () => Promise<boolean>;
  drain?: RequestDrain;
  /** Routes besides /graphql and the probes (the auditors' console). */
  routes?: HttpServiceOptions<GatewayContext>['routes'];
}

export interface Gateway {
  apollo: ApolloServer<GatewayContext>;
  handler: ReturnType<typeof createHttpHandler>;
  listen(port: number, host: string): Promise<RunningHttpService>;
  stop(): Promise<void>;
}

/**
 * Subgraphs whose answers to a query can carry the request id (the audit subgraph's citizen report
 * names it as its reference): one fetch shared by two operations would hand the second the first's.
 */
const ANSWERS_CARRY_THE_REQUEST_ID = new Set(['audit']);

export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const { logger } = options;
  const signer = new CallerTokenSigner(options.signingKey);
  // One pool of keep-alive connections per gateway, shared by its subgraphs' data sources.
  const subgraphHttp = new SubgraphHttpClient();
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => {
      const target = options.subgraphUrls[name] ?? url;
      if (!target) throw new Error(`no URL configured for subgraph ${name}`);
      return new SignedSubgraphDataSource({
        subgraph: name,
        url: target,
        signer,
        logger,
        client: subgraphHttp,
        timeouts: options.subgraphTimeouts,
        shareInFlight: !ANSWERS_CARRY_THE_REQUEST_ID.has(name),
        fetches: options.metrics.subgraphFetches,
        fetchSeconds: options.metrics.subgraphFetchSeconds,
      });
    },
    logger: logger.child({ component: 'apollo-gateway' }) as never,
  });
  const limits = operationLimits();
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
    // Apollo would validate against the whole supergraph before any plugin runs, and its errors name
    // what the caller's contract hides; contractPlugin validates against the contract first instead.
    dangerouslyDisableValidation: true,
    // Introspection is answered from the caller's contract (contractPlugin), in production too.
    introspection: true,
    parseOptions: limits.parseOptions,
    // Shared by every replica through the gateway's database; without one (the benchmark's unaudited
    // baseline) Apollo's in-memory cache.
    ...(options.audit ? { persistedQueries: { cache: new SharedPersistedQueries(options.audit.sql, logger) } } : {}),
    // The process stops its services in order (the audit trail's last checkpoint included); Apollo's own
    // handlers would stop only this server and then re-send the signal, killing the process midway.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // No cache hints are used; the default cache control plugin would hook every field of every answer.
      ApolloServerPluginCacheControlDisabled(),
      ...limits.plugins,
      requestLoggingPlugin(),
      contractPlugin(options.contracts ?? loadContracts(), limits.validationRules),
      ...(options.audit ? [auditPlugin(options.audit)] : []),
      // After the audit plugin: the trail keeps the errors as the subgraphs sent them.
      rowErrorsPlugin(),
      // Last: it counts the errors as they are sent.
      metricsPlugin(options.metrics),
    ],
  });
  await apollo.start();
  const authenticate = options.authenticate;
  const states = new WeakMap<IncomingMessage, ExchangeState>();
  const context = async (request: IncomingMessage, requestId: string): Promise<GatewayContext> => {
    const startedAt = process.hrtime.bigint();
    let caller;
    try {
      caller = await authenticate(request);
    } catch (error) {
      // Answered by Apollo without running plugins; the refusal recorder writes its record.
      states.set(request, { caller: refusedCaller(error) });
      const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
      options.metrics.authFailures.inc({ code: typeof code === 'string' ? code : 'OTHER', kind: authFailureKind(error) });
      throw error;
    }
    // The daily quotas are reserved per operation, just before it runs (auditPlugin).
    const clientRequestId = sentRequestId(request) ?? null;
    const contextValue: GatewayContext = {
      requestId,
      clientRequestId,
      caller,
      quota: NO_QUOTA_EXHAUSTED,
      logger: logger.child({ requestId, ...(clientRequestId ? { clientRequestId } : {}) }),
      accesses: [],
      startedAt,
      auditing: { recorded: false },
    };
    states.set(request, { context: contextValue });
    return contextValue;
  };
  const handler = createHttpHandler({
    service: 'gateway',
    apollo,
    context,
    logger,
    metrics: options.metrics,
    maxBodyBytes: options.maxBodyBytes,
    ready: options.ready,
    drain: options.drain,
    routes: options.routes,
    // Never the client's: a chosen id could file a record under another request's id.
    requestIds: 'assign',
    cors: { origins: options.corsOrigins ?? [], setting: 'GRIDSHARE_CORS_ORIGINS' },
    browserPage: options.routes ? '/console/explorer' : undefined,
    beforeSend: options.audit ? refusalRecorder(options.audit, authenticate, states, logger) : undefined,
  });
  return {
    apollo,
    handler,
    listen: (port, host) => listen(createNodeServer(handler), port, host),
    async stop() {
      await apollo.stop();
      subgraphHttp.close();
    },
  };
}
