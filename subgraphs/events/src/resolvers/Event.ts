import { houseReference, legalEntityReference, personReference } from '../../../kit/src/entity-references';
import { GRID_COMMAND } from '../catalogue/departments';
import { badUserInput } from '../errors';
import { eventsDomain } from '../domain';
import type { EventResolvers } from '../generated/resolver-types';
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

export const Event: EventResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.eventById.load(ref.id),
  category: (event) => eventsDomain().catalogue.byCode.get(event.categoryCode) ?? null,
  contactName: (event, _, ctx) => (worksTheCase(event, ctx) ? event.contactName : null),
  contactPhone: (event, _, ctx) => (worksTheCase(event, ctx) ? event.contactPhone : null),
  reporter: (event) => ({ user: event.reporterUser, department: event.reporterDepartment, role: REPORTER_ROLE[event.channel] }),
  location: (event) => (event.addressCode ? { __typename: 'Address', code: event.addressCode } : null),
  grid: (event) => ({ __typename: 'Grid', code: event.gridCode }),
  involvedPersons: (event) => event.involvedPersonIds.map(personReference),
  involvedHouses: (event) => event.involvedHouseCodes.map(houseReference),
  involvedLegalEntities: (event) => event.involvedEntityUsccs.map(legalEntityReference),
  /** What this caller may do next: the rule the mutations apply, so an offered step is never refused for who you are. */
  nextActions: (event, _, ctx) => allowedActions(event, ctx.caller, eventsDomain()),
  light: (event, _, ctx) => lightAt(event, ctx.now()),
  reportedAt: (event) => isoInstant(event.reportedAt),
  registeredAt: (event) => isoInstant(event.registeredAt),
  dispatchedAt: (event) => isoInstant(event.dispatchedAt),
  contactDeadline: (event) => isoInstant(event.contactDeadline),
  handleDeadline: (event) => isoInstant(event.handleDeadline),
  extensionWorkingDays: (event) => event.extensionDays,
  pendingExtension: (event) => (event.pendingExtensionDays ? { workingDays: event.pendingExtensionDays, reason: event.pendingExtensionNote } : null),
  acceptedAt: (event) => isoInstant(event.acceptedAt),
  handledAt: (event) => isoInstant(event.handledAt),
  closedAt: (event) => isoInstant(event.closedAt),
  evaluatedAt: (event) => isoInstant(event.evaluatedAt),
  duplicateOf: (event, _, ctx) => (event.duplicateOfId ? ctx.loaders.eventById.load(event.duplicateOfId) : null),
  timeline: (event, _, ctx) => ctx.loaders.timelineByEvent.load(event.id),
  dispatches: (event, _, ctx) => ctx.loaders.dispatchesByEvent.load(event.id),
  commandDeadline: (event) => isoInstant(event.commandDeadline),
  verifyDeadline: (event) => isoInstant(event.verifyDeadline),
  progressReportDeadline: (event) => isoInstant(event.progressDeadline),
  progressReportedAt: (event) => isoInstant(event.progressReportedAt),
  supervisionLevel: (event) => (event.supervisionLevel === null ? null : levelName(event.supervisionLevel)),
  /** Each with the event's running step, so a supervision can tell whether it was overtaken. */
  supervisions: async (event, _, ctx) => {
    const stage = stageOf(event);
    return (await ctx.loaders.supervisionsByEvent.load(event.id)).map((row) => ({ ...row, currentStage: stage }));
  },
  coHandlers: async (event, _, ctx) => (await ctx.loaders.coHandlersByEvent.load(event.id)).filter((c) => c.dispatchSequence === event.dispatchCount),
  duplicateCandidates: async (event, args, ctx) => {
    const first = args.first ?? 5;
    if (!Number.isInteger(first) || first < 1 || first > 20) throw badUserInput(`first must be between 1 and 20, got ${first}`, { argument: 'first' });
    const ids = await ctx.loaders.duplicateCandidates.load({ id: event.id, first });
    return (await ctx.loaders.eventById.loadMany(ids)).filter((row): row is EventRow => Boolean(row) && !(row instanceof Error));
  },
};
