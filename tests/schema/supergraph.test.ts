import { composeSupergraph, readCommittedSupergraph } from '../../schema/compose';

describe('the committed supergraph', () => {
  it('is what the subgraphs compose to today (run `npm run compose` when this fails)', () => {
    expect(readCommittedSupergraph()).toBe(composeSupergraph());
  });
});
