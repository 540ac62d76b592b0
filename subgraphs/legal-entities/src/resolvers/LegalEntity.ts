import { isoDate } from '../../../../platform/dates';
import { recordHistory } from '../../../kit/src/records/history';
import type { LegalEntitiesContext } from '../loaders';
import type { LegalEntityRow } from '../prisma';

const addressRef = (code: string | null) => (code ? { __typename: 'Address', code } : null);

export const LegalEntity = {
  __resolveReference: (ref: { uscc: string }, ctx: LegalEntitiesContext) => ctx.loaders.entityByUscc.load(ref.uscc),
  // idNumber is no field of Person here: it only lets the access report digest the subject (see the policy file).
  legalRepresentative: (entity: LegalEntityRow) => ({
    __typename: 'Person',
    id: entity.legalRepresentativeId,
    name: entity.legalRepresentativeName,
    idNumber: entity.legalRepresentativeIdNumber,
  }),
  registeredAddress: (entity: LegalEntityRow) => addressRef(entity.registeredAddressCode),
  businessAddress: (entity: LegalEntityRow) => addressRef(entity.businessAddressCode),
  grid: (entity: LegalEntityRow) => ({ __typename: 'Grid', code: entity.gridCode }),
  establishedOn: (entity: LegalEntityRow) => isoDate(entity.establishedOn),
  history: (entity: LegalEntityRow, args: { first?: number }, ctx: LegalEntitiesContext) => recordHistory(ctx, 'LegalEntity', entity as never, entity.uscc, args.first),
  premises: async (entity: LegalEntityRow, _: unknown, ctx: LegalEntitiesContext) => {
    const premises = await ctx.loaders.premisesByEntity.load(entity.uscc);
    return premises.map((p) => ({ __typename: 'House', code: p.houseCode }));
  },
};
