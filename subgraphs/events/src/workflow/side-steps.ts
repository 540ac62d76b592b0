import { addWorkingDays } from '../../../kit/src/calendar/working-calendar';
import type { EventsDomain } from '../domain';
import type { EventRow } from '../prisma';
import { levelName } from '../supervision/rules';
import type { Actor } from './actors';
import { levelAbove, levelBelow } from './command-levels';
import type { Command, Step } from './commands';
import { clearedClock, dispatchClock, openDispatch } from './dispatching';
import { NO_COMMAND_CLOCK } from './deadlines';
import type { Effect } from './effects';
import { optionalText, requiredText, wholeNumberInRange } from './input';
import { runningStep } from './steps';
import { answerableLevels } from './supervision-respondents';

/**
 * The steps beside the main loop (see actions.ts): evaluation with redo and escalation, direct
 * answers, hand-overs between command levels, supervision and its answers, progress reports and
 * co-handlers' parts. Like decide, pure: refusalOf has already checked who may take them.
 */

/** At or below this rating the reporter is dissatisfied: the event is redone once, then escalated. */
export const DISSATISFIED_AT = 2;

export function evaluate(event: EventRow, command: Extract<Command, { action: 'EVALUATE' }>, now: Date, domain: EventsDomain): Step {
  const satisfaction = wholeNumberInRange(command.satisfaction, 'satisfaction', 1, 5);
  const comment = optionalText(command.comment, 'comment');
  const rated = { evaluatedAt: now, satisfaction, evaluationComment: comment };
  if (satisfaction > DISSATISFIED_AT) return { status: 'EVALUATED', patch: rated, note: comment, details: { satisfaction } };
  const reopened: Effect[] = event.dispatchCount > 0 ? [{ kind: 'REOPEN_DISPATCH', sequence: event.dispatchCount, at: now }] : [];
  if (event.redoCount === 0 && event.department && !event.answeredDirectly) {
    // Redo (返工): a new dispatch to the same department, with fresh deadlines.
    // Recorded as dispatched by the reporter whose rating sent it back.
    const redo = openDispatch(event, event.department, event.reporterUser, now, domain, false);
    return {
      status: 'DISPATCHED',
      patch: { ...redo.patch, ...rated, redoCount: 1 },
      dispatch: { open: redo.row },
      effects: reopened,
      note: comment,
      details: { satisfaction, reopened: 'REDO', department: event.department },
    };
  }
  const back = { ...clearedClock(), ...rated, department: null, closedAt: null, handlingResult: null, answeredDirectly: false, ...dispatchClock(domain, now) };
  if (event.redoCount === 0) {
    // A direct answer that did not satisfy: back to the command centre, to dispatch properly.
    return { status: 'REGISTERED', patch: { ...back, redoCount: 1 }, effects: reopened, note: comment, details: { satisfaction, reopened: 'REDO' } };
  }
  // Redone and still dissatisfied: the level above takes it (the city's centre keeps it).
  const commandLevel = levelAbove(event.commandLevel) ?? event.commandLevel;
  return {
    status: 'REGISTERED',
    patch: { ...back, commandLevel, escalationCount: event.escalationCount + 1 },
    effects: reopened,
    note: comment,
    details: { satisfaction, reopened: 'ESCALATED', from: event.commandLevel, to: commandLevel },
  };
}

