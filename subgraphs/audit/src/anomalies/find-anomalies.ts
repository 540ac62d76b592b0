import type { AuditContext } from '../loaders';
import { attachCases, CaseFilter, checkCaseFilter } from '../findings/finding-cases';
import type { AuditPrisma } from '../prisma';
import { checkDepartment } from '../record-filter';
import { DayRange, parseDayRange } from '../time-range';
import type { Anomaly, AnomalyKind } from './anomaly';
import { bulkSensitiveReads } from './bulk-sensitive-read';
import { denialBursts } from './denial-burst';
import { outOfHours } from './out-of-hours';
import { quotaExceeded } from './quota-exceeded';
import { volumeAboveBaseline } from './volume-above-baseline';

/** A quarter: long enough for a review, short enough that every finding comes back in one answer. */
export const MAX_ANOMALY_DAYS = 92;

const DETECTORS: Record<AnomalyKind, (prisma: AuditPrisma, range: DayRange, department: string | undefined) => Promise<Anomaly[]>> = {
  VOLUME_ABOVE_BASELINE: (prisma, range, department) => volumeAboveBaseline(prisma, range, department),
  OUT_OF_HOURS: outOfHours,
  DENIAL_BURST: denialBursts,
  BULK_SENSITIVE_READ: bulkSensitiveReads,
  QUOTA_EXCEEDED: quotaExceeded,
};

/** The chosen detectors (all by default) over the same local days, one statement each, newest finding first. */
export async function detectAnomalies(
  prisma: AuditPrisma,
  range: DayRange,
  department: string | undefined,
  kinds: readonly AnomalyKind[] = Object.keys(DETECTORS) as AnomalyKind[],
): Promise<Anomaly[]> {
  const found = await Promise.all(kinds.map((kind) => DETECTORS[kind](prisma, range, department)));
  return found
    .flat()
    .sort((a, b) => b.windowStart.localeCompare(a.windowStart) || a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
}

/** Findings with their cases (state, assignee, timeline), narrowed by the case's state or assignee when asked. */
export async function findAnomalies(
  args: { from: string; to: string; department?: string | null } & CaseFilter,
  ctx: AuditContext,
): Promise<Anomaly[]> {
  const range = parseDayRange(args.from, args.to, MAX_ANOMALY_DAYS);
  const department = checkDepartment(args.department, 'department');
  const filter = checkCaseFilter(args);
  const found = await attachCases(ctx.db.prisma, await detectAnomalies(ctx.db.prisma, range, department));
  return found.filter((f) => (!filter.state || f.state === filter.state) && (!filter.assignee || f.assignee === filter.assignee));
}
