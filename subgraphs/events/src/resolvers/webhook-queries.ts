import { parsePageRequest, toConnection } from '../../../kit/src/pagination';
import { badUserInput } from '../errors';
import type { EventsContext } from '../loaders';
import { authorizeSubscriber, ownSubscription } from '../notify/subscriptions';

/** A department sees its own subscriptions and their delivery logs, nobody else's. */
export function webhookSubscriptions(ctx: EventsContext) {
  authorizeSubscriber(ctx.caller);
  return ctx.db.prisma.webhookSubscription.findMany({ where: { department: ctx.caller.department }, orderBy: { createdAt: 'asc' } });
}

const STATUSES = ['PENDING', 'DELIVERED', 'FAILED'];

export async function webhookDeliveries(
  _: unknown,
  args: { subscriptionId: string; status?: string | null; first?: number | null; after?: string | null },
  ctx: EventsContext,
) {
  authorizeSubscriber(ctx.caller);
  const subscription = await ownSubscription(ctx.db.prisma, ctx.caller, args.subscriptionId);
  const page = parsePageRequest(args);
  // Keys are "<created ms>_<id>": newest first, stable under ties.
  const after = page.afterKey ? /^(\d{1,15})_([0-9a-f-]{36})$/.exec(page.afterKey) : null;
  if (page.afterKey && !after) throw badUserInput('after is not a cursor of this list', { argument: 'after' });
  if (args.status && !STATUSES.includes(args.status)) throw badUserInput(`status must be one of ${STATUSES.join(', ')}`, { argument: 'status' });
  const rows = await ctx.db.prisma.webhookDelivery.findMany({
    where: {
      subscriptionId: subscription.id,
      ...(args.status ? { status: args.status } : {}),
      ...(after ? { OR: [{ createdAt: { lt: new Date(Number(after[1])) } }, { createdAt: new Date(Number(after[1])), id: { lt: after[2] } }] } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: page.take + 1,
  });
  const connection = toConnection(
    rows,
    page,
    (d) => `${d.createdAt.getTime()}_${d.id}`,
    (d) => d,
    async () => 0,
  );
  return { edges: connection.edges, pageInfo: connection.pageInfo };
}
