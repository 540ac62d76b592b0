import { composeSupergraph, readCommittedSupergraph, SUPERGRAPH_PATH, writeSupergraph } from '../../../schema/compose';

export function runCompose(options: { check: boolean }): number {
  if (options.check) {
    const stale = composeSupergraph() !== readCommittedSupergraph();
    console.log(stale ? `${SUPERGRAPH_PATH} is stale: run gridshare compose` : 'supergraph is current');
    return stale ? 1 : 0;
  }
  const { changed } = writeSupergraph();
  console.log(changed ? `wrote ${SUPERGRAPH_PATH}` : 'supergraph is current');
  return 0;
}
