import type { Caller, QuotaState } from '../../platform/caller';
import type { Logger } from '../../platform/logger';
import type { AccessEntry } from '../../audit-trail/record';

export interface GatewayContext {
  requestId: string;
  /** The X-Request-Id the client sent, kept beside the gateway's own in the audit record. */
  clientRequestId: string | null;
  caller: Caller;
  /** What the audit plugin's quota reservation could not cover; signed into every caller token beside the caller. */
  quota: QuotaState;
  logger: Logger;
  /** What the subgraphs reported of this operation, for its audit record. */
  accesses: AccessEntry[];
  startedAt: bigint;
  /**
   * Shared with the HTTP layer (Apollo copies the context object, not what it points to): set once
   * the audit plugin has taken this operation's record in hand, so no second record is written.
   */
  auditing: { recorded: boolean };
}
