import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../prisma/generated/client';
import type { EventRow } from '../prisma';
import { NotificationDraft, notificationBody } from './notifications';

type Tx = Prisma.TransactionClient;

/**
 * The transactional outbox: deliveries are written by the transaction that changes the event, so a
 * notification exists exactly when its change was committed (none for a rolled-back step, none lost
 * to a crash between commit and send). The deliverer sends them afterwards. One row per matching
 * subscription: its department is in the audience, it chose the topic, and the event lies in its grids.
 */
export async function enqueueNotifications(tx: Tx, event: EventRow, notifications: readonly NotificationDraft[], now: Date): Promise<number> {
  if (notifications.length === 0) return 0;
  const departments = [...new Set(notifications.flatMap((n) => n.audience))];
  const subscriptions = await tx.webhookSubscription.findMany({
    where: { active: true, department: { in: departments } },
    select: { id: true, department: true, topics: true, gridPrefixes: true },
  });
  const rows: Prisma.WebhookDeliveryCreateManyInput[] = [];
  for (const notification of notifications) {
    for (const subscription of subscriptions) {
      if (!notification.audience.includes(subscription.department) || !subscription.topics.includes(notification.topic)) continue;
      const inScope = subscription.gridPrefixes.length === 0 || subscription.gridPrefixes.some((prefix) => event.gridCode.startsWith(prefix));
      if (!inScope) continue;
      const id = randomUUID();
      rows.push({
        id,
        subscriptionId: subscription.id,
        topic: notification.topic,
        eventId: event.id,
        body: notificationBody(id, notification, event, now),
        createdAt: now,
        status: 'PENDING',
        nextAttemptAt: now,
      });
    }
  }
  if (rows.length) await tx.webhookDelivery.createMany({ data: rows });
  return rows.length;
}
