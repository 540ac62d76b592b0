import type { BusinessGridResolvers, GridWorkerAssignmentResolvers } from '../generated/resolver-types';
import { isoInstant } from './times';

export const GridWorkerAssignment: GridWorkerAssignmentResolvers = {
  since: (a) => isoInstant(a.since),
  until: (a) => isoInstant(a.until),
};

export const BusinessGrid: BusinessGridResolvers = {
  grids: async (b, _, ctx) => (await ctx.loaders.gridsOfBusinessGrid.load(b.code)).map((m) => ({ __typename: 'Grid', code: m.gridCode })),
};
