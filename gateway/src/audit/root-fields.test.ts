import { Kind, OperationDefinitionNode, parse } from 'graphql';
import { rootFields } from './root-fields';

const operationOf = (source: string) => parse(source).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);

describe('the root fields an operation asked for', () => {
  it('resolves aliases and follows fragments, inline and named, once each', () => {
    const source = `mutation M { a: changeHouse { version } ...More ... on Mutation { endRental { version } } }
      fragment More on Mutation { registerRental { version } ...More2 } fragment More2 on Mutation { __typename changeHouse { code } }`;
    expect(rootFields(source, operationOf(source), 'M', undefined)).toEqual(['Mutation.changeHouse', 'Mutation.endRental', 'Mutation.registerRental']);
  });

  it('finds them from the source alone when validation left no operation, and names none for a document it cannot parse', () => {
    expect(rootFields('query A { persons { id } } query B { house(code: "1") { code } }', undefined, 'B', undefined)).toEqual(['Query.house']);
    expect(rootFields('query A { persons { id } } query B { house { code } }', undefined, null, undefined)).toEqual([]);
    expect(rootFields('{ persons(', undefined, null, undefined)).toEqual([]);
  });
});