export function sideStep(event: EventRow, command: Command, actor: Actor, now: Date, domain: EventsDomain): Step {
  const same = event.status;
  switch (command.action) {
    case 'DIRECT_ANSWER': {
      // 直接答办: the dispatcher answers a consultation at once; the reporter then rates the answer.
      const answer = requiredText(command.answer, 'answer');
      const late = event.commandDeadline !== null && now > event.commandDeadline;
      return {
        status: 'CLOSED',
        patch: {
          registeredAt: event.registeredAt ?? now,
          handledAt: now,
          handledLate: late,
          handledBy: actor.user,
          handlingResult: answer,
          closedAt: now,
          answeredDirectly: true,
          ...NO_COMMAND_CLOCK,
        },
        note: answer,
        details: { late },
      };
    }
    case 'HAND_UP': {
      const to = levelAbove(event.commandLevel)!;
      return { status: same, patch: { commandLevel: to }, note: requiredText(command.reason, 'reason'), details: { from: event.commandLevel, to } };
    }
    case 'HAND_DOWN': {
      const to = levelBelow(event.commandLevel)!;
      return { status: same, patch: { commandLevel: to }, note: optionalText(command.note, 'note'), details: { from: event.commandLevel, to } };
    }
    case 'SUPERVISE':
      return supervise(event, command, actor, now, domain);
    case 'RESPOND_SUPERVISION': {
      const response = requiredText(command.response, 'response');
      const levels = answerableLevels(actor, event, domain);
      const open = event.supervisionOpenLevels.filter((level) => !levels.includes(level));
      const step = runningStep(event)!;
      return {
        status: same,
        // The store recomputes the earliest response deadline among what stays open.
        patch: { supervisionOpenLevels: open, ...(open.length === 0 ? { supervisionDueAt: null } : {}) },
        effects: [{ kind: 'ANSWER_SUPERVISION', stage: step.stage, levels, response, by: actor.user, at: now }],
        note: response,
        details: { answered: levels.map(levelName) },
      };
    }
    case 'REPORT_PROGRESS': {
      const progress = requiredText(command.progress, 'progress');
      const onTime = event.progressDeadline === null ? null : now <= event.progressDeadline;
      return { status: same, patch: { progressReportedAt: event.progressReportedAt ?? now }, note: progress, details: { onTime } };
    }
    case 'SUBMIT_CO_HANDLING': {
      const result = requiredText(command.result, 'result');
      return {
        status: same,
        patch: { coHandlersPending: event.coHandlersPending.filter((d) => d !== actor.department) },
        effects: [{ kind: 'SUBMIT_CO_HANDLING', dispatchSequence: event.dispatchCount, department: actor.department, result, by: actor.user, at: now }],
        note: result,
        details: { coHandler: actor.department },
      };
    }
    default:
      throw new Error(`no step for ${command.action}`);
  }
}

/** 督办 by hand: any level, with what it demands; its response deadline comes from supervision.yaml. */
function supervise(event: EventRow, command: Extract<Command, { action: 'SUPERVISE' }>, actor: Actor, now: Date, domain: EventsDomain): Step {
  const level = wholeNumberInRange(command.level, 'level', 1, 5);
  const note = requiredText(command.note, 'note');
  const step = runningStep(event)!;
  const responseDeadline = addWorkingDays(domain.calendar, now, domain.supervision.levels.get(level)!.responseWorkingDays);
  return {
    status: event.status,
    patch: raisedPatch(event, [{ level, responseDeadline }]),
    effects: [
      {
        kind: 'RAISE_SUPERVISION',
        supervision: {
          level,
          stage: step.stage,
          ruleKey: null,
          department: step.holder,
          raisedAt: now,
          dueAt: null,
          raisedByUser: actor.user,
          raisedByDepartment: actor.department,
          note,
          responseDeadline,
        },
      },
    ],
    note,
    details: { level: levelName(level), supervised: step.holder, responseDeadline: responseDeadline.toISOString() },
  };
}

/** The event's supervision summary once `raised` are added: highest level, what awaits an answer, by when. */
export function raisedPatch(
  event: Pick<EventRow, 'supervisionLevel' | 'supervisionOpenLevels' | 'supervisionDueAt'>,
  raised: { level: number; responseDeadline: Date }[],
) {
  const levels = raised.map((r) => r.level);
  const deadlines = [event.supervisionDueAt, ...raised.map((r) => r.responseDeadline)].filter((d): d is Date => d !== null);
  return {
    supervisionLevel: Math.max(event.supervisionLevel ?? 0, ...levels),
    supervisionOpenLevels: [...new Set([...event.supervisionOpenLevels, ...levels])].sort((a, b) => a - b),
    supervisionDueAt: new Date(Math.min(...deadlines.map((d) => d.getTime()))),
  };
}
