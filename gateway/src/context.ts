import type { Caller } from '../../subgraphs/kit/src/caller-token';
import type { Logger } from '../../subgraphs/kit/src/logger';

export interface GatewayContext {
  requestId: string;
  caller: Caller;
  logger: Logger;
}
