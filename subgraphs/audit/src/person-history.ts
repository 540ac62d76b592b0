import { badUserInput } from '../../../platform/errors';
import { validateResidentIdNumber } from '../../../platform/identifiers/resident-id';
import { PageRequest, parsePageRequest, toConnection } from '../../kit/src/pagination';
import { subjectDigest } from '../../../audit-trail/subject-digest';
import type { AuditContext } from './loaders';
import type { AuditAccessRow, AuditRecordRow, Prisma } from './prisma';
import { atWhere, checkDepartment, operationWhere, RecordAccessFilter } from './record-filter';
import { parseTimeRange } from './time-range';

export interface PersonAccessHistoryArgs {
  idNumber: string;
  from?: string | null;
  to?: string | null;
  department?: string | null;
  filter?: RecordAccessFilter | null;
  first?: number | null;
  after?: string | null;
}

/** An access as GraphQL resolves it: the row and, when already fetched, its record. */
export type AccessNode = AuditAccessRow & { record?: AuditRecordRow };

/** Newest first; one operation may have touched the person in several subgraphs. */
export const ACCESS_ORDER: Prisma.AuditAccessOrderByWithRelationInput[] = [{ seq: 'desc' }, { subgraph: 'asc' }, { entityType: 'asc' }, { entityKey: 'asc' }];

type AccessKey = [seq: string, subgraph: string, entityType: string, entityKey: string];

export const keyOf = (a: AuditAccessRow) => JSON.stringify([a.seq.toString(), a.subgraph, a.entityType, a.entityKey] satisfies AccessKey);

export function parseAccessKey(key: string): AccessKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(key);
  } catch {
    parsed = undefined;
  }
  const valid = Array.isArray(parsed) && parsed.length === 4 && parsed.every((p) => typeof p === 'string') && /^[1-9][0-9]{0,18}$/.test(parsed[0]);
  if (!valid) throw badUserInput('after is not a cursor issued by this API', { argument: 'after' });
  return parsed as AccessKey;
}

/** The rows that come after `key` in ACCESS_ORDER. */
export function afterWhere([seqText, subgraph, entityType, entityKey]: AccessKey): Prisma.AuditAccessWhereInput {
  const seq = BigInt(seqText);
  return {
    OR: [
      { seq: { lt: seq } },
      { seq, subgraph: { gt: subgraph } },
      { seq, subgraph, entityType: { gt: entityType } },
      { seq, subgraph, entityType, entityKey: { gt: entityKey } },
    ],
  };
}

/**
 * Who read this person. The trail holds a keyed digest of the ID number, never the number, so the
 * auditor's number is digested with the same key and matched.
 */
export async function personAccessHistory(args: PersonAccessHistoryArgs, ctx: AuditContext) {
  const checked = validateResidentIdNumber(args.idNumber);
  if (!checked.ok) throw badUserInput(`idNumber is not a valid resident ID number: ${checked.reason}`, { argument: 'idNumber' });
  const department = checkDepartment(args.department, 'department');
  const at = atWhere(parseTimeRange(args.from, args.to));
  const page = parsePageRequest(args);
  const after = page.afterKey === undefined ? undefined : parseAccessKey(page.afterKey);

  const given: Prisma.AuditRecordWhereInput = { ...(department ? { department } : {}), ...(at ? { at } : {}) };
  const filtered = operationWhere(args.filter, 'filter');
  // Both the original arguments and the filter narrow: neither overrides the other.
  const recordWhere: Prisma.AuditRecordWhereInput =
    Object.keys(filtered).length === 0 ? given : Object.keys(given).length === 0 ? filtered : { AND: [given, filtered] };
  const where: Prisma.AuditAccessWhereInput = {
    subjectDigest: subjectDigest(ctx.subjectDigestKey, args.idNumber),
    ...(Object.keys(recordWhere).length > 0 ? { record: { is: recordWhere } } : {}),
  };
  return accessPage(ctx, where, page, after);
}

/**
 * One page of accesses matching `where`, newest first, with their records: the records prime the
 * request's loader (a node's record is not read again), and the total is counted only when asked.
 * Person history, record history and record changes differ only in `where`.
 */
export async function accessPage(ctx: AuditContext, where: Prisma.AuditAccessWhereInput, page: PageRequest, after: AccessKey | undefined) {
  const rows: AccessNode[] = await ctx.db.prisma.auditAccess.findMany({
    where: after ? { AND: [where, afterWhere(after)] } : where,
    orderBy: ACCESS_ORDER,
    take: page.take + 1,
    include: { record: true },
  });
  for (const row of rows) if (row.record) ctx.loaders.recordBySeq.prime(row.record.seq.toString(), row.record);
  return toConnection(
    rows,
    page,
    keyOf,
    (row) => row,
    () => ctx.db.prisma.auditAccess.count({ where }),
  );
}
