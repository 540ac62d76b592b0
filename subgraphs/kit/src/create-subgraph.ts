import type { KeyObject } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { parse, GraphQLSchema } from 'graphql';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { CallerTokenError, CallerTokenVerifier, SubgraphRequestBody, VerifiedCall } from '../../../platform/caller-token';
import type { KeySet } from '../../../platform/key-set';
import type { Caller } from '../../../platform/caller';
import { unauthenticated } from '../../../platform/errors';
import { createErrorFormatter } from '../../../platform/error-masking';
import type { RequestDrain } from '../../../platform/http/drain';
import { createHttpHandler, createNodeServer, listen, RunningHttpService } from '../../../platform/http/serve';
import type { Logger } from '../../../platform/logger';
import type { ServiceMetrics } from '../../../platform/metrics';
import { readSubgraphSdl } from '../../../platform/subgraph-sdl';
import { enforcePolicy } from '../../../access-policies/runtime/enforce';
import { repositoryPolicies } from '../../../access-policies/runtime/load';
import type { Policies } from '../../../access-policies/runtime/model';
import { RequestAccess } from '../../../access-policies/runtime/request-access';
import { subjectDigest } from '../../../audit-trail/subject-digest';
import { accessReportPlugin } from './access-report';
import type { ReferenceChecker } from './records/references';
import { readsFromStandby } from './read-routing';

export interface SubgraphContext<Db, Loaders> {
  requestId: string;
  caller: Caller;
  db: Db;
  loaders: Loaders;
  logger: Logger;
  /** The time, injectable so that tests can move it; callers can never set it. */
  now: () => Date;
  /** This request's policy decisions (fields, masks, rows) for the verified caller. */
  access: RequestAccess;
  /** Key of the digests that let auditors find a person's accesses without the trail holding ID numbers. */
  subjectDigestKey: Buffer;
  /** The gateway's public keys (it also signs the audit trail's checkpoints): a key set during a rotation. */
  gatewayPublicKey: KeyObject | KeySet;
  /** Where the NDJSON copy of the audit trail is, when this process can reach it. */
  trailDirectory?: string;
  /** Where checkpoint heads are witnessed (a file path or a postgres:// URL), when this process can reach it. */
  auditWitness?: string;
  /** The owners' check that what a write names exists in another register (records/references.ts). */
  references?: ReferenceChecker;
}

/**
 * A subgraph's resolvers by type name. Each server.ts checks its map against its SDL with the
 * generated `Resolvers` (`satisfies Resolvers`): parents, arguments, results and context. The map is
 * opaque here so that a definition of any subgraph is a SubgraphDefinition the runner can hold.
 */
export type SubgraphResolvers = { readonly [typeName: string]: object };

export interface SubgraphDefinition<Db, Loaders> {
  name: string;
  resolvers: SubgraphResolvers;
  /** DataLoaders are made per request so that one caller's cache never serves another. */
  createLoaders: (db: Db) => Loaders;
  /** Work besides answering requests (sweeps, deliveries): started once the server is, stopped with it. */
  startBackground?: (env: BackgroundEnvironment<Db>) => BackgroundWork;
}

export interface BackgroundEnvironment<Db> {
  db: Db;
  logger: Logger;
  now: () => Date;
  /**
   * False when the clock is injected (tests): timers measure real time, which means nothing against
   * such a clock, so the work then runs only when whoever moves the clock asks for it.
   */
  timers: boolean;
}

export interface BackgroundWork {
  /** Shown under `detail` in /ready (warnings an operator should see); readiness itself is unchanged. */
  readyDetail?: () => Record<string, unknown>;
  stop(): Promise<void>;
}

export interface SubgraphRuntime {
  /** The primary: mutations, background work. */
  db: unknown;
  /** With a read standby: the same database for query operations, reading from it (read-routing.ts). */
  readDb?: unknown;
  logger: Logger;
  metrics: ServiceMetrics;
  /** The gateway's public keys: only callers it signed, with a key of the set, are served. */
  gatewayPublicKey: KeyObject | KeySet;
  maxBodyBytes: number;
  ready?: () => Promise<boolean> | boolean;
  /** Shown under `detail` in /ready beside the background work's (where reads go). */
  readyDetail?: () => Record<string, unknown>;
  /** The stop's view of the requests in flight (the runner drains it before closing the server). */
  drain?: RequestDrain;
  now?: () => Date;
  /** Defaults to the repository's access-policies. */
  policies?: Policies;
  subjectDigestKey: Buffer;
  trailDirectory?: string;
  auditWitness?: string;
  references?: ReferenceChecker;
}

export interface Subgraph {
  name: string;
  background?: BackgroundWork;
  apollo: ApolloServer<SubgraphContext<unknown, unknown>>;
  schema: GraphQLSchema;
  handler: ReturnType<typeof createHttpHandler>;
  listen(port: number, host: string): Promise<RunningHttpService>;
}

