import type { GraphQLError } from 'graphql';
import type { Prisma } from '../prisma/generated/client';
import { localDate } from '../../kit/src/calendar/working-calendar';
import type { EventsDomain } from './domain';
import { badUserInput, conflict, notFound } from './errors';
import { transitionNotifications } from './notify/notifications';
import { enqueueNotifications } from './notify/outbox';
import type { EventRow, EventsPrisma } from './prisma';
import { gridOfCode } from './references';
import { applyEffects, openSupervisionDueAt, partsAfter, transitionRow } from './store-effects';
import { firstSweepAt } from './supervision/plan';
import type { Actor } from './workflow/actors';
import { Command, decide } from './workflow/decide';
import { eventId, newEventRow, REPORT_TRANSITION, ReportDraft } from './workflow/report';
import type { EventChannel } from '../prisma/generated/enums';

/**
 * Persists workflow decisions. Every mutation is one interactive transaction that uses only `tx`
 * (on PGlite the root client would wait for the single connection the transaction holds), and every
 * write to an event is conditional on the version the caller read: of two concurrent writers exactly
 * one updates the row, the other gets CONFLICT and its transaction rolls back whole. The same
 * transaction writes the step's webhook deliveries (the outbox) and when the sweep should look next.
 */

type Tx = Prisma.TransactionClient;

/** PGlite runs one transaction at a time, so a burst of mutations queues: give the queue room. */
export const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 30_000 };

function staleVersion(event: Pick<EventRow, 'id' | 'version' | 'status'>, expected: number) {
  return conflict(
    `Event ${event.id} changed since you read it: it is at version ${event.version} (${event.status}), you sent expectedVersion ${expected}; read it again and retry`,
    { currentVersion: event.version, currentStatus: event.status },
  );
}

/** What a step wrote: the event after it, and how many webhook deliveries it queued. */
export interface Applied {
  event: EventRow;
  queued: number;
}

export async function applyCommand(
  prisma: EventsPrisma,
  domain: EventsDomain,
  request: { eventId: string; expectedVersion: number; command: Command; actor: Actor; now: Date },
): Promise<Applied> {
  const { eventId: id, expectedVersion, command, actor, now } = request;
  return prisma.$transaction(async (tx) => {
    const event = await tx.event.findUnique({ where: { id } });
    if (!event) throw notFound(`Event ${id} does not exist`);
    if (event.version !== expectedVersion) throw staleVersion(event, expectedVersion);
    if (command.action === 'REJECT' && command.duplicateOfId) {
      const original = await tx.event.findUnique({ where: { id: command.duplicateOfId }, select: { id: true } });
      if (!original) throw badUserInput(`duplicateOfId: event ${command.duplicateOfId} does not exist`, { field: 'duplicateOfId' });
    }
    const decision = decide(event, command, actor, now, domain);
    const version = expectedVersion + 1;
    const parts = await partsAfter(tx, { ...event, ...decision.patch } as EventRow, decision.effects);
    const planned = { ...event, ...decision.patch, version, updatedAt: now } as EventRow;
    const nextSweepAt = firstSweepAt(planned, parts, domain);
    const { count } = await tx.event.updateMany({
      where: { id, version: expectedVersion },
      data: { ...decision.patch, version, updatedAt: now, nextSweepAt },
    });
    if (count !== 1) throw staleVersion(await tx.event.findUniqueOrThrow({ where: { id } }), expectedVersion);
    await tx.eventTransition.create({ data: transitionRow(id, version, now, actor, decision.transition) });
    if (decision.dispatch && 'open' in decision.dispatch) {
      await tx.eventDispatch.create({ data: decision.dispatch.open });
    } else if (decision.dispatch) {
      await tx.eventDispatch.update({
        where: { eventId_sequence: { eventId: id, sequence: event.dispatchCount } },
        data: decision.dispatch.update,
      });
    }
    await applyEffects(tx, event, decision.effects);
    const answered = decision.effects.find((e) => e.kind === 'ANSWER_SUPERVISION');
    if (answered && answered.kind === 'ANSWER_SUPERVISION') {
      await tx.event.update({ where: { id }, data: { supervisionDueAt: await openSupervisionDueAt(tx, id, answered.stage) } });
    }
    const after = await tx.event.findUniqueOrThrow({ where: { id } });
    const queued = await enqueueNotifications(tx, after, transitionNotifications(event, after, decision), now);
    return { event: after, queued };
  }, TRANSACTION_OPTIONS);
}

export interface ReportResult {
  event: EventRow;
  /** True when the idempotency key matched an earlier report, which is returned unchanged. */
  replayed: boolean;
}

