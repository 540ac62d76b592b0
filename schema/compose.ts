import { parse } from 'graphql';
import { composeServices } from '@apollo/composition';
import { readSubgraphSdl } from '../platform/subgraph-sdl';
import { SUBGRAPHS } from '../platform/services';

/**
 * Composes the subgraphs' SDL files into the supergraph. The URLs written into it are the defaults;
 * the gateway always routes with its configured URLs, so the committed file does not depend on a deployment.
 */
export function composeSupergraph(): string {
  const result = composeServices(
    SUBGRAPHS.map((s) => ({
      name: s.name,
      typeDefs: parse(readSubgraphSdl(s.name)),
      url: `http://127.0.0.1:${s.port}/graphql`,
    })),
  );
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}
