import { notFound, badUserInput } from '../../../../platform/errors';
import { Anomaly, ANOMALY_KINDS, AnomalyKind } from '../anomalies/anomaly';
import { detectAnomalies } from '../anomalies/find-anomalies';
import type { AuditPrisma } from '../prisma';
import { addDays, localDate, parseDayRange } from '../time-range';

/**
 * The finding an id names, recomputed from the trail: a case can only be opened on a finding the
 * trail really shows, never on an id an auditor typed. Ids are `KIND:department:…:day-or-instant`
 * (anomaly.ts) or `QUOTA_EXCEEDED:eventId`; the day they name (± one, since a burst's instant is UTC)
 * is searched.
 */
export async function findFinding(prisma: AuditPrisma, id: string): Promise<Anomaly> {
  if (id.length > 300) throw badUserInput('input.findingId is too long to be a finding id', { argument: 'input.findingId' });
  const kind = ANOMALY_KINDS.find((k) => id.startsWith(`${k}:`));
  if (!kind)
    throw badUserInput(`input.findingId is not a finding id (KIND:…, as anomalies gives it): ${JSON.stringify(id.slice(0, 80))}`, {
      argument: 'input.findingId',
    });
  const day = await dayOf(prisma, kind, id);
  if (!day) throw notFound(`No finding ${id}: the trail shows no such finding`, { argument: 'input.findingId' });
  const range = parseDayRange(addDays(day, -1), addDays(day, 1), 3);
  const found = await detectAnomalies(prisma, range, undefined, [kind]);
  const finding = found.find((f) => f.id === id);
  if (!finding) throw notFound(`No finding ${id}: the trail shows no such finding`, { argument: 'input.findingId' });
  return finding;
}

async function dayOf(prisma: AuditPrisma, kind: AnomalyKind, id: string): Promise<string | undefined> {
  if (kind === 'QUOTA_EXCEEDED') {
    const eventId = id.slice(kind.length + 1);
    if (!/^\d{1,18}$/.test(eventId)) return undefined;
    const event = await prisma.auditEvent.findUnique({ where: { id: BigInt(eventId) }, select: { at: true } });
    return event ? localDate(event.at) : undefined;
  }
  const match = /(\d{4}-\d{2}-\d{2})(T[0-9:.]+Z)?$/.exec(id);
  if (!match) return undefined;
  if (match[2]) {
    const at = new Date(match[0]);
    return Number.isNaN(at.getTime()) ? undefined : localDate(at);
  }
  return match[1];
}