export async function createReport(
  prisma: EventsPrisma,
  domain: EventsDomain,
  request: { draft: ReportDraft; actor: Actor; channel: EventChannel; now: Date },
): Promise<ReportResult> {
  const { draft, actor, channel, now } = request;
  const earlier = await findByIdempotencyKey(prisma, actor, draft.idempotencyKey);
  if (earlier) return replay(earlier, draft);
  try {
    return await prisma.$transaction(async (tx) => {
      await assertKnownGrids(tx, draft);
      const day = localDate(now);
      const created = newEventRow(eventId(day, await nextEventNumber(tx, day)), draft, actor, channel, now, domain);
      const row = { ...created, nextSweepAt: firstSweepAt(created, [], domain) };
      await tx.event.create({ data: row });
      await tx.eventTransition.create({ data: transitionRow(row.id, 1, now, actor, REPORT_TRANSITION(row, draft.addressText)) });
      return { event: row, replayed: false };
    }, TRANSACTION_OPTIONS);
  } catch (error) {
    // A concurrent retry with the same key won the insert: answer as the retry it is.
    if ((error as { code?: string }).code === 'P2002') {
      const winner = await findByIdempotencyKey(prisma, actor, draft.idempotencyKey);
      if (winner) return replay(winner, draft);
    }
    throw error;
  }
}

/**
 * A retry of a report already stored, or null. Asked before a free-text address is matched: the
 * retry returns the original event even if the addresses have changed since and the text would
 * now read otherwise.
 */
export async function earlierReport(
  prisma: EventsPrisma,
  actor: Actor,
  draft: Pick<ReportDraft, 'idempotencyKey' | 'requestHash'>,
): Promise<ReportResult | null> {
  const earlier = await findByIdempotencyKey(prisma, actor, draft.idempotencyKey);
  return earlier ? replay(earlier, draft) : null;
}

function findByIdempotencyKey(prisma: EventsPrisma, actor: Actor, key: string): Promise<EventRow | null> {
  return prisma.event.findUnique({
    where: { reporterDepartment_reporterUser_idempotencyKey: { reporterDepartment: actor.department, reporterUser: actor.user, idempotencyKey: key } },
  });
}

function replay(earlier: EventRow, draft: Pick<ReportDraft, 'idempotencyKey' | 'requestHash'>): ReportResult {
  if (earlier.requestHash !== draft.requestHash) {
    throw conflict(`idempotencyKey ${draft.idempotencyKey} was already used for a different report (event ${earlier.id})`, {
      field: 'idempotencyKey',
    });
  }
  return { event: earlier, replayed: true };
}

/** Reserves the next case number of a local day; the row lock orders concurrent reports. */
export async function nextEventNumber(tx: Tx, day: string): Promise<number> {
  const rows = await tx.$queryRaw<{ last: number }[]>`
    INSERT INTO "event_day_counter" ("day", "last") VALUES (${day}, 1)
    ON CONFLICT ("day") DO UPDATE SET "last" = "event_day_counter"."last" + 1
    RETURNING "last"`;
  return Number(rows[0]!.last);
}

/** "Location outside every grid", "unknown involved person or entity": checked against the reference tables. */
async function assertKnownGrids(tx: Tx, draft: ReportDraft): Promise<void> {
  const problem = await unknownReference(tx, draft);
  if (problem) throw problem;
}

/**
 * The first reference of a report the reference tables do not know, as the error that refuses it, or
 * null. Asked once before the report's transaction too: then the feeds are pulled (a person registered
 * a moment ago), and the transaction asks again.
 */
export async function unknownReference(tx: Tx, draft: Pick<ReportDraft, 'gridCode' | 'addressCode' | 'involved'>): Promise<GraphQLError | null> {
  const houseGrids = draft.involved.houseCodes.map((code) => [code, gridOfCode(code)!] as const);
  const wanted = [...new Set([draft.gridCode, ...houseGrids.map(([, grid]) => grid)])];
  const known = new Set((await tx.gridReference.findMany({ where: { code: { in: wanted }, level: 'GRID' }, select: { code: true } })).map((g) => g.code));
  if (!known.has(draft.gridCode)) {
    return badUserInput(`The location lies outside every grid of the city: there is no grid ${draft.gridCode}`, {
      field: draft.addressCode ? 'addressCode' : 'gridCode',
    });
  }
  // A standard address the city does not have (never added, or retired by its owner) is no place to report at.
  if (draft.addressCode && !(await tx.addressReference.findUnique({ where: { code: draft.addressCode }, select: { code: true } }))) {
    return badUserInput(`addressCode: there is no standard address ${draft.addressCode} in the city (never added, or retired)`, { field: 'addressCode' });
  }
  const stray = houseGrids.find(([, grid]) => !known.has(grid));
  if (stray) {
    return badUserInput(`involvedHouseCodes: house ${stray[0]} would lie in grid ${stray[1]}, which the city does not have`, {
      field: 'involvedHouseCodes',
    });
  }
  const persons = new Set((await tx.personReference.findMany({ where: { id: { in: draft.involved.personIds } }, select: { id: true } })).map((p) => p.id));
  const unknownPerson = draft.involved.personIds.find((id) => !persons.has(id));
  if (unknownPerson) return badUserInput(`involvedPersonIds: there is no person ${unknownPerson} in the city`, { field: 'involvedPersonIds' });
  const entities = new Set(
    (await tx.entityReference.findMany({ where: { uscc: { in: draft.involved.entityUsccs } }, select: { uscc: true } })).map((e) => e.uscc),
  );
  const unknownEntity = draft.involved.entityUsccs.find((uscc) => !entities.has(uscc));
  if (unknownEntity) {
    return badUserInput(`involvedLegalEntityUsccs: there is no legal entity ${unknownEntity} in the city`, { field: 'involvedLegalEntityUsccs' });
  }
  return null;
}
