import type { AuditPrisma } from '../prisma';
import type { DayRange } from '../time-range';
import type { Anomaly, AnomalyKind } from './anomaly';
import { bulkSensitiveReads } from './bulk-sensitive-read';
import { denialBursts } from './denial-burst';
import { outOfHours } from './out-of-hours';
import { quotaExceeded } from './quota-exceeded';
import { volumeAboveBaseline } from './volume-above-baseline';

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
  return found.flat().sort((a, b) => b.windowStart.localeCompare(a.windowStart) || a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
}
