import type { AuditContext } from '../loaders';
import { checkDepartment } from '../record-filter';
import { parseDayRange } from '../time-range';
import type { Anomaly } from './anomaly';
import { bulkSensitiveReads } from './bulk-sensitive-read';
import { denialBursts } from './denial-burst';
import { outOfHours } from './out-of-hours';
import { quotaExceeded } from './quota-exceeded';
import { volumeAboveBaseline } from './volume-above-baseline';

/** A quarter: long enough for a review, short enough that every finding comes back in one answer. */
export const MAX_ANOMALY_DAYS = 92;

const DETECTORS = [volumeAboveBaseline, outOfHours, denialBursts, bulkSensitiveReads, quotaExceeded];

/** Every detector over the same local days, one statement each, newest finding first. */
export async function findAnomalies(args: { from: string; to: string; department?: string | null }, ctx: AuditContext): Promise<Anomaly[]> {
  const range = parseDayRange(args.from, args.to, MAX_ANOMALY_DAYS);
  const department = checkDepartment(args.department, 'department');
  const found = await Promise.all(DETECTORS.map((detect) => detect(ctx.db.prisma, range, department)));
  return found
    .flat()
    .sort((a, b) => b.windowStart.localeCompare(a.windowStart) || a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
}
