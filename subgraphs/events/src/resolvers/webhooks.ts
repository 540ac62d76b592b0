import type { WebhookDelivery as DeliveryRow, WebhookSubscription as SubscriptionRow } from '../../prisma/generated/client';
import type { EventsContext } from '../loaders';
import { isoInstant } from './times';

/** Subscriptions never show their secret again; deliveries show their body (no personal data) and attempts. */
export const WebhookSubscription = {
  createdAt: (s: SubscriptionRow) => isoInstant(s.createdAt),
};

export const WebhookDelivery = {
  createdAt: (d: DeliveryRow) => isoInstant(d.createdAt),
  nextAttemptAt: (d: DeliveryRow) => (d.status === 'PENDING' ? isoInstant(d.nextAttemptAt) : null),
  deliveredAt: (d: DeliveryRow) => isoInstant(d.deliveredAt),
  log: (d: DeliveryRow, _: unknown, ctx: EventsContext) => ctx.loaders.attemptsByDelivery.load(d.id),
};

export const WebhookAttempt = {
  at: (a: { at: Date }) => isoInstant(a.at),
};
