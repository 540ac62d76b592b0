import { missingDescriptions, missingSubgraphDescriptions } from '../../schema/description-check';

const UNDESCRIBED = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

"Described."
type Query {
  "Described."
  thing(code: ID!, "Described." first: Int = 10): Thing
  other: Thing
}

type Thing @key(fields: "code") {
  "Described."
  code: ID!
  status: Status
}

"Described."
enum Status {
  "Described."
  ACTIVE
  RETIRED
}

"Described."
input Filter {
  code: ID
  "  "
  name: String
}

extend type Mutation {
  drop(code: ID!): Boolean
}
`;

describe('the description check', () => {
  it('names every undescribed type, field, argument, input field and enum value of an SDL', () => {
    expect(missingDescriptions(UNDESCRIBED)).toEqual([
      'Query.thing(code:)',
      'Query.other',
      'Thing',
      'Thing.status',
      'Status.RETIRED',
      'Filter.code',
      'Filter.name',
      'Mutation.drop',
      'Mutation.drop(code:)',
    ]);
  });

  it('finds nothing undescribed in the subgraphs (describe what you add in its schema.graphql)', () => {
    expect(missingSubgraphDescriptions()).toEqual([]);
  });
});
