import { randomBytes, randomUUID } from 'node:crypto';
import { gridCodePrefix, isWithinGridCode } from '../../../../platform/identifiers/grid-code';
import { GRID_COMMAND, isDepartmentId } from '../catalogue/departments';
import { badUserInput, forbidden, notFound } from '../errors';
import type { EventsPrisma } from '../prisma';
import { Actor, describeActor, Role } from '../workflow/actors';
import { checkGridCodeLength, optionalText, quoted } from '../workflow/input';
import { WEBHOOK_TOPICS, WebhookTopic } from './notifications';

/**
 * Webhook subscriptions are data: a department subscribes to the topics it wants and receives, of
 * them, only what concerns it (notifications.ts names the audience: its own dispatches, deadlines,
 * supervision, returns and reopenings; the grid command centre everything), and only within the
 * jurisdiction of whoever subscribed. Its leaders (and the command centre's dispatchers) manage its
 * subscriptions; the events policy names which departments may reach these mutations at all.
 */

const URL_MAX = 500;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function authorizeSubscriber(actor: Actor): void {
  const manages = actor.role === Role.LEADER || (actor.role === Role.DISPATCHER && actor.department === GRID_COMMAND);
  if (!manages) {
    throw forbidden(`webhook subscriptions are managed by a department's leaders (or grid-command dispatchers); you are ${describeActor(actor)}`, {
      reason: 'WRONG_ROLE',
    });
  }
  if (!isDepartmentId(actor.department)) {
    throw forbidden(`${actor.department} takes no part in the events workflow and has nothing to be notified of`, { reason: 'WRONG_DEPARTMENT' });
  }
}

/** https only, except to this machine (development and tests); no credentials in the URL. */
function checkedUrl(value: string): string {
  const refuse = (problem: string) => badUserInput(`url ${problem}`, { field: 'url' });
  if (value.length > URL_MAX) throw refuse(`is ${value.length} characters; at most ${URL_MAX}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refuse(`${quoted(value)} is not a URL`);
  }
  if (url.username || url.password) throw refuse('must not carry a user name or password');
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))) return url.href;
  throw refuse(`must be https (http is accepted only to this machine), got ${url.protocol}//${url.hostname}`);
}

function checkedTopics(topics: readonly string[]): WebhookTopic[] {
  if (topics.length === 0) throw badUserInput(`topics: name at least one of ${WEBHOOK_TOPICS.join(', ')}`, { field: 'topics' });
  return [...new Set(topics)] as WebhookTopic[];
}

/** The grid prefixes a subscription covers: the caller's jurisdiction, or a grid within it. */
function gridPrefixes(actor: Actor, gridCode: string | null | undefined): string[] {
  const prefixOf = (code: string) => {
    const checked = gridCodePrefix(code);
    if (!checked.ok) throw badUserInput(`gridCode ${quoted(code)} is not a grid code: ${checked.reason}`, { field: 'gridCode' });
    return checked.prefix;
  };
  if (!gridCode) return actor.jurisdiction.map(prefixOf);
  checkGridCodeLength(gridCode, 'gridCode', 'field');
  const prefix = prefixOf(gridCode);
  if (actor.jurisdiction.length > 0 && !actor.jurisdiction.some((entry) => isWithinGridCode(gridCode, entry) || prefix.startsWith(entry))) {
    throw forbidden(`gridCode ${gridCode} lies outside your jurisdiction (${actor.jurisdiction.join(', ')})`, { reason: 'OUT_OF_JURISDICTION' });
  }
  return [prefix];
}

export async function createSubscription(
  prisma: EventsPrisma,
  actor: Actor,
  input: { url: string; topics: string[]; gridCode?: string | null; description?: string | null },
  now: Date,
) {
  authorizeSubscriber(actor);
  const secret = randomBytes(32).toString('base64url');
  const subscription = await prisma.webhookSubscription.create({
    data: {
      id: randomUUID(),
      department: actor.department,
      gridPrefixes: gridPrefixes(actor, input.gridCode),
      url: checkedUrl(input.url),
      topics: checkedTopics(input.topics),
      secret,
      description: optionalText(input.description, 'description', 200),
      createdAt: now,
      createdBy: actor.user,
    },
  });
  return { subscription, secret };
}

/** One of the caller's department's subscriptions, or NOT_FOUND (another department's is not shown to exist). */
export async function ownSubscription(prisma: EventsPrisma, actor: Actor, id: string) {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw badUserInput(`subscription id ${quoted(id)} is not a subscription id`, { field: 'id' });
  const subscription = await prisma.webhookSubscription.findUnique({ where: { id } });
  if (!subscription || subscription.department !== actor.department) throw notFound(`${actor.department} has no webhook subscription ${id}`);
  return subscription;
}

/** Puts deliveries back in the queue, same ids and bodies; the attempt count keeps growing (the log numbers attempts). */
export async function replayDeliveries(
  prisma: EventsPrisma,
  actor: Actor,
  input: { subscriptionId: string; deliveryIds?: string[] | null; since?: string | null },
  now: Date,
): Promise<number> {
  authorizeSubscriber(actor);
  const subscription = await ownSubscription(prisma, actor, input.subscriptionId);
  const ids = input.deliveryIds ?? null;
  if (ids && ids.length > 500) throw badUserInput(`deliveryIds: at most 500, got ${ids.length}`, { field: 'deliveryIds' });
  if (!ids && !input.since) throw badUserInput('name deliveryIds, or since (an ISO 8601 instant)', { field: 'since' });
  const since = input.since ? new Date(input.since) : null;
  if (since && (Number.isNaN(since.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(input.since!))) {
    throw badUserInput(`since must be an ISO 8601 instant, got ${quoted(input.since!)}`, { field: 'since' });
  }
  const { count } = await prisma.webhookDelivery.updateMany({
    where: { subscriptionId: subscription.id, ...(ids ? { id: { in: ids } } : {}), ...(since ? { createdAt: { gte: since } } : {}) },
    data: { status: 'PENDING', nextAttemptAt: now, lockedUntil: null, lockedBy: null, replays: { increment: 1 } },
  });
  return count;
}
