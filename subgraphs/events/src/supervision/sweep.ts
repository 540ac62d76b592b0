import type { Logger } from '../../../../platform/logger';
import type { EventsDomain } from '../domain';
import { sweepNotifications } from '../notify/notifications';
import { enqueueNotifications } from '../notify/outbox';
import type { EventsPrisma } from '../prisma';
import { insertSupervision, transitionRow } from '../store-effects';
import { TRANSACTION_OPTIONS } from '../store';
import { raisedPatch } from '../workflow/side-steps';
import { planSweep, SWEEP_USER } from './plan';
import { levelName } from './rules';

export interface SweepResult {
  events: number;
  supervisions: number;
  alerts: number;
  queued: number;
}

/** At most this many events per run; the rest wait for the next run (their next_sweep_at stays due). */
const EVENTS_PER_RUN = 5_000;

/**
 * The supervision sweep: raises what the rules of supervision.yaml and the deadlines owe each event
 * (see plan.ts) and queues the webhook notifications, one transaction per event.
 *
 * Idempotent per event, step and level: it locks the event row, reads what was already raised, and
 * the unique (event, rule key) and (event, alert key) constraints stop a concurrent sweep in another
 * process from raising anything twice. A raised supervision is a timeline entry, so it bumps the
 * event's version (a client holding the older one gets CONFLICT and reads again); alerts do not.
 * It looks only at events whose next_sweep_at has come, and reads the time from the injected clock.
 */
export class SupervisionSweep {
  constructor(private readonly options: { prisma: EventsPrisma; domain: EventsDomain; now: () => Date; logger?: Logger }) {}

  async run(): Promise<SweepResult> {
    const { prisma } = this.options;
    const now = this.options.now();
    const due = await prisma.event.findMany({
      where: { nextSweepAt: { lte: now } },
      select: { id: true },
      orderBy: [{ nextSweepAt: 'asc' }, { id: 'asc' }],
      take: EVENTS_PER_RUN,
    });
    const total: SweepResult = { events: 0, supervisions: 0, alerts: 0, queued: 0 };
    for (const { id } of due) {
      try {
        const result = await this.sweepEvent(id, now);
        total.events += 1;
        total.supervisions += result.supervisions;
        total.alerts += result.alerts;
        total.queued += result.queued;
      } catch (error) {
        // One event's failure (a rival transaction, a bad row) must not stop the others; it stays due.
        this.options.logger?.warn({ event: 'events.sweep_failed', eventId: id, err: error }, 'supervision sweep skipped an event');
      }
    }
    if (total.supervisions || total.alerts) {
      this.options.logger?.info({ event: 'events.sweep', ...total, at: now.toISOString() }, 'supervision sweep');
    }
    return total;
  }

  private sweepEvent(id: string, now: Date): Promise<Omit<SweepResult, 'events'>> {
    const { prisma, domain } = this.options;
    return prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "event" WHERE id = ${id} FOR UPDATE`;
      const event = await tx.event.findUniqueOrThrow({ where: { id } });
      if (!event.nextSweepAt || event.nextSweepAt > now) return { supervisions: 0, alerts: 0, queued: 0 };
      const [raised, alerted, parts] = await Promise.all([
        tx.eventSupervision.findMany({ where: { eventId: id, ruleKey: { not: null } }, select: { ruleKey: true } }),
        tx.eventAlert.findMany({ where: { eventId: id }, select: { key: true } }),
        event.coHandlerDepartments.length ? tx.eventCoHandler.findMany({ where: { eventId: id, dispatchSequence: event.dispatchCount } }) : [],
      ]);
      const done = { ruleKeys: new Set(raised.map((r) => r.ruleKey!)), alertKeys: new Set(alerted.map((a) => a.key)) };
      const plan = planSweep(event, parts, done, now, domain);
      let version = event.version;
      for (const supervision of plan.supervisions) {
        version += 1;
        await insertSupervision(tx, id, supervision);
        await tx.eventTransition.create({
          data: transitionRow(
            id,
            version,
            now,
            { user: SWEEP_USER, department: supervision.raisedByDepartment },
            {
              action: 'SUPERVISE',
              fromStatus: event.status,
              toStatus: event.status,
              department: event.department,
              note: null,
              details: {
                level: levelName(supervision.level),
                byRule: true,
                dueAt: supervision.dueAt!.toISOString(),
                supervised: supervision.department,
                responseDeadline: supervision.responseDeadline.toISOString(),
              },
            },
          ),
        });
      }
      if (plan.alerts.length) await tx.eventAlert.createMany({ data: plan.alerts.map((a) => ({ eventId: id, key: a.key, at: now })) });
      const summary = plan.supervisions.length ? { ...raisedPatch(event, plan.supervisions), version, updatedAt: now } : {};
      const after = await tx.event.update({ where: { id }, data: { ...summary, nextSweepAt: plan.nextSweepAt } });
      const queued = await enqueueNotifications(tx, after, sweepNotifications(plan), now);
      return { supervisions: plan.supervisions.length, alerts: plan.alerts.length, queued };
    }, TRANSACTION_OPTIONS);
  }
}
