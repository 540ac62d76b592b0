import type { BackgroundEnvironment, BackgroundWork } from '../../kit/src/create-subgraph';
import { calendarCoverage } from '../../kit/src/calendar/coverage';
import { eventsDomain } from './domain';
import { followerStatus } from './feeds/attached';
import type { EventsDb } from './loaders';
import { WebhookDeliverer } from './notify/deliverer';
import { onOutboxWritten, outboxWritten } from './notify/wake';
import { SupervisionSweep, SweepResult } from './supervision/sweep';

/** How often the sweep runs and the outbox is polled (for rows other processes wrote), on the real clock. */
export const SWEEP_INTERVAL_MS = 60_000;
export const OUTBOX_POLL_MS = 5_000;

export interface EventsBackground extends BackgroundWork {
  /** One sweep now, at the injected clock's time (tests call this after moving the clock). */
  sweep(): Promise<SweepResult>;
  /** Delivers what is due now (retries included). */
  deliver(): Promise<number>;
}

/**
 * The events subgraph's background work: the supervision sweep (rules on lights and deadlines) and
 * the webhook deliverer (the outbox). Both run once at start, so a restart delivers what a stopped
 * instance left; on the real clock they then run on intervals, and a committed step wakes the
 * deliverer at once. Also checks the holiday calendar's coverage, loudly.
 */
export function startEventsBackground(env: BackgroundEnvironment<EventsDb>): EventsBackground {
  const { db, logger, now } = env;
  const domain = eventsDomain();
  const coverage = calendarCoverage(domain.calendar, now());
  if (coverage.warning) logger.warn({ event: 'events.calendar_gap', missingYears: coverage.missingYears }, coverage.warning);

  const sweeper = new SupervisionSweep({ prisma: db.prisma, domain, now, logger });
  const deliverer = new WebhookDeliverer({ prisma: db.prisma, now, logger });
  let lastSweep: { at: string; result: SweepResult } | undefined;
  let sweeping: Promise<SweepResult> | undefined;
  let stopped = false;

  const sweep = (): Promise<SweepResult> => {
    if (stopped) return Promise.resolve({ events: 0, supervisions: 0, alerts: 0, queued: 0 });
    sweeping ??= sweeper
      .run()
      .then((result) => {
        lastSweep = { at: now().toISOString(), result };
        if (result.queued) outboxWritten(db);
        return result;
      })
      .finally(() => {
        sweeping = undefined;
      });
    return sweeping;
  };
  const deliver = () => deliverer.deliverDue();
  const quietly = (work: () => Promise<unknown>, what: string) => () =>
    void work().catch((err) => logger.error({ event: 'events.background_failed', what, err }, `${what} failed`));

  const unregister = onOutboxWritten(db, quietly(deliver, 'webhook delivery'));
  quietly(deliver, 'webhook delivery')();
  const timers: NodeJS.Timeout[] = [];
  if (env.timers) {
    quietly(sweep, 'supervision sweep')();
    timers.push(setInterval(quietly(sweep, 'supervision sweep'), SWEEP_INTERVAL_MS), setInterval(quietly(deliver, 'webhook delivery'), OUTBOX_POLL_MS));
    for (const timer of timers) timer.unref();
  }

  return {
    sweep,
    deliver,
    readyDetail: () => ({ calendar: calendarCoverage(domain.calendar, now()), ...(lastSweep ? { lastSweep } : {}), referenceFeeds: followerStatus(db) }),
    async stop() {
      stopped = true;
      timers.forEach(clearInterval);
      unregister();
      await sweeping?.catch(() => undefined);
      await deliverer.stop();
    },
  };
}
