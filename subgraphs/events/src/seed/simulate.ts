import type { Rng } from '../../../../synthetic-city/rng';
import { addWorkingDays } from '../../../kit/src/calendar/working-calendar';
import { DEPARTMENTS, DepartmentId } from '../catalogue/departments';
import type { EventsDomain } from '../domain';
import type { DispatchRow, EventRow, TransitionRow } from '../prisma';
import { SWEEP_USER, triggers } from '../supervision/plan';
import { levelName } from '../supervision/rules';
import type { Actor } from '../workflow/actors';
import { categoryOf, Command, decide, TimelineDraft } from '../workflow/decide';
import type { SupervisionDraft } from '../workflow/effects';
import { newEventRow, REPORT_TRANSITION } from '../workflow/report';
import { raisedPatch } from '../workflow/side-steps';
import type { SeedReport } from './scenario';
import { DISPATCHER, gridWorker, handler, leader } from './seed-actors';

/**
 * Plays one report through the closed loop with the workflow's own `decide`, so every seeded
 * history is one the API could have produced: same deadlines, same lights, same timeline. Steps
 * happen at plausible times (mostly on time, some late, some returned, extended or reopened) and
 * the history stops at the seed's "now": recent reports are still open, old ones closed.
 */

/**
 * Where a history may be made to wait, so that every state appears in the seed even for a tiny
 * city: the step named is never taken (RETURNED waits for the re-dispatch after a forced return);
 * REJECT forces a rejection instead.
 */
export const STALL_POINTS = ['REJECT', 'REGISTER', 'DISPATCH', 'ACCEPT', 'REDISPATCH', 'DECIDE_EXTENSION', 'SUBMIT_HANDLING', 'VERIFY', 'EVALUATE'] as const;
export type StallPoint = (typeof STALL_POINTS)[number];

export interface SimulatedEvent {
  row: EventRow;
  transitions: TransitionRow[];
  dispatches: DispatchRow[];
  supervisions: (SupervisionDraft & { id: string; eventId: string })[];
  alerts: { eventId: string; key: string; at: Date }[];
}

const HOUR_MS = 3_600_000;
const SATISFACTION: [number, number][] = [
  [5, 45],
  [4, 30],
  [3, 15],
  [2, 6],
  [1, 4],
];

class History {
  readonly transitions: TransitionRow[] = [];
  readonly dispatches: DispatchRow[] = [];
  readonly supervisions: SimulatedEvent['supervisions'] = [];
  readonly alerts: SimulatedEvent['alerts'] = [];
  private readonly done = new Set<string>();
  t: Date;

  constructor(
    public row: EventRow,
    reporter: Actor,
    private readonly domain: EventsDomain,
    private readonly now: Date,
  ) {
    this.t = row.reportedAt;
    this.record(reporter, row.reportedAt, REPORT_TRANSITION(row));
  }

  /**
   * What the supervision sweep would have raised before `until`, at the instants it came due: the
   * rules' supervision (timeline entries) and the deadline alerts. Leaves next_sweep_at where the live
   * sweep takes over.
   */
  catchUp(until: Date): void {
    for (;;) {
      const pending = triggers(this.row, [], this.domain)
        .filter((t) => !this.done.has(t.supervision?.ruleKey ?? t.alert!.key))
        .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
      const next = pending[0];
      if (!next || next.dueAt >= until) {
        this.row = { ...this.row, nextSweepAt: next?.dueAt ?? null };
        return;
      }
      const at = new Date(Math.max(next.dueAt.getTime(), this.t.getTime() + 1));
      if (next.alert) {
        this.done.add(next.alert.key);
        this.alerts.push({ eventId: this.row.id, key: next.alert.key, at });
        continue;
      }
      const supervision = next.supervision!;
      this.done.add(supervision.ruleKey);
      this.supervisions.push({ ...supervision, id: `${this.row.id}:${supervision.ruleKey}`, eventId: this.row.id, raisedAt: at });
      this.row = { ...this.row, ...raisedPatch(this.row, [supervision]), version: this.row.version + 1, updatedAt: at };
      const sweep = { user: SWEEP_USER, department: supervision.raisedByDepartment, jurisdiction: [] };
      this.record(sweep, at, {
        action: 'SUPERVISE',
        fromStatus: this.row.status,
        toStatus: this.row.status,
        department: this.row.department,
        note: null,
        details: { level: levelName(supervision.level), byRule: true, dueAt: supervision.dueAt!.toISOString(), supervised: supervision.department },
      });
      this.t = at;
    }
  }

