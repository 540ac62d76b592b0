import { badUserInput } from '../../../platform/errors';
import { parsePageRequest } from '../../kit/src/pagination';
import type { AuditContext } from './loaders';
import { accessPage, parseAccessKey } from './person-history';
import type { Prisma } from './prisma';
import { operationWhere, RecordAccessFilter } from './record-filter';

export type { RecordAccessFilter };

export interface RecordAccessHistoryArgs {
  entityType: string;
  entityKey: string;
  filter?: RecordAccessFilter | null;
  first?: number | null;
  after?: string | null;
}

// The keys subgraphs report: a house code, a person id, an event party "E-1:1", a legal entity's code.
const ENTITY_TYPE = /^[A-Z][A-Za-z]{1,40}$/;
const ENTITY_KEY = /^[A-Za-z0-9][A-Za-z0-9:_.-]{0,99}$/;

/**
 * Every access to one record of any kind (a house, a legal entity, an event party, a person by
 * internal id), newest first: reads, refusals and writes alike, with who, when and why.
 */
export async function recordAccessHistory(args: RecordAccessHistoryArgs, ctx: AuditContext) {
  if (!ENTITY_TYPE.test(args.entityType))
    throw badUserInput('entityType must be a type name such as House, LegalEntity or EventParty', { argument: 'entityType' });
  if (!ENTITY_KEY.test(args.entityKey))
    throw badUserInput("entityKey must be the record's key as the trail holds it (a house code, a person id, E-1:1)", { argument: 'entityKey' });
  const recordWhere = operationWhere(args.filter, 'filter');
  const page = parsePageRequest(args);
  const after = page.afterKey === undefined ? undefined : parseAccessKey(page.afterKey);
  const where: Prisma.AuditAccessWhereInput = {
    entityType: args.entityType,
    entityKey: args.entityKey,
    ...(Object.keys(recordWhere).length > 0 ? { record: { is: recordWhere } } : {}),
  };
  return accessPage(ctx, where, page, after);
}
