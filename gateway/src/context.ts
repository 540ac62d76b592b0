import type { Caller } from '../../subgraphs/kit/src/caller-token';
import type { Logger } from '../../subgraphs/kit/src/logger';
import type { AccessEntry } from '../../subgraphs/audit/src/trail/record';

export interface GatewayContext {
  requestId: string;
  caller: Caller;
  logger: Logger;
  /** What the subgraphs reported of this operation, for its audit record. */
  accesses: AccessEntry[];
  startedAt: bigint;
}
