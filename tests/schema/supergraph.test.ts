import { staleArtifacts } from '../../schema/generate';

describe('the committed generated artifacts', () => {
  it('are what the subgraphs and policies generate today (run `npm run compose` when this fails)', () => {
    expect(staleArtifacts()).toEqual([]);
  });
});
