import fs from 'node:fs';
import { repoPath } from './repo-root';

/** A subgraph's own schema file: what it serves, and what composition and policy checks read. */
export function readSubgraphSdl(name: string): string {
  return fs.readFileSync(repoPath('subgraphs', name, 'schema.graphql'), 'utf8');
}
