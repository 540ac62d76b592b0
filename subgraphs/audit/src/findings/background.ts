import type { BackgroundEnvironment, BackgroundWork } from '../../../kit/src/create-subgraph';
import type { AuditDb } from '../loaders';
import { FindingNoticeDeliverer } from './notice-deliverer';
import { queueFindingNotices } from './notify-findings';

/** How often new findings are looked for and the outbox is sent, on the real clock. */
export const FINDINGS_SWEEP_MS = 60_000;

export interface AuditBackground extends BackgroundWork {
  /** Queues notices of new findings, then sends what is due (tests call this after moving the clock). */
  notify(): Promise<{ queued: number; attempted: number }>;
}

export function startAuditBackground(env: BackgroundEnvironment<AuditDb>): AuditBackground {
  const { db, logger, now } = env;
  const deliverer = new FindingNoticeDeliverer(db.prisma, now, logger);
  let stopped = false;
  const notify = async () => {
    if (stopped) return { queued: 0, attempted: 0 };
    const queued = await queueFindingNotices(db.prisma, now());
    return { queued, attempted: await deliverer.deliverDue() };
  };
  const timer = env.timers
    ? setInterval(
        () => void notify().catch((err) => logger.error({ event: 'audit.findings_notify_failed', err }, 'finding notification failed')),
        FINDINGS_SWEEP_MS,
      )
    : undefined;
  timer?.unref();
  return {
    notify,
    stop: async () => {
      stopped = true;
      if (timer) clearInterval(timer);
      await deliverer.stop();
    },
  };
}
