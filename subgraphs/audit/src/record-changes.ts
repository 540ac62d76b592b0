import { badUserInput } from '../../../platform/errors';
import { parsePageRequest } from '../../kit/src/pagination';
import type { AuditContext } from './loaders';
import { accessPage, parseAccessKey } from './person-history';
import type { Prisma } from './prisma';

export interface RecordChangesArgs {
  entityType: string;
  entityKey: string;
  first?: number | null;
  after?: string | null;
}

/**
 * Every write to one base-data record (a person by internal id, a house by code), newest first:
 * who, when, why, which fields, keyed digests of the values before and after, the change request.
 */
export async function recordChanges(args: RecordChangesArgs, ctx: AuditContext) {
  if (!/^[A-Z][A-Za-z]{1,40}$/.test(args.entityType)) throw badUserInput('entityType must be a type name such as Person or House', { argument: 'entityType' });
  if (!/^[A-Za-z0-9]{1,40}$/.test(args.entityKey))
    throw badUserInput("entityKey must be the record's key (a person id, a house code)", { argument: 'entityKey' });
  const page = parsePageRequest(args);
  const after = page.afterKey === undefined ? undefined : parseAccessKey(page.afterKey);
  const where: Prisma.AuditAccessWhereInput = { entityType: args.entityType, entityKey: args.entityKey, afterDigest: { not: null } };
  return accessPage(ctx, where, page, after);
}
