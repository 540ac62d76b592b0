import fs from 'node:fs';
import { repoPath } from './repo-root';

/*
 * Where `gridshare compose` writes what the running services read: the supergraph the gateway
 * routes with and one contract schema per department. Services read these files; only the build
 * tools in schema/ write them, so no running service loads composition code.
 */
export const SUPERGRAPH_PATH = repoPath('schema', 'supergraph.graphql');
export const CONTRACTS_DIR = repoPath('schema', 'contracts');

export function readCommittedSupergraph(): string {
  return fs.readFileSync(SUPERGRAPH_PATH, 'utf8');
}
