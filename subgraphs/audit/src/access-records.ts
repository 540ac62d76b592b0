import { badUserInput } from '../../../platform/errors';
import { primeAll } from '../../kit/src/loaders';
import { parsePageRequest, toConnection } from '../../kit/src/pagination';
import { AuditContext, seqKey } from './loaders';
import type { AuditRecordRow } from './prisma';
import { AccessRecordFilter, accessRecordWhere, parseSeq } from './record-filter';

export interface AccessRecordsArgs {
  filter?: AccessRecordFilter | null;
  first?: number | null;
  after?: string | null;
}

/** Audit records matching the filter, newest (highest chain position) first, keyed on seq. */
export async function accessRecords(args: AccessRecordsArgs, ctx: AuditContext) {
  const where = accessRecordWhere(args.filter);
  const page = parsePageRequest(args);
  const before = page.afterKey === undefined ? undefined : cursorSeq(page.afterKey);
  const rows = await ctx.db.prisma.auditRecord.findMany({
    where: before === undefined ? where : { AND: [where, { seq: { lt: before } }] },
    orderBy: { seq: 'desc' },
    take: page.take + 1,
  });
  primeAll(ctx.loaders.recordBySeq, rows, seqKey);
  return toConnection(
    rows,
    page,
    seqKey,
    (row) => row,
    () => ctx.db.prisma.auditRecord.count({ where }),
  );
}

function cursorSeq(key: string): bigint {
  if (!/^[1-9][0-9]{0,18}$/.test(key)) throw badUserInput('after is not a cursor issued by this API', { argument: 'after' });
  return BigInt(key);
}

/** One record by chain position or by request id; the newest if a request id were ever recorded twice. */
export async function auditRecord(args: { seq?: string | null; requestId?: string | null }, ctx: AuditContext): Promise<AuditRecordRow | null> {
  const given = [args.seq, args.requestId].filter((v) => v !== null && v !== undefined).length;
  if (given !== 1) throw badUserInput('give exactly one of seq and requestId', { argument: args.seq == null ? 'seq' : 'requestId' });
  if (args.seq !== null && args.seq !== undefined) return ctx.loaders.recordBySeq.load(parseSeq(args.seq, 'seq').toString());
  const requestId = args.requestId!;
  if (requestId.length === 0 || requestId.length > 200) throw badUserInput('requestId must be 1–200 characters', { argument: 'requestId' });
  return ctx.db.prisma.auditRecord.findFirst({ where: { requestId }, orderBy: { seq: 'desc' } });
}
