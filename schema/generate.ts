import fs from 'node:fs';
import path from 'node:path';
import { apiSchemaSdl, contractSdl } from '../access-policies/compiler/contracts';
import { loadPolicies, PolicyError } from '../access-policies/runtime/load';
import { policyMatrix } from '../access-policies/compiler/matrix';
import { validatePolicies } from '../access-policies/compiler/validate';
import { policyJsonSchemas } from '../access-policies/compiler/json-schema';
import { repoPath } from '../platform/repo-root';
import { SUBGRAPHS } from '../platform/services';
import { composeSupergraph } from './compose';
import { CONTRACTS_DIR, SUPERGRAPH_PATH } from '../platform/schema-artifacts';

export const MATRIX_PATH = repoPath('access-policies', 'matrix.md');

/**
 * Every generated, committed artifact: the supergraph, one contract schema per department, the
 * access matrix and the policy files' JSON Schemas. Policies are validated against the subgraphs first; a problem stops generation.
 */
export function generateArtifacts(): Map<string, string> {
  const policies = loadPolicies();
  const problems = validatePolicies(
    policies,
    SUBGRAPHS.map((s) => s.name),
  );
  if (problems.length > 0) throw new PolicyError(`access policies are invalid:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  const supergraph = composeSupergraph();
  const api = apiSchemaSdl(supergraph);
  const artifacts = new Map<string, string>([[SUPERGRAPH_PATH, supergraph]]);
  for (const department of policies.departments.keys()) {
    artifacts.set(path.join(CONTRACTS_DIR, `${department}.graphql`), contractSdl(policies, api, department) + '\n');
  }
  artifacts.set(MATRIX_PATH, policyMatrix(policies));
  const schemas = policyJsonSchemas();
  artifacts.set(repoPath('access-policies', 'schema', 'departments.schema.json'), schemas.departments);
  artifacts.set(repoPath('access-policies', 'schema', 'policy.schema.json'), schemas.policy);
  return artifacts;
}

/** Paths whose committed content differs from what generation gives now. */
export function staleArtifacts(artifacts = generateArtifacts()): string[] {
  const stale = [...artifacts].filter(([file, content]) => !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== content).map(([f]) => f);
  const expected = new Set(artifacts.keys());
  if (fs.existsSync(CONTRACTS_DIR)) {
    for (const name of fs.readdirSync(CONTRACTS_DIR)) {
      const file = path.join(CONTRACTS_DIR, name);
      if (!expected.has(file)) stale.push(file);
    }
  }
  return stale;
}

export function writeArtifacts(): string[] {
  const artifacts = generateArtifacts();
  const stale = staleArtifacts(artifacts);
  fs.mkdirSync(CONTRACTS_DIR, { recursive: true });
  for (const file of stale) {
    if (artifacts.has(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, artifacts.get(file)!);
    } else fs.rmSync(file);
  }
  return stale;
}
