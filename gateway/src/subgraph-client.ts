import { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import type { Counter, Histogram } from 'prom-client';
import { CallerTokenSigner, callerIdentityKey } from '../../platform/caller-token';
import { ErrorCode } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { GatewayContext } from './context';
import { ACCESS_REPORT_EXTENSION, readAccessReport } from '../../platform/wire-contract';
import type { AccessEntry } from '../../audit-trail/record';
import { SubgraphHttpAnswer, SubgraphHttpClient } from './subgraph-http';
import { InFlight } from './in-flight';

/** How long one subgraph fetch may take: queries briefly, mutations (an import page) longer. */
export interface SubgraphTimeouts {
  queryMs: number;
  mutationMs: number;
}

export interface SubgraphDataSourceOptions {
  subgraph: string;
  url: string;
  signer: CallerTokenSigner;
  logger: Logger;
  /** The gateway's keep-alive connections, shared by its data sources. */
  client: SubgraphHttpClient;
  timeouts?: SubgraphTimeouts;
  /** Whether identical queries in flight for one caller identity may share a fetch (default: yes). */
  shareInFlight?: boolean;
  /** Counts fetches sent and shared (GatewayMetrics.subgraphFetches). */
  fetches?: Counter<'subgraph' | 'outcome'>;
  /** Times each operation's fetch by how it ended (GatewayMetrics.subgraphFetchSeconds). */
  fetchSeconds?: Histogram<'subgraph' | 'outcome'>;
}

/**
 * How the gateway talks to one subgraph: it signs the verified caller for that subgraph alone
 * (audience = subgraph name) and for this one request (its digest, a fresh id, seconds of life),
 * and forwards the request id, over the gateway's keep-alive client (subgraph-http.ts).
 *
 *
 * Identical queries in flight at once for the same caller identity share one fetch (InFlight):
 * same subgraph, same body, and the same caller-token claims (user, department, level,
 * jurisdiction, purpose, role, exhausted quotas: callerIdentityKey). Never mutations, never across
 * identities, whose answers the subgraph masks and filters differently. Each operation parses its
 * own copy of the answer and records the subgraph's access report itself, so every audit record
 * is as complete as without sharing; the subgraph sees the first operation's request id.
 *
 * RemoteGraphQLDataSource.process is replaced, not extended: the node-fetch Request and Headers it
 * builds for every fetch were a measured share of the gateway's CPU (bench, issue 15), and the
 * cache-control hints it reads are not used (the gateway disables cache control).
 */
export class SignedSubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly subgraph: string;
  private readonly target: URL;
  private readonly logger: Logger;
  private readonly inFlight = new InFlight<SubgraphHttpAnswer>();

  constructor(private readonly options: SubgraphDataSourceOptions) {
    super({ url: options.url });
    this.subgraph = options.subgraph;
    this.target = new URL(options.url);
    this.logger = options.logger;
  }

  /**
   * A subgraph that cannot be reached or answers badly becomes one error naming it, so the
   * gateway returns the other subgraphs' data instead of failing the whole operation.
   */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const deadlineMs = this.deadlineFor(options.request.query);
    const context = (options as { context?: GatewayContext }).context;
    const started = process.hrtime.bigint();
    const observe = (outcome: string) =>
      this.options.fetchSeconds?.observe({ subgraph: this.subgraph, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
    try {
      const response = await this.send(options, deadlineMs);
      observe('ok');
      return this.didReceiveResponse({ response, context });
    } catch (error) {
      const requestId = context?.requestId;
      const timedOut = (error as Error)?.name === 'TimeoutError';
      const unreachable = timedOut || isConnectionError(error);
      observe(timedOut ? 'timeout' : unreachable ? 'unreachable' : 'failed');
      this.logger.error(
        {
          event: timedOut ? 'subgraph.timeout' : unreachable ? 'subgraph.unavailable' : 'subgraph.failed',
          subgraph: this.subgraph,
          requestId,
          deadlineMs,
          err: error,
        },
        `subgraph ${this.subgraph} ${timedOut ? 'did not answer in time' : unreachable ? 'is unavailable' : 'failed'}`,
      );
      return {
        errors: [
          {
            message: timedOut
              ? `The ${this.subgraph} subgraph did not answer within ${deadlineMs} ms`
              : unreachable
                ? `The ${this.subgraph} subgraph is unavailable`
                : `The ${this.subgraph} subgraph failed to answer`,
            extensions: {
              code: unreachable ? ErrorCode.SUBGRAPH_UNAVAILABLE : ErrorCode.INTERNAL_SERVER_ERROR,
              subgraph: this.subgraph,
              ...(timedOut ? { reason: 'TIMEOUT' } : {}),
            },
          },
        ],
      };
    }
  }

  /** Collects the subgraph's record-level access report for the audit trail. */
  override didReceiveResponse({ response, context }: { response: GatewayGraphQLResponse; context: GatewayContext | undefined }) {
    // Checked against the wire contract: a report the trail cannot record withholds the response.
    let report;
    try {
      report = readAccessReport(response.extensions?.[ACCESS_REPORT_EXTENSION]);
    } catch (error) {
      this.logger.error({ event: 'audit.report_invalid', subgraph: this.subgraph, requestId: context?.requestId, err: error }, 'subgraph response withheld');
      throw error;
    }
    if (context?.accesses) for (const entry of report) context.accesses.push({ ...entry, subgraph: this.subgraph } satisfies AccessEntry);
    return response;
  }

  private async send(options: GraphQLDataSourceProcessOptions<GatewayContext>, deadlineMs: number | undefined): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    if (!request.query) throw new Error('Missing query');
    const { http, ...payload } = request;
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = {};
    if (http?.headers) for (const [name, value] of http.headers) headers[name.toLowerCase()] = value;
    headers['content-type'] = 'application/json';
    // Health checks and schema loading carry no caller; the subgraph refuses them, as it should.
    if (options.kind !== GraphQLDataSourceRequestKind.INCOMING_OPERATION) {
      return parseAnswer(await this.options.client.post(this.target, headers, body, deadlineMs));
    }
    const { context } = options;
    const { signer, client, fetches } = this.options;
    const fetchOnce = () => {
      const token = signer.sign(context.caller, this.subgraph, request, context.quota);
      return client.post(this.target, { ...headers, authorization: `Bearer ${token}`, 'x-request-id': context.requestId }, body, deadlineMs);
    };
    if (this.options.shareInFlight === false || !isQuery(request.query)) {
      fetches?.inc({ subgraph: this.subgraph, outcome: 'sent' });
      return parseAnswer(await fetchOnce());
    }
    const { promise, shared } = this.inFlight.run(`${callerIdentityKey(context.caller, context.quota)}\u0000${body}`, fetchOnce);
    fetches?.inc({ subgraph: this.subgraph, outcome: shared ? 'shared' : 'sent' });
    return parseAnswer(await promise);
  }

  private deadlineFor(query: string | undefined): number | undefined {
    const { timeouts } = this.options;
    if (!timeouts) return undefined;
    return query && /^\s*mutation\b/.test(query) ? timeouts.mutationMs : timeouts.queryMs;
  }
}

