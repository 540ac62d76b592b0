import type { RequestAccess } from '../../../../access-policies/runtime/request-access';
import type { Caller } from '../../../../platform/caller';
import type { SqlClient } from '../../../../platform/database/sql-client';
import type { Logger } from '../../../../platform/logger';
import type { ReferenceChecker } from './references';

/** What the shared write path needs of a subgraph's request context. */
export interface WriteContext {
  requestId: string;
  caller: Caller;
  access: RequestAccess;
  db: { sql: SqlClient };
  now: () => Date;
  logger: Logger;
  /** Asks the other registers whether what a write names exists; absent: such writes are refused. */
  references?: ReferenceChecker;
}

export const actorOf = (ctx: WriteContext) => ({ department: ctx.caller.department, user: ctx.caller.user });
