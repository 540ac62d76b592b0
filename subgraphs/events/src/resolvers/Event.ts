import { GRID_COMMAND } from '../catalogue/departments';
import { badUserInput } from '../errors';
import { eventsDomain } from '../domain';
import type { EventsContext } from '../loaders';
import type { EventRow } from '../prisma';
import { Role } from '../workflow/actors';
import { allowedActions } from '../workflow/allowed';
import { levelName } from '../supervision/rules';
import { lightAt } from '../workflow/deadlines';
import { stageOf } from '../workflow/steps';
import { isoInstant } from './times';

/** Who reports through each channel (the report's actor role, without another column). */
const REPORTER_ROLE = {
  GRID_WORKER: Role.GRID_WORKER,
  VIDEO_PATROL: Role.DISPATCHER,
  HOTLINE_12345: Role.REPORTER_SERVICE,
  WECHAT: Role.REPORTER_SERVICE,
  NON_EMERGENCY_110: Role.REPORTER_SERVICE,
} as const;

/**
 * The citizen's contact is for those working the case: the command centre, the department the event
 * is assigned to, and the channel that took the call. Others in the jurisdiction see the event
 * without it (the access policy decides who may read the field at all; this narrows it per event).
 */
function worksTheCase(event: EventRow, ctx: EventsContext): boolean {
  const department = ctx.caller.department;
  return department === GRID_COMMAND || department === event.department || department === event.reporterDepartment;
}

const stub = <T extends string>(typename: T, key: string) => (value: string) => ({ __typename: typename, [key]: value });

export const Event = {
  __resolveReference: (ref: { id: string }, ctx: EventsContext) => ctx.loaders.eventById.load(ref.id),
  category: (event: EventRow) => eventsDomain().catalogue.byCode.get(event.categoryCode) ?? null,
  contactName: (event: EventRow, _: unknown, ctx: EventsContext) => (worksTheCase(event, ctx) ? event.contactName : null),
  contactPhone: (event: EventRow, _: unknown, ctx: EventsContext) => (worksTheCase(event, ctx) ? event.contactPhone : null),
  reporter: (event: EventRow) => ({ user: event.reporterUser, department: event.reporterDepartment, role: REPORTER_ROLE[event.channel] }),
  location: (event: EventRow) => (event.addressCode ? { __typename: 'Address', code: event.addressCode } : null),
  grid: (event: EventRow) => ({ __typename: 'Grid', code: event.gridCode }),
  involvedPersons: (event: EventRow) => event.involvedPersonIds.map(stub('Person', 'id')),
  involvedHouses: (event: EventRow) => event.involvedHouseCodes.map(stub('House', 'code')),
  involvedLegalEntities: (event: EventRow) => event.involvedEntityUsccs.map(stub('LegalEntity', 'uscc')),
  /** What this caller may do next: the rule the mutations apply, so an offered step is never refused for who you are. */
  nextActions: (event: EventRow, _: unknown, ctx: EventsContext) => allowedActions(event, ctx.caller, eventsDomain()),
  light: (event: EventRow, _: unknown, ctx: EventsContext) => lightAt(event, ctx.now()),
  reportedAt: (event: EventRow) => isoInstant(event.reportedAt),
  registeredAt: (event: EventRow) => isoInstant(event.registeredAt),
  dispatchedAt: (event: EventRow) => isoInstant(event.dispatchedAt),
  contactDeadline: (event: EventRow) => isoInstant(event.contactDeadline),
  handleDeadline: (event: EventRow) => isoInstant(event.handleDeadline),
  extensionWorkingDays: (event: EventRow) => event.extensionDays,
  pendingExtension: (event: EventRow) =>
    event.pendingExtensionDays ? { workingDays: event.pendingExtensionDays, reason: event.pendingExtensionNote } : null,
  acceptedAt: (event: EventRow) => isoInstant(event.acceptedAt),
  handledAt: (event: EventRow) => isoInstant(event.handledAt),
  closedAt: (event: EventRow) => isoInstant(event.closedAt),
  evaluatedAt: (event: EventRow) => isoInstant(event.evaluatedAt),
  duplicateOf: (event: EventRow, _: unknown, ctx: EventsContext) =>
    event.duplicateOfId ? ctx.loaders.eventById.load(event.duplicateOfId) : null,
  timeline: (event: EventRow, _: unknown, ctx: EventsContext) => ctx.loaders.timelineByEvent.load(event.id),
  dispatches: (event: EventRow, _: unknown, ctx: EventsContext) => ctx.loaders.dispatchesByEvent.load(event.id),
  commandDeadline: (event: EventRow) => isoInstant(event.commandDeadline),
  verifyDeadline: (event: EventRow) => isoInstant(event.verifyDeadline),
  progressReportDeadline: (event: EventRow) => isoInstant(event.progressDeadline),
  progressReportedAt: (event: EventRow) => isoInstant(event.progressReportedAt),
  supervisionLevel: (event: EventRow) => (event.supervisionLevel === null ? null : levelName(event.supervisionLevel)),
  /** Each with the event's running step, so a supervision can tell whether it was overtaken. */
  supervisions: async (event: EventRow, _: unknown, ctx: EventsContext) => {
    const stage = stageOf(event);
    return (await ctx.loaders.supervisionsByEvent.load(event.id)).map((row) => ({ ...row, currentStage: stage }));
  },
  coHandlers: async (event: EventRow, _: unknown, ctx: EventsContext) =>
    (await ctx.loaders.coHandlersByEvent.load(event.id)).filter((c) => c.dispatchSequence === event.dispatchCount),
  duplicateCandidates: async (event: EventRow, args: { first?: number }, ctx: EventsContext) => {
    const first = args.first ?? 5;
    if (!Number.isInteger(first) || first < 1 || first > 20) throw badUserInput(`first must be between 1 and 20, got ${first}`, { argument: 'first' });
    const ids = await ctx.loaders.duplicateCandidates.load({ id: event.id, first });
    return (await ctx.loaders.eventById.loadMany(ids)).filter((row): row is EventRow => Boolean(row) && !(row instanceof Error));
  },
};
