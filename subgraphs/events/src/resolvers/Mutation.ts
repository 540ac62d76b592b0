import { eventsDomain } from '../domain';
import { badUserInput, forbidden } from '../errors';
import type { MutationResolvers } from '../generated/resolver-types';
import type { EventsContext } from '../loaders';
import { outboxWritten } from '../notify/wake';
import type { EventRow } from '../prisma';
import { applyCommand, createReport, earlierReport, unknownReference } from '../store';
import { refreshReferences } from '../feeds/attached';
import { levelNumber, SupervisionLevelName } from '../supervision/rules';
import { reportingChannel } from '../workflow/actors';
import { coversGrid } from '../../../../platform/jurisdiction';
import { authorizeRole } from '../workflow/permissions';
import type { CoHandlerInput, Command } from '../workflow/decide';
import { checkedEventId, checkReport, checkReportFields, ReportDraft, ReportInput } from '../workflow/report';
import { locateAddressText, ReportedAddress } from '../address-text';
import { GridWorkMutation } from './grid-work-mutations';
import { WebhookMutation } from './webhook-mutations';

type Versioned<T = object> = { input: { id: string; expectedVersion: number } & T };

/** Role first, then the shape of the key (both before anything is read), then the transaction that checks and writes the step. */
async function perform(ctx: EventsContext, id: string, expectedVersion: number, command: Command): Promise<{ event: EventRow }> {
  authorizeRole(command.action, ctx.caller);
  checkedEventId(id, 'id', 'field');
  if (expectedVersion < 1) {
    throw badUserInput(`expectedVersion must be a whole number from 1 (the version you read), got ${expectedVersion}`, { field: 'expectedVersion' });
  }
  const { event, queued } = await applyCommand(ctx.db.prisma, eventsDomain(), { eventId: id, expectedVersion, command, actor: ctx.caller, now: ctx.now() });
  if (queued > 0) outboxWritten(ctx.db);
  ctx.loaders.eventById.clear(id).prime(id, event);
  ctx.logger.info({ event: 'events.transition', eventId: id, action: command.action, version: event.version, queued }, 'event transition');
  return { event };
}

/** A versioned step's resolver: the command from the input's other fields. */
const stepOf =
  <T>(command: (input: T) => Command) =>
  (_: unknown, { input }: Versioned<T>, ctx: EventsContext) =>
    perform(ctx, input.id, input.expectedVersion, command(input));

export const Mutation: MutationResolvers = {
  reportEvent: async (_: unknown, { input }: { input: ReportInput }, ctx: EventsContext) => {
    const channel = reportingChannel(ctx.caller);
    let draft: ReportDraft;
    let address: ReportedAddress | null = null;
    if (input.addressText == null) draft = checkReport(input, eventsDomain());
    else {
      const fields = checkReportFields(input, eventsDomain());
      const earlier = await earlierReport(ctx.db.prisma, ctx.caller, fields);
      if (earlier && !coversGrid(ctx.caller, earlier.event.gridCode)) {
        throw forbidden(`reportEvent: grid ${earlier.event.gridCode} is outside your jurisdiction (${ctx.caller.jurisdiction.join(', ')})`);
      }
      if (earlier) return { ...earlier, address: null };
      const located = await locateAddressText(fields.addressText!, input, ctx);
      // Several addresses fit: the reporter chooses while the caller is still on the line; nothing is stored.
      if (located.kind === 'choose') return { event: null, replayed: false, address: located.reported };
      draft = { ...fields, gridCode: located.gridCode, addressCode: located.addressCode };
      address = located.reported;
    }
    if (!coversGrid(ctx.caller, draft.gridCode)) {
      throw forbidden(`reportEvent: grid ${draft.gridCode} is outside your jurisdiction (${ctx.caller.jurisdiction.join(', ')})`);
    }
    // A key the copy does not know may have been registered a moment ago: read the feeds once first.
    if (await unknownReference(ctx.db.prisma, draft)) await refreshReferences(ctx.db);
    const result = await createReport(ctx.db.prisma, eventsDomain(), { draft, actor: ctx.caller, channel, now: ctx.now() });
    ctx.loaders.eventById.prime(result.event.id, result.event);
    ctx.logger.info({ event: 'events.reported', eventId: result.event.id, replayed: result.replayed, channel }, 'event reported');
    return { ...result, address };
  },
  registerEvent: stepOf((i: { categoryCode?: string | null; note?: string | null }) => ({ action: 'REGISTER', categoryCode: i.categoryCode, note: i.note })),
  rejectEvent: stepOf((i: { reason: string; duplicateOfId?: string | null }) => ({
    action: 'REJECT',
    reason: i.reason,
    duplicateOfId: i.duplicateOfId == null ? null : checkedEventId(i.duplicateOfId, 'duplicateOfId', 'field'),
  })),
  dispatchEvent: stepOf((i: { department?: string | null; note?: string | null; coHandlers?: CoHandlerInput[] | null }) => ({
    action: 'DISPATCH',
    department: i.department,
    note: i.note,
    coHandlers: i.coHandlers,
  })),
  acceptEvent: stepOf((i: { note?: string | null }) => ({ action: 'ACCEPT', note: i.note })),
  returnEvent: stepOf((i: { reason: string }) => ({ action: 'RETURN', reason: i.reason })),
  requestExtension: stepOf((i: { workingDays: number; reason: string }) => ({ action: 'REQUEST_EXTENSION', workingDays: i.workingDays, reason: i.reason })),
  decideExtension: stepOf((i: { approve: boolean; workingDays?: number | null; note?: string | null }) => ({
    action: 'DECIDE_EXTENSION',
    approve: i.approve,
    workingDays: i.workingDays,
    note: i.note,
  })),
  submitHandling: stepOf((i: { result: string; attachments?: string[] | null }) => ({
    action: 'SUBMIT_HANDLING',
    result: i.result,
    attachments: i.attachments,
  })),
  verifyEvent: stepOf((i: { passed: boolean; note?: string | null }) => ({ action: 'VERIFY', passed: i.passed, note: i.note })),
  evaluateEvent: stepOf((i: { satisfaction: number; comment?: string | null }) => ({ action: 'EVALUATE', satisfaction: i.satisfaction, comment: i.comment })),
  answerEventDirectly: stepOf((i: { answer: string }) => ({ action: 'DIRECT_ANSWER', answer: i.answer })),
  handUpEvent: stepOf((i: { reason: string }) => ({ action: 'HAND_UP', reason: i.reason })),
  handDownEvent: stepOf((i: { note?: string | null }) => ({ action: 'HAND_DOWN', note: i.note })),
  superviseEvent: stepOf((i: { level: SupervisionLevelName; note: string }) => ({ action: 'SUPERVISE', level: levelNumber(i.level), note: i.note })),
  respondToSupervision: stepOf((i: { response: string }) => ({ action: 'RESPOND_SUPERVISION', response: i.response })),
  reportEventProgress: stepOf((i: { progress: string }) => ({ action: 'REPORT_PROGRESS', progress: i.progress })),
  submitCoHandling: stepOf((i: { result: string }) => ({ action: 'SUBMIT_CO_HANDLING', result: i.result })),
  ...WebhookMutation,
  ...GridWorkMutation,
};
