import type { WebhookAttemptResolvers, WebhookDeliveryResolvers, WebhookSubscriptionResolvers } from '../generated/resolver-types';
import { isoInstant } from './times';

/** Subscriptions never show their secret again; deliveries show their body (no personal data) and attempts. */
export const WebhookSubscription: WebhookSubscriptionResolvers = {
  createdAt: (s) => isoInstant(s.createdAt),
};

export const WebhookDelivery: WebhookDeliveryResolvers = {
  createdAt: (d) => isoInstant(d.createdAt),
  nextAttemptAt: (d) => (d.status === 'PENDING' ? isoInstant(d.nextAttemptAt) : null),
  deliveredAt: (d) => isoInstant(d.deliveredAt),
  log: (d, _, ctx) => ctx.loaders.attemptsByDelivery.load(d.id),
};

export const WebhookAttempt: WebhookAttemptResolvers = {
  at: (a) => isoInstant(a.at),
};
