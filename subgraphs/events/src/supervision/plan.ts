import { addWorkingDays } from '../../../kit/src/calendar/working-calendar';
import { GRID_COMMAND } from '../catalogue/departments';
import type { EventsDomain } from '../domain';
import type { EventRow } from '../prisma';
import { ACTIVE_STATUSES } from '../workflow/actions';
import type { CoHandlerRow, SupervisionDraft } from '../workflow/effects';
import { runningStep } from '../workflow/steps';

/**
 * What the supervision sweep owes an event at an instant, as a pure function of the event, its
 * co-handlers' parts, what was already raised and the time:
 *  - supervision levels whose rule (supervision.yaml, by the category's domain) has come due on the
 *    running step, each once per step (`ruleKey`);
 *  - deadline alerts (approaching, passed) for every clock that runs: the step's, the on-site check's,
 *    the progress report's and each co-handler's part, each once per deadline instant (`key`).
 * A WARNING rule and an "approaching" alert are due at their instant (the light turns YELLOW then); a
 * DEADLINE rule and a "passed" alert once the instant has passed (RED), i.e. a millisecond later.
 */

export type AlertKind = 'APPROACHING' | 'PASSED';
export type AlertClock = 'COMMAND' | 'STEP' | 'VERIFY' | 'PROGRESS' | 'CO_HANDLING';

export interface PlannedAlert {
  key: string;
  kind: AlertKind;
  clock: AlertClock;
  /** Who the deadline binds. */
  department: string;
  deadline: Date;
}

export interface SweepPlan {
  supervisions: (SupervisionDraft & { ruleKey: string })[];
  alerts: PlannedAlert[];
  /** When something not yet done comes due; null when nothing is pending. */
  nextSweepAt: Date | null;
}

export const SWEEP_USER = 'supervision-sweep';

export interface Trigger {
  /** The first instant at which it is due. */
  dueAt: Date;
  supervision?: SupervisionDraft & { ruleKey: string };
  alert?: PlannedAlert;
}

const justAfter = (instant: Date) => new Date(instant.getTime() + 1);

function alertTriggers(clock: AlertClock, department: string, warnAt: Date | null, deadline: Date, label: string): Trigger[] {
  const alert = (kind: AlertKind): PlannedAlert => ({ key: `${label}:${deadline.getTime()}:${kind.toLowerCase()}`, kind, clock, department, deadline });
  const passed: Trigger = { dueAt: justAfter(deadline), alert: alert('PASSED') };
  return warnAt ? [{ dueAt: warnAt, alert: alert('APPROACHING') }, passed] : [passed];
}

export function triggers(event: EventRow, parts: readonly CoHandlerRow[], domain: EventsDomain): Trigger[] {
  const found: Trigger[] = [];
  const step = runningStep(event);
  const category = domain.catalogue.byCode.get(event.categoryCode);
  if (step && category) {
    for (const rule of domain.supervision.rulesFor(category.domain)) {
      const at = rule.at === 'WARNING' ? step.warnAt : addWorkingDays(domain.calendar, step.deadline, rule.afterWorkingDays);
      const spec = domain.supervision.levels.get(rule.level)!;
      const dueAt = rule.at === 'WARNING' ? at : justAfter(at);
      found.push({
        dueAt,
        supervision: {
          level: rule.level,
          stage: step.stage,
          ruleKey: `${step.stage}:${rule.level}`,
          department: step.holder,
          raisedAt: dueAt,
          dueAt: at,
          raisedByUser: SWEEP_USER,
          raisedByDepartment: GRID_COMMAND,
          note: null,
          responseDeadline: addWorkingDays(domain.calendar, dueAt, spec.responseWorkingDays),
        },
      });
    }
    const clock: AlertClock = step.holder === GRID_COMMAND && event.department === null ? 'COMMAND' : 'STEP';
    found.push(...alertTriggers(clock, step.holder, step.warnAt, step.deadline, step.stage));
  }
  if (event.status === 'HANDLED' && event.verifyDeadline) {
    found.push(...alertTriggers('VERIFY', GRID_COMMAND, null, event.verifyDeadline, 'verify'));
  }
  if (ACTIVE_STATUSES.includes(event.status) && event.department) {
    if (event.progressDeadline && !event.progressReportedAt) {
      found.push(...alertTriggers('PROGRESS', event.department, null, event.progressDeadline, `progress:${event.dispatchCount}`));
    }
    for (const part of parts) {
      if (part.dispatchSequence !== event.dispatchCount || part.submittedAt || part.cancelledAt) continue;
      found.push(...alertTriggers('CO_HANDLING', part.department, part.warnAt, part.deadline, `co:${event.dispatchCount}:${part.department}`));
    }
  }
  return found;
}

export interface Done {
  ruleKeys: ReadonlySet<string>;
  alertKeys: ReadonlySet<string>;
}

export function planSweep(event: EventRow, parts: readonly CoHandlerRow[], done: Done, now: Date, domain: EventsDomain): SweepPlan {
  const pending = triggers(event, parts, domain).filter((t) => (t.supervision ? !done.ruleKeys.has(t.supervision.ruleKey) : !done.alertKeys.has(t.alert!.key)));
  const due = pending.filter((t) => t.dueAt <= now);
  const later = pending.filter((t) => t.dueAt > now).map((t) => t.dueAt.getTime());
  return {
    supervisions: due.flatMap((t) => (t.supervision ? [raisedAt(t.supervision, now, domain)] : [])).sort((a, b) => a.level - b.level),
    alerts: due.flatMap((t) => (t.alert ? [t.alert] : [])),
    nextSweepAt: later.length ? new Date(Math.min(...later)) : null,
  };
}

/** A due rule raised at `at` (later than due when the sweep was stopped): its response time runs from then. */
export function raisedAt<T extends SupervisionDraft>(supervision: T, at: Date, domain: EventsDomain): T {
  const days = domain.supervision.levels.get(supervision.level)!.responseWorkingDays;
  return { ...supervision, raisedAt: at, responseDeadline: addWorkingDays(domain.calendar, at, days) };
}

/**
 * When the sweep should first look at an event after a transition: the earliest of its triggers,
 * done or not (the sweep then finds what is really pending), so a transition never needs to know
 * what was raised before.
 */
export function firstSweepAt(event: EventRow, parts: readonly CoHandlerRow[], domain: EventsDomain): Date | null {
  const all = triggers(event, parts, domain).map((t) => t.dueAt.getTime());
  return all.length ? new Date(Math.min(...all)) : null;
}
