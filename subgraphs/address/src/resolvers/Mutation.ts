import { changeFeed } from '../../../kit/src/records/change-feed';
import { directWrite, DirectWriteInput } from '../../../kit/src/records/direct-write';
import { recordHistory } from '../../../kit/src/records/history';
import type { WriteOperation } from '../../../kit/src/records/operations';
import type {
  AddressChangeResolvers,
  AddressWritePayloadResolvers,
  GridWritePayloadResolvers,
  MutationResolvers,
  QueryResolvers,
} from '../generated/resolver-types';
import type { AddressContext } from '../loaders';
import type { GridRow } from '../prisma';
import type { AddressParent, RecordWritePayloadParent } from './parents';
import { addAddress, correctAddress, retireAddress } from '../writes/address-writes';
import { addGrid } from '../writes/grid-writes';

/** Nobody collects addresses by change request yet: a grid worker tells the centre's registrar. */
const REGISTRAR = 'a grid command centre registrar';

/** A direct write answering with the record as it is now (read after the commit, through the policy). */
function write<Change>(operation: WriteOperation<Change>) {
  const run = directWrite(operation, REGISTRAR);
  return async (parent: unknown, args: { input: DirectWriteInput<Change> }, ctx: AddressContext): Promise<RecordWritePayloadParent> => {
    const result = await run(parent, args, ctx);
    return { ...result, replayed: Boolean(result.replayed), code: result.entityKey };
  };
}

export const Mutation: MutationResolvers = {
  addAddress: write(addAddress),
  correctAddress: write(correctAddress),
  retireAddress: write(retireAddress),
  addGrid: write(addGrid),
};

export const AddressWritePayload: AddressWritePayloadResolvers = {
  address: (payload, _, ctx) => ctx.loaders.addressByCode.clear(payload.code).load(payload.code),
};

export const GridWritePayload: GridWritePayloadResolvers = {
  grid: (payload, _, ctx) => ctx.loaders.gridByCode.clear(payload.code).load(payload.code),
};

export const ChangeQueries: QueryResolvers = {
  addressChanges: (_, args, ctx) => changeFeed(ctx, args, ['Grid', 'Address']),
};

export const AddressChange: AddressChangeResolvers = {
  // The same shape as the other owners' feeds. No address change is collected by request yet, so
  // until the shared feed says otherwise each one is the register's own (DEPARTMENT, no request).
  source: (change) => change.source ?? 'DEPARTMENT',
  changeRequestId: (change) => change.changeRequestId ?? null,
  address: (change, _, ctx) => (change.entityType === 'Address' ? ctx.loaders.addressByCode.load(change.entityKey) : null),
  grid: (change, _, ctx) => (change.entityType === 'Grid' ? ctx.loaders.gridByCode.load(change.entityKey) : null),
};

/** history(first) of a grid or an address: each change through the same field policy as the live field. */
export const historyOf = (entityType: 'Grid' | 'Address') => (record: GridRow | AddressParent, args: { first?: number | null }, ctx: AddressContext) =>
  recordHistory(ctx, entityType, record, record.code, args.first);
