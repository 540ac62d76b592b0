import { AsyncLocalStorage } from 'node:async_hooks';
import { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { Fetcher } from '@apollo/utils.fetcher';
import type { CallerTokenSigner } from '../../platform/caller-token';
import { ErrorCode } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { GatewayContext } from './context';
import { ACCESS_REPORT_EXTENSION, readAccessReport } from '../../platform/wire-contract';
import type { AccessEntry } from '../../audit-trail/record';

/** How long one subgraph fetch may take: queries briefly, mutations (an import page) longer. */
export interface SubgraphTimeouts {
  queryMs: number;
  mutationMs: number;
}

/**
 * The fetch deadline of the fetch being processed. RemoteGraphQLDataSource builds the fetch's init
 * itself and passes no signal through, so the deadline chosen in process() reaches the fetcher this way.
 */
const fetchDeadline = new AsyncLocalStorage<number>();

function fetchWithDeadline(url: string, init: RequestInit): Promise<Response> {
  const ms = fetchDeadline.getStore();
  return fetch(url, ms === undefined ? init : { ...init, signal: AbortSignal.timeout(ms) });
}

/**
 * How the gateway talks to one subgraph: it signs the verified caller for that subgraph alone
 * (audience = subgraph name) and for this one request (its digest, a fresh id, seconds of life),
 * and forwards the request id. Node's own fetch (undici) replaces the
 * default make-fetch-happen client: it keeps connections alive and does no HTTP caching we would not want.
 */
export class SignedSubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: string,
    url: string,
    private readonly signer: CallerTokenSigner,
    private readonly logger: Logger,
    private readonly timeouts?: SubgraphTimeouts,
  ) {
    super({ url, fetcher: fetchWithDeadline as unknown as Fetcher });
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    // Health checks and schema loading carry no caller; the subgraph refuses them, as it should.
    if (options.kind !== GraphQLDataSourceRequestKind.INCOMING_OPERATION) return;
    const { context, request } = options;
    const token = this.signer.sign(context.caller, this.subgraph, request, context.quota);
    request.http?.headers.set('authorization', `Bearer ${token}`);
    request.http?.headers.set('x-request-id', context.requestId);
  }

  /** Collects the subgraph's record-level access report for the audit trail. */
  override async didReceiveResponse({ response, context }: { response: GatewayGraphQLResponse; context: GatewayContext }) {
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

  /**
   * A subgraph that cannot be reached or answers badly becomes one error naming it, so the
   * gateway returns the other subgraphs' data instead of failing the whole operation.
   */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const deadlineMs = this.deadlineFor(options.request.query);
    try {
      return await (deadlineMs === undefined ? super.process(options) : fetchDeadline.run(deadlineMs, () => super.process(options)));
    } catch (error) {
      const requestId = (options as { context?: GatewayContext }).context?.requestId;
      const timedOut = (error as Error)?.name === 'TimeoutError';
      const unreachable = timedOut || isConnectionError(error);
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

  private deadlineFor(query: string | undefined): number | undefined {
    if (!this.timeouts) return undefined;
    return query && /^\s*mutation\b/.test(query) ? this.timeouts.mutationMs : this.timeouts.queryMs;
  }
}

function isConnectionError(error: unknown): boolean {
  const text = `${(error as Error)?.message ?? ''} ${String((error as { cause?: { code?: string } })?.cause?.code ?? '')}`;
  return /ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|fetch failed|socket hang up|UND_ERR/i.test(text);
}