/**
 * Only a query may share a fetch. The query planner prints one operation per fetch, first in the
 * text (it does not expose the parsed document unless configured to, and parsing again would cost
 * what sharing saves): a query starts with `query` or `{`; anything else never shares.
 */
function isQuery(operation: string): boolean {
  return /^\s*(query\b|\{)/.test(operation);
}

/** A 2xx JSON object is an answer; anything else is an error, which process() turns into one naming the subgraph. */
function parseAnswer(answer: SubgraphHttpAnswer): GatewayGraphQLResponse {
  let body: unknown = answer.text;
  if (/^application\/(graphql-response\+)?json/.test(answer.contentType ?? '')) {
    try {
      body = JSON.parse(answer.text);
    } catch {
      // Kept as text: refused below as a body that is not a JSON object.
    }
  }
  if (answer.status < 200 || answer.status >= 300) {
    throw new GraphQLError(`${answer.status}: ${answer.text.slice(0, 200)}`, {
      extensions: {
        ...(answer.status === 401 ? { code: 'UNAUTHENTICATED' } : answer.status === 403 ? { code: 'FORBIDDEN' } : {}),
        response: { status: answer.status, body },
      },
    });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new Error(`Expected JSON response body, but received: ${answer.text.slice(0, 200)}`);
  }
  return body as GatewayGraphQLResponse;
}

function isConnectionError(error: unknown): boolean {
  const text = `${(error as Error)?.message ?? ''} ${String((error as { code?: string })?.code ?? '')} ${String((error as { cause?: { code?: string } })?.cause?.code ?? '')}`;
  return /ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|fetch failed|socket hang up|UND_ERR/i.test(text);
}
