import type { EventsContext } from '../loaders';
import { isoInstant } from './times';

export const GridWorkerAssignment = {
  since: (a: { since: Date }) => isoInstant(a.since),
  until: (a: { until: Date | null }) => isoInstant(a.until),
};

export const BusinessGrid = {
  grids: async (b: { code: string }, _: unknown, ctx: EventsContext) =>
    (await ctx.loaders.gridsOfBusinessGrid.load(b.code)).map((m) => ({ __typename: 'Grid', code: m.gridCode })),
};