export async function createSubgraph<Db, Loaders>(
  definition: SubgraphDefinition<Db, Loaders>,
  runtime: SubgraphRuntime & { db: Db; readDb?: Db },
): Promise<Subgraph> {
  const typeDefs = parse(readSubgraphSdl(definition.name));
  const policies = runtime.policies ?? repositoryPolicies();
  const schema = enforcePolicy(buildSubgraphSchema({ typeDefs, resolvers: apolloResolverMap(definition.resolvers) }), definition.name, policies);
  const logger = runtime.logger;
  let background: BackgroundWork | undefined;
  const apollo = new ApolloServer<SubgraphContext<Db, Loaders>>({
    schema,
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
    // The process stops its services in order (the audit trail's last checkpoint included); Apollo's own
    // handlers would stop only this server and then re-send the signal, killing the process midway.
    stopOnTerminationSignals: false,
    // Inline traces are for Apollo's hosted studio, which a government deployment does not use.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      // No cache hints are used (personal data is never cached by HTTP caches); Apollo's default cache
      // control plugin would still hook every resolved field, a large share of a 500-row import page.
      ApolloServerPluginCacheControlDisabled(),
      accessReportPlugin(),
      // Whoever stops the server stops its background work too, after the requests in flight.
      { serverWillStart: async () => ({ serverWillStop: async () => background?.stop() }) },
    ],
  });
  await apollo.start();

  const now = runtime.now ?? (() => new Date());
  background = definition.startBackground?.({ db: runtime.db, logger, now, timers: runtime.now === undefined });
  // Token lifetimes are real time, as the gateway signs them: never the business clock tests move.
  const verifier = new CallerTokenVerifier(runtime.gatewayPublicKey, definition.name);
  const context = async (request: IncomingMessage, requestId: string, body: unknown): Promise<SubgraphContext<Db, Loaders>> => {
    const { caller, quota } = await authenticateGateway(request, body, verifier, logger, requestId);
    const db = runtime.readDb && readsFromStandby(caller, body) ? runtime.readDb : runtime.db;
    return {
      requestId,
      caller,
      db,
      loaders: definition.createLoaders(db),
      logger: logger.child({ requestId }),
      now,
      access: new RequestAccess(policies, definition.name, { ...caller, ...quota }, (value) => subjectDigest(runtime.subjectDigestKey, value)),
      subjectDigestKey: runtime.subjectDigestKey,
      gatewayPublicKey: runtime.gatewayPublicKey,
      trailDirectory: runtime.trailDirectory,
      auditWitness: runtime.auditWitness,
      references: runtime.references,
    };
  };
  const handler = createHttpHandler({
    service: definition.name,
    apollo,
    context,
    logger,
    metrics: runtime.metrics,
    maxBodyBytes: runtime.maxBodyBytes,
    ready: runtime.ready,
    drain: runtime.drain,
    readyDetail: joinDetails(runtime.readyDetail, background?.readyDetail),
    // The gateway's id, so that one operation's log lines share it across services.
    requestIds: 'forwarded',
  });
  return {
    name: definition.name,
    background,
    apollo: apollo as unknown as ApolloServer<SubgraphContext<unknown, unknown>>,
    schema,
    handler,
    listen: (port, host) => listen(createNodeServer(handler), port, host),
  };
}

function joinDetails(...sources: (undefined | (() => Record<string, unknown>))[]): (() => Record<string, unknown>) | undefined {
  const present = sources.filter((s) => s !== undefined);
  if (present.length === 0) return undefined;
  return () => Object.assign({}, ...present.map((s) => s()));
}

/**
 * The one conversion of the typed resolver map into @apollo/subgraph's. GraphQLResolverMap types every
 * entry of a type as a field resolver (parent, args, context, info), which a __resolveReference
 * (reference, context, info) is not, and it cannot name the generated per-type resolver types; the
 * map itself was checked against the SDL where it is defined (`satisfies Resolvers`).
 */
function apolloResolverMap(resolvers: SubgraphResolvers): GraphQLResolverMap<unknown> {
  return resolvers as GraphQLResolverMap<unknown>;
}

/**
 * Runs before execution, so `_service` and `_entities` are covered too: a request that did not come
 * through the gateway, or carries a token the gateway signed for another request, gets HTTP 401
 * and no data, whatever it asks for.
 */
async function authenticateGateway(
  request: IncomingMessage,
  body: unknown,
  verifier: CallerTokenVerifier,
  logger: Logger,
  requestId: string,
): Promise<VerifiedCall> {
  const header = request.headers.authorization;
  const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  if (!token) {
    logger.warn({ event: 'access.unauthenticated', requestId, reason: 'no caller token' }, 'request without caller token');
    throw unauthenticated('subgraphs accept only requests forwarded by the gateway (no caller token)');
  }
  try {
    const signedFor = body && typeof body === 'object' && !Array.isArray(body) ? (body as SubgraphRequestBody) : undefined;
    return await verifier.verify(token, signedFor);
  } catch (error) {
    const reason = error instanceof CallerTokenError ? error.message : 'caller token is invalid';
    logger.warn({ event: 'access.unauthenticated', requestId, reason }, 'caller token rejected');
    throw unauthenticated(reason);
  }
}