  /** Applies the command at `at` (never before the previous step); false once `at` is past the seed's now. */
  step(at: Date, actor: Actor, command: Command): boolean {
    const time = new Date(Math.max(at.getTime(), this.t.getTime() + 60_000));
    this.catchUp(time > this.now ? this.now : time);
    if (time > this.now) return false;
    const decision = decide(this.row, command, actor, time, this.domain);
    this.row = { ...this.row, ...decision.patch, version: this.row.version + 1, updatedAt: time };
    this.record(actor, time, decision.transition);
    if (decision.dispatch && 'open' in decision.dispatch) this.dispatches.push(decision.dispatch.open);
    else if (decision.dispatch) Object.assign(this.dispatches[this.dispatches.length - 1]!, decision.dispatch.update);
    this.t = time;
    return true;
  }

  private record(actor: Actor, at: Date, draft: TimelineDraft) {
    this.transitions.push({
      eventId: this.row.id,
      sequence: this.row.version,
      at,
      action: draft.action,
      fromStatus: draft.fromStatus,
      toStatus: draft.toStatus,
      actorUser: actor.user,
      actorDepartment: actor.department,
      actorRole: actor.role ?? null,
      department: draft.department,
      note: draft.note,
      details: (draft.details ?? null) as TransitionRow['details'],
    });
  }
}

export function simulateEvent(
  report: SeedReport,
  id: string,
  earlierInGrid: readonly string[],
  rng: Rng,
  domain: EventsDomain,
  now: Date,
  stall?: StallPoint,
): SimulatedEvent {
  const history = new History(newEventRow(id, report.draft, report.reporter, report.channel, report.reportedAt, domain), report.reporter, domain, now);
  play(history, report, earlierInGrid, rng, domain, stall);
  history.catchUp(now);
  const row = { ...history.row, idempotencyKey: null, requestHash: null };
  return { row, transitions: history.transitions, dispatches: history.dispatches, supervisions: history.supervisions, alerts: history.alerts };
}

