import { refreshReferences } from '../feeds/attached';
import { defineBusinessGrid } from '../gridwork/business-grids';
import { assignGridWorker, Duty, endGridWorkerAssignment } from '../gridwork/roster';
import type { MutationResolvers } from '../generated/resolver-types';
import type { EventsContext } from '../loaders';

export const GridWorkMutation: MutationResolvers = {
  assignGridWorker: async (_: unknown, { input }: { input: { gridCode: string; user: string; duty: Duty } }, ctx: EventsContext) => ({
    assignment: await assignGridWorker(ctx.db.prisma, ctx.caller, input, ctx.now(), () => refreshReferences(ctx.db)),
  }),
  endGridWorkerAssignment: async (_: unknown, { input }: { input: { id: string } }, ctx: EventsContext) => ({
    assignment: await endGridWorkerAssignment(ctx.db.prisma, ctx.caller, input.id, ctx.now()),
  }),
  defineBusinessGrid: async (_: unknown, { input }: { input: { code: string; kind: string; name: string; gridCodes: string[] } }, ctx: EventsContext) => ({
    businessGrid: await defineBusinessGrid(ctx.db.prisma, ctx.caller, input, ctx.now(), () => refreshReferences(ctx.db)),
  }),
};
