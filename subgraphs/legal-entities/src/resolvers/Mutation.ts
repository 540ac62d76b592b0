import { importPage, ImportPageInput } from '../../../kit/src/imports/import-page';
import { changeFeed } from '../../../kit/src/records/change-feed';
import { directWrite, DirectWriteInput } from '../../../kit/src/records/direct-write';
import type { WriteOperation } from '../../../kit/src/records/operations';
import type { LegalEntitiesContext } from '../loaders';
import type { LegalEntityChangeResolvers, LegalEntityWritePayloadResolvers, MutationResolvers, QueryResolvers } from '../generated/resolver-types';
import type { LegalEntityWritePayloadParent } from './parents';
import { changeEntity, deregisterEntity, registerEntity, setPremises } from '../writes/entity-writes';
import { EntityImportRow, legalEntitiesRegister } from '../imports/entity-import';

/** A direct write answering with the entity as it is now (read after the commit, through the policy). */
function entityWrite<Change>(operation: WriteOperation<Change>) {
  const write = directWrite(operation, 'submitLegalEntityChangeRequest');
  return async (parent: unknown, args: { input: DirectWriteInput<Change> }, ctx: LegalEntitiesContext): Promise<LegalEntityWritePayloadParent> => {
    const result = await write(parent, args, ctx);
    return { ...result, replayed: Boolean(result.replayed), uscc: result.entityKey };
  };
}

export const Mutation: MutationResolvers = {
  registerLegalEntity: entityWrite(registerEntity),
  changeLegalEntity: entityWrite(changeEntity),
  setLegalEntityPremises: entityWrite(setPremises),
  deregisterLegalEntity: entityWrite(deregisterEntity),
  importLegalEntities: (_: unknown, { input }: { input: ImportPageInput<EntityImportRow> }, ctx: LegalEntitiesContext) =>
    importPage(
      legalEntitiesRegister((value) => ctx.access.keyedDigest(value)),
      input,
      ctx,
    ),
};

export const LegalEntityWritePayload: LegalEntityWritePayloadResolvers = {
  legalEntity: (payload, _, ctx) => ctx.loaders.entityByUscc.clear(payload.uscc).load(payload.uscc),
};

export const ChangeQueries: QueryResolvers = {
  legalEntityChanges: (_, args, ctx) => changeFeed(ctx, args, ['LegalEntity']),
};

export const LegalEntityChange: LegalEntityChangeResolvers = {
  legalEntity: (change, _, ctx) => ctx.loaders.entityByUscc.load(change.entityKey),
};
