import type { MutationResolvers } from '../generated/resolver-types';
import type { EventsContext } from '../loaders';
import { createSubscription, ownSubscription, replayDeliveries, authorizeSubscriber } from '../notify/subscriptions';
import { outboxWritten } from '../notify/wake';

export const WebhookMutation: MutationResolvers = {
  createWebhookSubscription: async (
    _: unknown,
    { input }: { input: { url: string; topics: string[]; gridCode?: string | null; description?: string | null } },
    ctx: EventsContext,
  ) => {
    const created = await createSubscription(ctx.db.prisma, ctx.caller, input, ctx.now());
    ctx.logger.info({ event: 'events.webhook_subscribed', subscriptionId: created.subscription.id, topics: created.subscription.topics }, 'webhook subscribed');
    return created;
  },
  deactivateWebhookSubscription: async (_: unknown, { input }: { input: { id: string } }, ctx: EventsContext) => {
    authorizeSubscriber(ctx.caller);
    const subscription = await ownSubscription(ctx.db.prisma, ctx.caller, input.id);
    return { subscription: await ctx.db.prisma.webhookSubscription.update({ where: { id: subscription.id }, data: { active: false } }) };
  },
  replayWebhookDeliveries: async (
    _: unknown,
    { input }: { input: { subscriptionId: string; deliveryIds?: string[] | null; since?: string | null } },
    ctx: EventsContext,
  ) => {
    const replayed = await replayDeliveries(ctx.db.prisma, ctx.caller, input, ctx.now());
    if (replayed > 0) outboxWritten(ctx.db);
    ctx.logger.info({ event: 'events.webhook_replayed', subscriptionId: input.subscriptionId, replayed }, 'webhook deliveries replayed');
    return { replayed };
  },
};
