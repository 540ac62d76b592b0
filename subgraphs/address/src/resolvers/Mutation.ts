import { changeFeed } from '../../../kit/src/records/change-feed';
import { directWrite, DirectWriteInput } from '../../../kit/src/records/direct-write';
import { recordHistory } from '../../../kit/src/records/history';
import type { WriteOperation } from '../../../kit/src/records/operations';
import type { AddressContext } from '../loaders';
import { addAddress, correctAddress, retireAddress } from '../writes/address-writes';
import { addGrid } from '../writes/grid-writes';

/** Nobody collects addresses by change request yet: a grid worker tells the centre's registrar. */
const REGISTRAR = 'a grid command centre registrar';

/** A direct write answering with the record as it is now (read after the commit, through the policy). */
function write<Change>(operation: WriteOperation<Change>) {
  const run = directWrite(operation, REGISTRAR);
  return async (parent: unknown, args: { input: DirectWriteInput<Change> }, ctx: AddressContext) => {
    const result = await run(parent, args, ctx);
    return { ...result, replayed: Boolean(result.replayed), code: result.entityKey };
  };
}

export const Mutation = {
  addAddress: write(addAddress),
  correctAddress: write(correctAddress),
  retireAddress: write(retireAddress),
  addGrid: write(addGrid),
};

export const AddressWritePayload = {
  address: (payload: { code: string }, _: unknown, ctx: AddressContext) => ctx.loaders.addressByCode.clear(payload.code).load(payload.code),
};

export const GridWritePayload = {
  grid: (payload: { code: string }, _: unknown, ctx: AddressContext) => ctx.loaders.gridByCode.clear(payload.code).load(payload.code),
};

export const ChangeQueries = {
  addressChanges: (_: unknown, args: { after?: string; first?: number; types?: string[] }, ctx: AddressContext) => changeFeed(ctx, args, ['Grid', 'Address']),
};

type FeedEntry = { entityType: string; entityKey: string; source?: string; changeRequestId?: string | null };

export const AddressChange = {
  // The same shape as the other owners' feeds. No address change is collected by request yet, so
  // until the shared feed says otherwise each one is the register's own (DEPARTMENT, no request).
  source: (change: FeedEntry) => change.source ?? 'DEPARTMENT',
  changeRequestId: (change: FeedEntry) => change.changeRequestId ?? null,
  address: (change: { entityType: string; entityKey: string }, _: unknown, ctx: AddressContext) =>
    change.entityType === 'Address' ? ctx.loaders.addressByCode.load(change.entityKey) : null,
  grid: (change: { entityType: string; entityKey: string }, _: unknown, ctx: AddressContext) =>
    change.entityType === 'Grid' ? ctx.loaders.gridByCode.load(change.entityKey) : null,
};

/** history(first) of a grid or an address: each change through the same field policy as the live field. */
export const historyOf = (entityType: 'Grid' | 'Address') => (record: { code: string }, args: { first?: number }, ctx: AddressContext) =>
  recordHistory(ctx, entityType, record as unknown as Record<string, unknown>, record.code, args.first);
