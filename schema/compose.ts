import fs from 'node:fs';
import { parse } from 'graphql';
import { composeServices } from '@apollo/composition';
import { readSubgraphSdl } from '../subgraphs/kit/src/create-subgraph';
import { repoPath } from '../subgraphs/kit/src/repo-root';
import { SUBGRAPHS } from '../subgraphs/kit/src/services';

export const SUPERGRAPH_PATH = repoPath('schema', 'supergraph.graphql');

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

export function readCommittedSupergraph(): string {
  return fs.readFileSync(SUPERGRAPH_PATH, 'utf8');
}
