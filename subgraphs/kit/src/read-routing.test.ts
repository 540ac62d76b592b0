import { readsFromStandby, readsOnly } from './read-routing';

describe('which requests may read from the standby', () => {
  it('only a query operation; a mutation, and anything unclear, goes to the primary', () => {
    expect(readsOnly({ query: '{ person(id: "P1") { phone } }' })).toBe(true);
    expect(readsOnly({ query: 'query Q { _entities(representations: []) { __typename } }' })).toBe(true);
    expect(readsOnly({ query: 'mutation { updatePersonParticulars(input: {}) { version } }' })).toBe(false);
    // The operation named by operationName decides, whichever comes first in the document.
    const both = 'query Read { person(id: "P1") { phone } } mutation Write { x }';
    expect(readsOnly({ query: both, operationName: 'Write' })).toBe(false);
    expect(readsOnly({ query: both, operationName: 'Read' })).toBe(true);
    expect(readsOnly({ query: both })).toBe(false);
    expect(readsOnly({ extensions: { persistedQuery: { sha256Hash: 'abc' } } })).toBe(false);
    expect(readsOnly({ query: '{ not graphql' })).toBe(false);
    expect(readsOnly([{ query: '{ a }' }])).toBe(false);
    expect(readsOnly(undefined)).toBe(false);
  });

  it("never a service identity's query: its reads decide writes (reference checks) or follow feeds", () => {
    const person = { user: 'u', department: 'housing', level: 'city' as const, jurisdiction: [] };
    const query = { query: '{ person(id: "P1") { id } }' };
    expect(readsFromStandby({ ...person, role: 'registrar' }, query)).toBe(true);
    expect(readsFromStandby(person, query)).toBe(true);
    expect(readsFromStandby({ ...person, role: 'service' }, query)).toBe(false);
  });
});
