import type { IncomingMessage } from 'node:http';
import type { KeyObject } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGateway } from '@apollo/gateway';
import { CallerTokenSigner } from '../../subgraphs/kit/src/caller-token';
import { createErrorFormatter } from '../../subgraphs/kit/src/error-masking';
import { createHttpHandler, createNodeServer, HttpServiceOptions, listen, RunningHttpService } from '../../subgraphs/kit/src/http/serve';
import type { Logger } from '../../subgraphs/kit/src/logger';
import type { ServiceMetrics } from '../../subgraphs/kit/src/metrics';
import type { GraphQLError, GraphQLSchema } from 'graphql';
import type { GatewayAudit } from './audit/gateway-audit';
import { auditPlugin } from './plugins/audit';
import type { Authenticator } from './auth';
import { contractPlugin, loadContracts } from './plugins/contract';
import { operationLimits } from './plugins/limits';
import type { GatewayContext } from './context';
import { SignedSubgraphDataSource } from './subgraph-client';
import { requestLoggingPlugin } from './plugins/request-logging';

export interface GatewayOptions {
  supergraphSdl: string;
  /** Where each subgraph is reached; overrides the URLs written in the supergraph. */
  subgraphUrls: Record<string, string>;
  signingKey: KeyObject;
  logger: Logger;
  metrics: ServiceMetrics;
  maxBodyBytes: number;
  authenticate: Authenticator;
  /** Per-department contract schemas; defaults to the committed ones. */
  contracts?: Map<string, GraphQLSchema>;
  /** The audit trail; without it the gateway serves unaudited (only the benchmark's baseline does). */
  audit?: GatewayAudit;
  /** Routes besides /graphql and the probes (the auditors' console). */
  routes?: HttpServiceOptions<GatewayContext>['routes'];
}

export interface Gateway {
  apollo: ApolloServer<GatewayContext>;
  handler: ReturnType<typeof createHttpHandler>;
  listen(port: number, host: string): Promise<RunningHttpService>;
  stop(): Promise<void>;
}

export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const { logger } = options;
  const signer = new CallerTokenSigner(options.signingKey);
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => {
      const target = options.subgraphUrls[name] ?? url;
      if (!target) throw new Error(`no URL configured for subgraph ${name}`);
      return new SignedSubgraphDataSource(name, target, signer, logger);
    },
    logger: logger.child({ component: 'apollo-gateway' }) as never,
  });
  const armor = operationLimits();
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
    // The process stops its services in order (the audit trail's last checkpoint included); Apollo's own
    // handlers would stop only this server and then re-send the signal, killing the process midway.
    stopOnTerminationSignals: false,
    validationRules: armor.validationRules,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ...armor.plugins,
      requestLoggingPlugin(),
      contractPlugin(options.contracts ?? loadContracts()),
      ...(options.audit ? [auditPlugin(options.audit)] : []),
    ],
  });
  await apollo.start();
  const authenticate = options.authenticate;
  const context = async (request: IncomingMessage, requestId: string): Promise<GatewayContext> => {
    const startedAt = process.hrtime.bigint();
    let caller;
    try {
      caller = await authenticate(request);
    } catch (error) {
      await auditRefusal(options.audit, request, requestId, startedAt, error);
      throw error;
    }
    const exhausted = options.audit?.quotas.exhausted(caller.department) ?? [];
    return {
      requestId,
      caller: exhausted.length > 0 ? { ...caller, exhausted } : caller,
      logger: logger.child({ requestId }),
      accesses: [],
      startedAt,
    };
  };
  const handler = createHttpHandler({
    service: 'gateway',
    apollo,
    context,
    logger,
    metrics: options.metrics,
    maxBodyBytes: options.maxBodyBytes,
    ready: () => subgraphsReady(options.subgraphUrls),
    routes: options.routes,
  });
  return {
    apollo,
    handler,
    listen: (port, host) => listen(createNodeServer(handler), port, host),
    stop: () => apollo.stop(),
  };
}

/**
 * A request refused before it became an operation (no or bad token, a purpose the department may not
 * state) is an access attempt too: it is recorded, and if even that fails the refusal stands.
 */
async function auditRefusal(audit: GatewayAudit | undefined, request: IncomingMessage, requestId: string, startedAt: bigint, error: unknown): Promise<void> {
  if (!audit) return;
  const extensions = (error as GraphQLError).extensions ?? {};
  const status = (extensions.http as { status?: number } | undefined)?.status ?? 401;
  await audit
    .record({
      requestId,
      caller: undefined,
      clientName: (request.headers['apollographql-client-name'] as string | undefined) ?? null,
      operationName: null,
      operationType: null,
      source: null,
      variables: null,
      httpStatus: status,
      hasData: false,
      errors: [{ message: (error as Error).message, extensions }],
      accesses: [],
      durationMs: Number(process.hrtime.bigint() - startedAt) / 1e6,
      at: audit.now(),
    })
    .catch(() => undefined);
}

/** Ready when every subgraph answers its health check; a load balancer then routes traffic here. */
async function subgraphsReady(urls: Record<string, string>): Promise<boolean> {
  const checks = Object.values(urls).map(async (url) => {
    try {
      const response = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(1000) });
      return response.ok;
    } catch {
      return false;
    }
  });
  return (await Promise.all(checks)).every(Boolean);
}