function play(h: History, report: SeedReport, earlierInGrid: readonly string[], rng: Rng, domain: EventsDomain, stall?: StallPoint): void {
  const uniform = (lo: number, hi: number) => lo + rng.next() * (hi - lo);
  const hoursLater = (lo: number, hi: number) => new Date(h.t.getTime() + uniform(lo, hi) * HOUR_MS);
  const workingLater = (from: Date, days: number) => addWorkingDays(domain.calendar, from, days);
  const category = categoryOf(domain, h.row.categoryCode);

  if (stall === 'REJECT' || (!stall && rng.chance(0.06))) {
    const duplicateOfId = earlierInGrid.length > 0 && rng.chance(0.5) ? rng.pick(earlierInGrid) : null;
    h.step(hoursLater(0.3, 6), DISPATCHER, { action: 'REJECT', reason: duplicateOfId ? '重复上报' : '经核实情况不属实', duplicateOfId });
    return;
  }
  if (stall === 'REGISTER' || !h.step(hoursLater(0.3, 6), DISPATCHER, { action: 'REGISTER' })) return;
  if (stall === 'DISPATCH' || !h.step(hoursLater(0.2, 8), DISPATCHER, { action: 'DISPATCH' })) return;
  if (stall === 'ACCEPT') return;
  if (stall === 'REDISPATCH' || (!stall && rng.chance(0.1))) {
    const returning = h.row.department as DepartmentId;
    const reason = `经核查不属于${DEPARTMENTS[returning]}职责范围，建议改派`;
    if (!h.step(workingLater(h.t, uniform(0.05, 0.6)), handler(returning), { action: 'RETURN', reason })) return;
    if (stall === 'REDISPATCH' || !h.step(hoursLater(0.5, 6), DISPATCHER, { action: 'DISPATCH' })) return;
  }
  const department = h.row.department!;
  const dispatchedAt = h.row.dispatchedAt!;
  const contactShare = rng.chance(0.85) ? uniform(0.1, 0.9) : uniform(1.05, 1.8);
  if (!h.step(workingLater(dispatchedAt, category.limits.contactWorkingDays * contactShare), handler(department), { action: 'ACCEPT' })) return;

  let allowed = category.limits.handleWorkingDays;
  if (category.extension.allowed && (stall === 'DECIDE_EXTENSION' || (!stall && rng.chance(0.15)))) {
    const workingDays = rng.int(1, category.extension.maxWorkingDays!);
    const request: Command = { action: 'REQUEST_EXTENSION', workingDays, reason: '情况复杂，需协调相关单位共同处置' };
    if (!h.step(workingLater(dispatchedAt, allowed * uniform(0.5, 0.8)), handler(department), request)) return;
    if (stall === 'DECIDE_EXTENSION') return;
    const approve = rng.chance(0.8);
    if (!h.step(hoursLater(2, 20), leader(department), { action: 'DECIDE_EXTENSION', approve })) return;
    if (approve) allowed += workingDays;
  }

  if (stall === 'SUBMIT_HANDLING' || stall === 'DECIDE_EXTENSION') return;
  const roll = rng.next();
  const share = roll < 0.6 ? uniform(0.2, 0.75) : roll < 0.85 ? uniform(0.75, 0.99) : uniform(1.02, 1.6);
  const handling = (): Command => ({
    action: 'SUBMIT_HANDLING',
    result: `已按标准处置：${category.closureStandard}`,
    attachments: [`https://evidence.shifan.example/${h.row.id}/${h.row.version}.jpg`],
  });
  if (!h.step(workingLater(dispatchedAt, allowed * share), handler(department), handling())) return;

  const worker = gridWorker(h.row.gridCode);
  if (stall === 'VERIFY') return;
  if (rng.chance(0.08)) {
    if (!h.step(workingLater(h.t, uniform(0.1, 1.5)), worker, { action: 'VERIFY', passed: false, note: '现场复核仍未整改到位' })) return;
    if (!h.step(workingLater(h.t, uniform(0.3, 2)), handler(department), handling())) return;
  }
  if (!h.step(workingLater(h.t, uniform(0.1, 1.5)), worker, { action: 'VERIFY', passed: true })) return;
  if (stall === 'EVALUATE' || !rng.chance(0.75)) return;
  const satisfaction = weightedSatisfaction(rng);
  if (!h.step(hoursLater(4, 72), report.reporter, { action: 'EVALUATE', satisfaction, comment: satisfaction >= 4 ? '处理及时，满意' : '处理较慢' })) return;
  if (h.row.status !== 'DISPATCHED') return;
  // Dissatisfied: the same department redoes it (and a second dissatisfaction escalates it).
  const redo = h.row.dispatchedAt!;
  if (!h.step(workingLater(redo, category.limits.contactWorkingDays * uniform(0.1, 0.9)), handler(department), { action: 'ACCEPT' })) return;
  if (!h.step(workingLater(redo, category.limits.handleWorkingDays * uniform(0.3, 1.2)), handler(department), handling())) return;
  if (!h.step(workingLater(h.t, uniform(0.1, 1.5)), worker, { action: 'VERIFY', passed: true })) return;
  const again = rng.chance(0.7) ? rng.int(3, 5) : rng.int(1, 2);
  h.step(hoursLater(4, 72), report.reporter, { action: 'EVALUATE', satisfaction: again, comment: again >= 3 ? '返工后已解决' : '仍未解决' });
}

function weightedSatisfaction(rng: Rng): number {
  let roll = rng.next() * 100;
  for (const [score, weight] of SATISFACTION) {
    roll -= weight;
    if (roll < 0) return score;
  }
  return 5;
}
