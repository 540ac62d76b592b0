import type { RequestAccess } from '../../../../access-policies/compiler/request-access';
import type { Caller } from '../caller-token';
import type { SqlClient } from '../database/sql-client';
import type { Logger } from '../logger';

/** What the shared write path needs of a subgraph's request context. */
export interface WriteContext {
  requestId: string;
  caller: Caller;
  access: RequestAccess;
  db: { sql: SqlClient };
  now: () => Date;
  logger: Logger;
}

export const actorOf = (ctx: WriteContext) => ({ department: ctx.caller.department, user: ctx.caller.user });
