import { randomBytes, randomUUID } from 'node:crypto';
import { badUserInput, notFound } from '../../../../platform/errors';
import type { AuditContext } from '../loaders';
import { ANOMALY_KINDS, AnomalyKind } from '../anomalies/anomaly';

const URL_MAX = 500;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https only, except to this machine (development and tests); no credentials in the URL: as the events subgraph's webhooks. */
function checkedUrl(value: string): string {
  const refuse = (problem: string) => badUserInput(`input.url ${problem}`, { argument: 'input.url' });
  if (value.length > URL_MAX) throw refuse(`is ${value.length} characters; at most ${URL_MAX}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refuse(`${JSON.stringify(value.slice(0, 80))} is not a URL`);
  }
  if (url.username || url.password) throw refuse('must not carry a user name or password');
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))) return url.href;
  throw refuse(`must be https (http is accepted only to this machine), got ${url.protocol}//${url.hostname}`);
}

function checkedKinds(kinds: readonly string[]): AnomalyKind[] {
  if (kinds.length === 0) throw badUserInput(`input.kinds: name at least one of ${ANOMALY_KINDS.join(', ')}`, { argument: 'input.kinds' });
  return [...new Set(kinds)] as AnomalyKind[];
}

/** A webhook for new findings of the chosen kinds; the secret is shown once, here, to sign-check deliveries. */
export async function subscribeToFindings(input: { url: string; kinds: string[] }, ctx: AuditContext) {
  const data = {
    id: randomUUID(),
    url: checkedUrl(input.url),
    kinds: checkedKinds(input.kinds),
    secret: randomBytes(32).toString('hex'),
    createdBy: ctx.caller.user,
    createdAt: ctx.now(),
  };
  await ctx.db.prisma.findingSubscription.create({ data });
  ctx.logger.info({ event: 'audit.findings_subscribed', requestId: ctx.requestId, subscriptionId: data.id, kinds: data.kinds }, 'findings webhook subscribed');
  return { id: data.id, url: data.url, kinds: data.kinds, active: true, secret: data.secret };
}

export async function unsubscribeFromFindings(input: { id: string }, ctx: AuditContext) {
  const changed = await ctx.db.prisma.findingSubscription.updateMany({ where: { id: input.id }, data: { active: false } });
  if (changed.count === 0) throw notFound(`No findings subscription ${JSON.stringify(input.id.slice(0, 60))}`, { argument: 'input.id' });
  const row = await ctx.db.prisma.findingSubscription.findUniqueOrThrow({ where: { id: input.id } });
  // The kinds were checked when subscribed; one a later release dropped is not shown as a kind.
  const kinds = row.kinds.filter((kind): kind is AnomalyKind => (ANOMALY_KINDS as readonly string[]).includes(kind));
  return { id: row.id, url: row.url, kinds, active: row.active, secret: null };
}
