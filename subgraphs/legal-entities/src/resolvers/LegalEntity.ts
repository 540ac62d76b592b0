import { isoDate } from '../../../../platform/dates';
import { recordHistory } from '../../../kit/src/records/history';
import type { LegalEntityResolvers } from '../generated/resolver-types';

const addressRef = (code: string | null) => (code ? { __typename: 'Address' as const, code } : null);

export const LegalEntity: LegalEntityResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.entityByUscc.load(ref.uscc),
  // idNumber is no field of Person here: it only lets the access report digest the subject (see the policy file).
  legalRepresentative: (entity) => ({
    __typename: 'Person',
    id: entity.legalRepresentativeId,
    name: entity.legalRepresentativeName,
    idNumber: entity.legalRepresentativeIdNumber,
  }),
  registeredAddress: (entity) => addressRef(entity.registeredAddressCode),
  businessAddress: (entity) => addressRef(entity.businessAddressCode),
  grid: (entity) => ({ __typename: 'Grid', code: entity.gridCode }),
  establishedOn: (entity) => isoDate(entity.establishedOn),
  history: (entity, args, ctx) => recordHistory(ctx, 'LegalEntity', entity, entity.uscc, args.first),
  premises: async (entity, _, ctx) => {
    const premises = await ctx.loaders.premisesByEntity.load(entity.uscc);
    return premises.map((p) => ({ __typename: 'House', code: p.houseCode }));
  },
};
