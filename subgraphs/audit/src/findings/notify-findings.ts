import { randomUUID } from 'node:crypto';
import type { Anomaly, AnomalyKind } from '../anomalies/anomaly';
import { detectAnomalies } from '../anomalies/find-anomalies';
import type { AuditPrisma } from '../prisma';
import { addDays, localDate, parseDayRange } from '../time-range';

/**
 * Puts new findings of the kinds each active subscription chose into the outbox: one notice per
 * subscription and finding (the unique key makes a second sweep add nothing), over today and
 * yesterday (local days), so a finding raised just before midnight is not missed. A subscription
 * made today is told of today's findings too. Resolves with how many notices were queued.
 */
export async function queueFindingNotices(prisma: AuditPrisma, now: Date): Promise<number> {
  const subscriptions = await prisma.findingSubscription.findMany({ where: { active: true }, select: { id: true, kinds: true } });
  if (subscriptions.length === 0) return 0;
  const kinds = [...new Set(subscriptions.flatMap((s) => s.kinds))] as AnomalyKind[];
  const today = localDate(now);
  const findings = await detectAnomalies(prisma, parseDayRange(addDays(today, -1), today, 2), undefined, kinds);
  const rows = subscriptions.flatMap((subscription) =>
    findings
      .filter((finding) => subscription.kinds.includes(finding.kind))
      .map((finding) => {
        const id = randomUUID();
        return {
          id,
          subscriptionId: subscription.id,
          findingId: finding.id,
          body: noticeBody(id, finding, now),
          status: 'PENDING',
          createdAt: now,
          nextAttemptAt: now,
        };
      }),
  );
  if (rows.length === 0) return 0;
  const { count } = await prisma.findingNotice.createMany({ data: rows, skipDuplicates: true });
  return count;
}

/** What the receiver gets: the finding as `anomalies` shows it (keys, counts, reasons; never a personal value). */
function noticeBody(id: string, finding: Anomaly, at: Date): string {
  const { recordSeqs: _seqs, ...rest } = finding;
  return JSON.stringify({ id, topic: 'FINDING_RAISED', occurredAt: at.toISOString(), finding: rest });
}
