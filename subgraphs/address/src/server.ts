import type { SubgraphDefinition } from '../../kit/src/create-subgraph';
import type { Resolvers } from './generated/resolver-types';
import { AddressDb, AddressLoaders, createAddressLoaders } from './loaders';
import { createAddressPrisma } from './prisma';
import { Address } from './resolvers/Address';
import { Grid } from './resolvers/Grid';
import { Query } from './resolvers/Query';
import { AddressChange, AddressWritePayload, ChangeQueries, GridWritePayload, Mutation } from './resolvers/Mutation';

/** 一标: grids and standard addresses, owned by the grid command centre. */
export const addressSubgraph: SubgraphDefinition<AddressDb, AddressLoaders> = {
  name: 'address',
  resolvers: { Query: { ...Query, ...ChangeQueries }, Mutation, Grid, Address, AddressWritePayload, GridWritePayload, AddressChange } satisfies Resolvers,
  createLoaders: createAddressLoaders,
};

export const createPrisma = createAddressPrisma;
