import { buildASTSchema, buildSchema, getOperationAST, parse } from 'graphql';
import { apiSchemaSdl } from '../../../access-policies/compiler/contracts';
import { repositoryPolicies } from '../../../access-policies/runtime/load';
import { readCommittedSupergraph } from '../../../platform/schema-artifacts';
import { worstCase, worstCaseModel } from './worst-case';

const api = buildASTSchema(parse(apiSchemaSdl(readCommittedSupergraph())));
const model = worstCaseModel(repositoryPolicies());

function worst(query: string, variables?: Record<string, unknown>, schema = api, m = model) {
  const document = parse(query);
  return worstCase(schema, document, getOperationAST(document)!, variables, m);
}

describe('the worst case an operation can read, before it runs', () => {
  it('counts a page of persons by first, per sensitivity of the fields read on them', () => {
    expect(worst('{ persons(gridCode: "449900", first: 500) { edges { node { id } } } }')).toEqual({ personal: 0, sensitive: 0 });
    expect(worst('{ persons(gridCode: "449900", first: 500) { edges { node { name } } } }')).toEqual({ personal: 500, sensitive: 0 });
    expect(worst('{ persons(gridCode: "449900", first: 7) { totalCount edges { node { name idNumber } } } }')).toEqual({ personal: 7, sensitive: 7 });
  });

  it("reads first from variables, the operation's defaults and the schema's default; never more than a page", () => {
    const query = 'query ($n: Int = 30) { persons(gridCode: "449900", first: $n) { edges { node { name } } } }';
    expect(worst(query).personal).toBe(30);
    expect(worst(query, { n: 3 }).personal).toBe(3);
    expect(worst('{ persons(gridCode: "449900") { edges { node { name } } } }').personal).toBe(50);
    expect(worst('{ persons(gridCode: "449900", first: 100000) { edges { node { name } } } }').personal).toBe(500);
    expect(worst('query ($n: Int) { persons(gridCode: "449900", first: $n) { edges { node { name } } } }', { n: null }).personal).toBe(500);
  });

  it('adds up aliases and fragments, and multiplies nested lists by their declared maxima', () => {
    const query = `{
      a: persons(gridCode: "449900", first: 200) { edges { node { ...P } } }
      b: persons(gridCode: "449900", first: 100) { edges { node { ... on Person { idNumber } } } }
    } fragment P on Person { name }`;
    expect(worst(query)).toEqual({ personal: 200, sensitive: 100 });
    // Each of 10 persons' house lists at most 50 residents (House.residents maxItems).
    expect(worst('{ persons(gridCode: "449900", first: 10) { edges { node { residence { residents { idNumber } } } } } }')).toEqual({
      personal: 10,
      sensitive: 500,
    });
    // Events are audited records too: grids × the page of each grid.
    expect(worst('{ grid(code: "449900") { children { events(first: 10) { edges { node { contactName } } } } } }')).toEqual({ personal: 10000, sensitive: 0 });
  });

  it('counts a filter as a read of its field on every row of the page, unless the filter is null or absent', () => {
    expect(worst('{ persons(gridCode: "449900", first: 10, tag: KEY_PERSON) { edges { node { id } } } }')).toEqual({ personal: 0, sensitive: 10 });
    expect(worst('{ persons(gridCode: "449900", first: 10, gender: MALE, ageMin: 3) { edges { node { id } } } }')).toEqual({ personal: 10, sensitive: 0 });
    const query = 'query ($t: PersonTag) { persons(gridCode: "449900", first: 20, tag: $t) { edges { node { id } } } }';
    expect(worst(query, { t: 'ELDERLY_ALONE' }).sensitive).toBe(20);
    expect(worst(query, { t: null }).sensitive).toBe(0);
    expect(worst(query).sensitive).toBe(0);
    expect(worst('{ persons(gridCode: "449900", tag: null) { edges { node { id } } } }').sensitive).toBe(0);
    // Legal entities and houses are not quota sensitivities: their filters add nothing.
    expect(worst('{ houses(gridCode: "449900", occupancy: RENTED, first: 9) { edges { node { code } } } }')).toEqual({ personal: 0, sensitive: 0 });
  });

  it('counts a house by what housing reports of it, and nothing for aggregates', () => {
    expect(worst('{ house(code: "x") { code roomNumber owner { id } } }')).toEqual({ personal: 1, sensitive: 0 });
    expect(worst('{ grid(code: "449900") { populationCount populationStats { total { count } } } }')).toEqual({ personal: 0, sensitive: 0 });
  });

  it('is unbounded under a list that declares no maximum, so such a request cannot fit any quota', () => {
    const schema = buildSchema('type Query { people: [Person] } type Person { name: String }');
    const m = {
      audited: new Map([['Person', new Map([['name', 'personal']])]]),
      maxItems: new Map<string, number>(),
      filters: new Map<string, Map<string, string>>(),
    };
    expect(worst('{ people { name } }', undefined, schema, m).personal).toBe(Infinity);
    expect(worst('{ people { name } }', undefined, schema, { ...m, maxItems: new Map([['Query.people', 40]]) }).personal).toBe(40);
  });
});
