import { eventsDomain } from '../domain';
import { badUserInput, forbidden } from '../errors';
import type { EventsContext } from '../loaders';
import type { EventRow } from '../prisma';
import { applyCommand, createReport, earlierReport } from '../store';
import { coversGrid, reportingChannel } from '../workflow/actors';
import { authorizeRole } from '../workflow/permissions';
import type { Command } from '../workflow/decide';
import { checkedEventId, checkReport, checkReportFields, ReportDraft, ReportInput } from '../workflow/report';
import { locateAddressText, ReportedAddress } from '../address-text';

type Versioned<T = object> = { input: { id: string; expectedVersion: number } & T };

/** Role first, then the shape of the key (both before anything is read), then the transaction that checks and writes the step. */
async function perform(ctx: EventsContext, id: string, expectedVersion: number, command: Command): Promise<{ event: EventRow }> {
  authorizeRole(command.action, ctx.caller);
  checkedEventId(id, 'id', 'field');
  if (expectedVersion < 1) {
    throw badUserInput(`expectedVersion must be a whole number from 1 (the version you read), got ${expectedVersion}`, { field: 'expectedVersion' });
  }
  const event = await applyCommand(ctx.db.prisma, eventsDomain(), { eventId: id, expectedVersion, command, actor: ctx.caller, now: ctx.now() });
  ctx.loaders.eventById.clear(id).prime(id, event);
  ctx.logger.info({ event: 'events.transition', eventId: id, action: command.action, version: event.version }, 'event transition');
  return { event };
}

export const Mutation = {
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
    const result = await createReport(ctx.db.prisma, { draft, actor: ctx.caller, channel, now: ctx.now() });
    ctx.loaders.eventById.prime(result.event.id, result.event);
    ctx.logger.info({ event: 'events.reported', eventId: result.event.id, replayed: result.replayed, channel }, 'event reported');
    return { ...result, address };
  },
  registerEvent: (_: unknown, { input }: Versioned<{ categoryCode?: string; note?: string }>, ctx: EventsContext) =>
    perform(ctx, input.id, input.expectedVersion, { action: 'REGISTER', categoryCode: input.categoryCode, note: input.note }),
  rejectEvent: (_: unknown, { input }: Versioned<{ reason: string; duplicateOfId?: string }>, ctx: EventsContext) =>
    perform(ctx, input.id, input.expectedVersion, {
      action: 'REJECT',
      reason: input.reason,
      duplicateOfId: input.duplicateOfId == null ? null : checkedEventId(input.duplicateOfId, 'duplicateOfId', 'field'),
    }),
  dispatchEvent: (_: unknown, { input }: Versioned<{ department?: string; note?: string }>, ctx: EventsContext) =>
    perform(ctx, input.id, input.expectedVersion, { action: 'DISPATCH', department: input.department, note: input.note }),
  acceptEvent: (_: unknown, { input }: Versioned<{ note?: string }>, ctx: EventsContext) =>
    perform(ctx, input.id, input.expectedVersion, { action: 'ACCEPT', note: input.note }),
  returnEvent: (_: unknown, { input }: Versioned<{ reason: string }>, ctx: EventsContext) =>
    perform(ctx, input.id, input.expectedVersion, { action: 'RETURN', reason: input.reason }),
  requestExtension: (_: unknown, { input }: Versioned<{ workingDays: number; reason: string }>, ctx: EventsContext) =>
    perform(ctx, input.id, input.expectedVersion, { action: 'REQUEST_EXTENSION', workingDays: input.workingDays, reason: input.reason }),
  decideExtension: (_: unknown, { input }: Versioned<{ approve: boolean; workingDays?: number; note?: string }>, ctx: EventsContext) =>
    perform(ctx, input.id, input.expectedVersion, {
      action: 'DECIDE_EXTENSION',
      approve: input.approve,
      workingDays: input.workingDays,
      note: input.note,
    }),
  submitHandling: (_: unknown, { input }: Versioned<{ result: string; attachments?: string[] }>, ctx: EventsContext) =>
    perform(ctx, input.id, input.expectedVersion, { action: 'SUBMIT_HANDLING', result: input.result, attachments: input.attachments }),
  verifyEvent: (_: unknown, { input }: Versioned<{ passed: boolean; note?: string }>, ctx: EventsContext) =>
    perform(ctx, input.id, input.expectedVersion, { action: 'VERIFY', passed: input.passed, note: input.note }),
  evaluateEvent: (_: unknown, { input }: Versioned<{ satisfaction: number; comment?: string }>, ctx: EventsContext) =>
    perform(ctx, input.id, input.expectedVersion, { action: 'EVALUATE', satisfaction: input.satisfaction, comment: input.comment }),
};
