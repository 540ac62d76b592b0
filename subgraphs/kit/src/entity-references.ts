/*
 * What a subgraph holds of an entity another subgraph owns: its key, and the type's name when the
 * gateway must be told which entity it is. These are the parents of the fields a subgraph adds to such
 * an entity (schema/codegen.cjs maps the GraphQL types to them), and what a field naming one answers.
 */

export interface GridReference {
  __typename?: 'Grid';
  code: string;
}

export interface AddressReference {
  __typename?: 'Address';
  code: string;
}

export interface HouseReference {
  __typename?: 'House';
  code: string;
}

export interface PersonReference {
  __typename?: 'Person';
  id: string;
}

export interface LegalEntityReference {
  __typename?: 'LegalEntity';
  uscc: string;
}

/** A field naming an entity another subgraph owns answers its reference; the gateway fetches the rest. */
export const gridReference = (code: string): GridReference => ({ __typename: 'Grid', code });
export const houseReference = (code: string): HouseReference => ({ __typename: 'House', code });
export const personReference = (id: string): PersonReference => ({ __typename: 'Person', id });
export const legalEntityReference = (uscc: string): LegalEntityReference => ({ __typename: 'LegalEntity', uscc });
