import { GRID_COMMAND } from '../catalogue/departments';
import type { EventRow } from '../prisma';
import type { SweepPlan } from '../supervision/plan';
import { levelName } from '../supervision/rules';
import type { Decision } from '../workflow/commands';

/**
 * What departments are told (by webhook) when an event changes, and who is told. Every notification
 * goes to the grid command centre (it runs the loop) and to the department it concerns; a
 * subscription receives those of its department, topics and grids (see subscriptions.ts).
 *
 * A notification carries no personal data (no contact, no persons, no free text): ids, codes, states
 * and instants. A receiver that needs more asks the API, where policy and the audit trail apply.
 */

export const WEBHOOK_TOPICS = ['DISPATCHED', 'RETURNED', 'REOPENED', 'SUPERVISED', 'DEADLINE_APPROACHING', 'DEADLINE_PASSED', 'HANDED_OVER'] as const;
export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];

export interface NotificationDraft {
  topic: WebhookTopic;
  /** Departments whose subscriptions may receive it. */
  audience: string[];
  detail: Record<string, unknown>;
}

const audience = (...departments: (string | null | undefined)[]) => [...new Set([GRID_COMMAND, ...departments.filter((d): d is string => !!d)])];

/** Notifications of a workflow step, from the event before and after it. */
export function transitionNotifications(before: EventRow, after: EventRow, decision: Decision): NotificationDraft[] {
  const { action, details } = decision.transition;
  const reopened = (details as { reopened?: string } | null)?.reopened;
  const found: NotificationDraft[] = [];
  if (decision.dispatch && 'open' in decision.dispatch) {
    const open = decision.dispatch.open;
    found.push({
      topic: 'DISPATCHED',
      audience: audience(open.department, ...after.coHandlerDepartments),
      detail: { dispatchSequence: open.sequence, department: open.department, coHandlers: after.coHandlerDepartments, redo: reopened === 'REDO' },
    });
  }
  if (action === 'RETURN') {
    found.push({ topic: 'RETURNED', audience: audience(before.department), detail: { returnedBy: before.department } });
  }
  if ((action === 'VERIFY' && after.status === 'ACCEPTED') || reopened) {
    found.push({
      topic: 'REOPENED',
      audience: audience(after.department ?? before.department),
      detail: { why: action === 'VERIFY' ? 'ON_SITE_CHECK_FAILED' : reopened === 'ESCALATED' ? 'ESCALATED' : 'REDO', department: after.department },
    });
  }
  if (action === 'HAND_UP' || action === 'HAND_DOWN') {
    found.push({ topic: 'HANDED_OVER', audience: audience(), detail: { from: before.commandLevel, to: after.commandLevel } });
  }
  for (const effect of decision.effects) {
    if (effect.kind !== 'RAISE_SUPERVISION') continue;
    found.push({ topic: 'SUPERVISED', audience: audience(effect.supervision.department), detail: supervisionDetail(effect.supervision, false) });
  }
  return found;
}

function supervisionDetail(s: { level: number; department: string; responseDeadline: Date; dueAt: Date | null }, byRule: boolean) {
  return { level: levelName(s.level), supervised: s.department, responseDeadline: s.responseDeadline.toISOString(), byRule };
}

/** Notifications of what the sweep raised. */
export function sweepNotifications(plan: Pick<SweepPlan, 'supervisions' | 'alerts'>): NotificationDraft[] {
  return [
    ...plan.supervisions.map((s): NotificationDraft => ({ topic: 'SUPERVISED', audience: audience(s.department), detail: supervisionDetail(s, true) })),
    ...plan.alerts.map((a): NotificationDraft => ({
      topic: a.kind === 'APPROACHING' ? 'DEADLINE_APPROACHING' : 'DEADLINE_PASSED',
      audience: audience(a.department),
      detail: { clock: a.clock, department: a.department, deadline: a.deadline.toISOString() },
    })),
  ];
}

/** The JSON a subscriber receives; fixed when the delivery is written, so retries send the same bytes. */
export function notificationBody(deliveryId: string, notification: NotificationDraft, event: EventRow, occurredAt: Date): string {
  return JSON.stringify({
    id: deliveryId,
    topic: notification.topic,
    occurredAt: occurredAt.toISOString(),
    event: {
      id: event.id,
      version: event.version,
      status: event.status,
      categoryCode: event.categoryCode,
      gridCode: event.gridCode,
      department: event.department,
      commandLevel: event.commandLevel,
      commandDeadline: event.commandDeadline?.toISOString() ?? null,
      contactDeadline: event.contactDeadline?.toISOString() ?? null,
      handleDeadline: event.handleDeadline?.toISOString() ?? null,
      supervisionLevel: event.supervisionLevel === null ? null : levelName(event.supervisionLevel),
    },
    detail: notification.detail,
  });
}
