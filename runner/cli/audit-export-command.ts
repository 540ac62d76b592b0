import fs from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { GraphQLError } from 'graphql';
import type { Config } from '../../platform/config';
import { openDatabase } from '../../platform/database/open-database';
import type { SubgraphName } from '../../platform/services';
import { AuditPrisma, createAuditPrisma, Prisma } from '../../subgraphs/audit/src/prisma';
import { checkDepartment, checkText } from '../../subgraphs/audit/src/record-filter';
import { parseTimeRange } from '../../subgraphs/audit/src/time-range';
import { defaultStore } from '../system/system';
import { csvHeader, csvRecord } from './audit-csv';

export interface AuditExportOptions {
  from?: string;
  to?: string;
  format?: string;
  out?: string;
  department?: string;
  user?: string;
  purpose?: string;
  client?: string;
  entityType?: string;
  entityKey?: string;
}

const FORMATS = ['ndjson', 'csv'] as const;
type Format = (typeof FORMATS)[number];

/** Records per statement: bounded memory whatever the size of the range. */
const BATCH = 1000;

/**
 * `gridshare audit export --from --to [--format ndjson|csv] [--out file]`. ndjson writes each record
 * exactly as it was hashed and appended to the trail files, so an export can be checked record by
 * record; csv is for reading, one row per record. Dates are Asia/Shanghai days, both included.
 */
export async function runAuditExport(config: Config, options: AuditExportOptions): Promise<number> {
  const problem = checkOptions(options);
  if (problem) {
    console.error(`gridshare: ${problem}`);
    return 2;
  }
  let range: { start?: Date; end?: Date };
  let narrowed: Prisma.AuditRecordWhereInput;
  try {
    range = parseTimeRange(options.from, options.to, { from: '--from', to: '--to' });
    narrowed = exportFilter(options);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    console.error(`gridshare: ${error.message}`);
    return 2;
  }
  const format = (options.format ?? 'ndjson') as Format;
  const db = await openDatabase({ subgraph: 'audit', location: defaultStore(config, 'audit' as SubgraphName), createPrisma: createAuditPrisma });
  // A file appears only when complete: a half-written export must not pass for a whole one.
  const partial = options.out ? `${options.out}.partial` : undefined;
  const output: Writable = partial ? fs.createWriteStream(partial, { flags: 'wx' }) : process.stdout;
  try {
    const { count, first, last } = await exportRecords(db.prisma, range as Required<typeof range>, narrowed, format, output);
    if (partial) {
      output.end();
      await once(output, 'finish');
      fs.renameSync(partial, options.out!);
    }
    const span = count === 0 ? '' : ` (seq ${first}–${last})`;
    const where = options.out ?? 'standard output';
    // The summary goes to stderr when the records go to stdout, so a pipe receives records only.
    (options.out ? console.log : console.error)(`exported ${count} audit records${span} as ${format} to ${where}`);
    return 0;
  } catch (error) {
    if (partial) {
      output.destroy();
      fs.rmSync(partial, { force: true });
    }
    throw error;
  } finally {
    await db.close();
  }
}

function checkOptions(options: AuditExportOptions): string | undefined {
  if (!options.from || !options.to) return 'audit export needs --from and --to (a date YYYY-MM-DD or an ISO 8601 date-time)';
  if (options.format !== undefined && !FORMATS.includes(options.format as Format)) {
    return `--format must be ${FORMATS.join(' or ')}, got ${JSON.stringify(options.format)}`;
  }
  if (options.out && fs.existsSync(options.out)) return `${options.out} already exists; choose another --out`;
  return undefined;
}

/**
 * The record-history filters (as recordAccessHistory's): who, why, which client, which record; each
 * checked like the GraphQL arguments, the error naming the option.
 */
function exportFilter(options: AuditExportOptions): Prisma.AuditRecordWhereInput {
  const department = checkDepartment(options.department, '--department');
  const userId = checkText(options.user, '--user');
  const purpose = checkText(options.purpose, '--purpose');
  const clientName = checkText(options.client, '--client');
  const entityType = checkText(options.entityType, '--entity-type');
  const entityKey = checkText(options.entityKey, '--entity-key');
  if (Boolean(entityType) !== Boolean(entityKey)) throw new GraphQLError('--entity-type and --entity-key go together: a record is its type and its key');
  return {
    ...(department ? { department } : {}),
    ...(userId ? { userId } : {}),
    ...(purpose ? { purpose } : {}),
    ...(clientName ? { clientName } : {}),
    ...(entityType && entityKey ? { accesses: { some: { entityType, entityKey } } } : {}),
  };
}

async function exportRecords(prisma: AuditPrisma, range: { start: Date; end: Date }, narrowed: Prisma.AuditRecordWhereInput, format: Format, output: Writable) {
  let count = 0;
  let first: bigint | undefined;
  let last = 0n;
  if (format === 'csv') await write(output, csvHeader());
  for (;;) {
    const where = { ...narrowed, at: { gte: range.start, lt: range.end }, seq: { gt: last } };
    const lines =
      format === 'ndjson'
        ? (await prisma.auditRecord.findMany({ where, orderBy: { seq: 'asc' }, take: BATCH, select: { seq: true, line: true } })).map((r) => ({
            seq: r.seq,
            text: `${r.line}\n`,
          }))
        : (
            await prisma.auditRecord.findMany({
              where,
              orderBy: { seq: 'asc' },
              take: BATCH,
              include: { accesses: { orderBy: [{ subgraph: 'asc' }, { entityType: 'asc' }, { entityKey: 'asc' }] } },
            })
          ).map((r) => ({ seq: r.seq, text: csvRecord(r) }));
    if (lines.length === 0) break;
    await write(output, lines.map((l) => l.text).join(''));
    first ??= lines[0].seq;
    last = lines.at(-1)!.seq;
    count += lines.length;
    if (lines.length < BATCH) break;
  }
  return { count, first, last };
}

/** Respects backpressure, so a slow pipe or disk never buffers the whole export in memory. */
async function write(output: Writable, chunk: string): Promise<void> {
  if (!output.write(chunk)) await once(output, 'drain');
}
