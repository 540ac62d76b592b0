import { parse } from 'graphql';
import { readSubgraphSdl } from '../../platform/subgraph-sdl';
import { inferenceProblems } from './inference';
import type { Policies } from '../runtime/model';
import { policySchemaProblems } from '../runtime/schema-coverage';
import { readStoredFields, StoredFieldsReader, writeGrantProblems } from './validate-writes';

export { servedFields } from '../runtime/schema-coverage';
export type { SubgraphField } from '../runtime/schema-coverage';

/**
 * Checks the policies against the subgraphs' own SDL and stored fields. Returns every problem, each
 * naming the file and coordinate, so `npm run check` can list them all at once.
 */
export function validatePolicies(
  policies: Policies,
  subgraphNames: readonly string[],
  readSdl = readSubgraphSdl,
  readStored: StoredFieldsReader = readStoredFields,
): string[] {
  const problems: string[] = [];
  for (const subgraph of subgraphNames) {
    const file = policies.subgraphs.get(subgraph);
    if (!file) {
      problems.push(`${subgraph}.policy.yaml: missing: every data-owning subgraph needs a policy file`);
      continue;
    }
    problems.push(...policySchemaProblems(policies, subgraph, file, parse(readSdl(subgraph))));
    problems.push(...writeGrantProblems(policies, file, readStored));
    // Masks that other fields undo: refused like any other policy error.
    problems.push(...inferenceProblems(policies, subgraph));
  }
  for (const subgraph of policies.subgraphs.keys()) {
    if (!subgraphNames.includes(subgraph)) problems.push(`${subgraph}.policy.yaml: no subgraph named ${subgraph}`);
  }
  return problems;
}
