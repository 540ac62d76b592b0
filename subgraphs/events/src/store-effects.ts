import { randomUUID } from 'node:crypto';
import { Prisma } from '../prisma/generated/client';
import type { EventRow } from './prisma';
import type { Actor } from './workflow/actors';
import type { TimelineDraft } from './workflow/commands';
import type { CoHandlerRow, Effect, SupervisionDraft } from './workflow/effects';

type Tx = Prisma.TransactionClient;

/** Rows a decision writes beside the event, its timeline and its dispatch (see workflow/effects.ts). */

export function transitionRow(eventId: string, sequence: number, at: Date, actor: Pick<Actor, 'user' | 'department' | 'role'>, draft: TimelineDraft) {
  return {
    eventId,
    sequence,
    at,
    action: draft.action,
    fromStatus: draft.fromStatus,
    toStatus: draft.toStatus,
    actorUser: actor.user,
    actorDepartment: actor.department,
    actorRole: actor.role ?? null,
    department: draft.department,
    note: draft.note,
    details: draft.details ?? Prisma.DbNull,
  };
}

export function insertSupervision(tx: Tx, eventId: string, draft: SupervisionDraft) {
  return tx.eventSupervision.create({ data: { id: randomUUID(), eventId, ...draft } });
}

/** The co-handlers' parts of the event's current dispatch as they stand after `effects`. */
export async function partsAfter(tx: Tx, event: EventRow, effects: readonly Effect[]): Promise<CoHandlerRow[]> {
  const opened = effects.flatMap((e) => (e.kind === 'OPEN_CO_HANDLERS' ? e.rows : []));
  if (opened.length) return opened;
  if (event.coHandlerDepartments.length === 0) return [];
  const parts = await tx.eventCoHandler.findMany({ where: { eventId: event.id, dispatchSequence: event.dispatchCount } });
  const submitted = effects.flatMap((e) => (e.kind === 'SUBMIT_CO_HANDLING' ? [e] : []));
  return parts.map((p) => {
    const s = submitted.find((e) => e.department === p.department);
    return s ? { ...p, submittedAt: s.at } : p;
  });
}

export async function applyEffects(tx: Tx, event: EventRow, effects: readonly Effect[]): Promise<void> {
  for (const effect of effects) {
    switch (effect.kind) {
      case 'RAISE_SUPERVISION':
        await insertSupervision(tx, event.id, effect.supervision);
        break;
      case 'ANSWER_SUPERVISION':
        await tx.eventSupervision.updateMany({
          where: { eventId: event.id, stage: effect.stage, level: { in: effect.levels }, respondedAt: null },
          data: { respondedAt: effect.at, respondedBy: effect.by, response: effect.response },
        });
        break;
      case 'OPEN_CO_HANDLERS':
        await tx.eventCoHandler.createMany({ data: effect.rows });
        break;
      case 'SUBMIT_CO_HANDLING': {
        const key = { eventId: event.id, dispatchSequence: effect.dispatchSequence, department: effect.department };
        const part = await tx.eventCoHandler.findUniqueOrThrow({ where: { eventId_dispatchSequence_department: key } });
        await tx.eventCoHandler.update({
          where: { eventId_dispatchSequence_department: key },
          data: { submittedAt: effect.at, submittedBy: effect.by, result: effect.result, late: effect.at > part.deadline },
        });
        break;
      }
      case 'CANCEL_CO_HANDLERS':
        await tx.eventCoHandler.updateMany({
          where: { eventId: event.id, dispatchSequence: effect.dispatchSequence, submittedAt: null },
          data: { cancelledAt: effect.at },
        });
        break;
      case 'REOPEN_DISPATCH':
        await tx.eventDispatch.update({ where: { eventId_sequence: { eventId: event.id, sequence: effect.sequence } }, data: { reopenedAt: effect.at } });
        break;
    }
  }
}

/** The earliest response deadline among the supervision of the step still awaiting an answer. */
export async function openSupervisionDueAt(tx: Tx, eventId: string, stage: string): Promise<Date | null> {
  const open = await tx.eventSupervision.aggregate({ where: { eventId, stage, respondedAt: null }, _min: { responseDeadline: true } });
  return open._min.responseDeadline ?? null;
}
