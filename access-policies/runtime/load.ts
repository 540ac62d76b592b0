import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { repoPath } from '../../platform/repo-root';
import { departmentsFileSchema, Policies, policyFileSchema } from './model';

export class PolicyError extends Error {}

export const POLICY_DIR = repoPath('access-policies');

function parseFile<T>(file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = YAML.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PolicyError(`${path.basename(file)}: not valid YAML: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PolicyError(`${path.basename(file)}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** Reads departments.yaml and every `<subgraph>.policy.yaml`; shape errors name the file and path. */
export function loadPolicies(directory = POLICY_DIR): Policies {
  const departmentsFile = parseFile(path.join(directory, 'departments.yaml'), departmentsFileSchema);
  const departments = new Map(Object.entries(departmentsFile.departments).map(([id, d]) => [id, { ...d, id }]));
  const subgraphs = new Map();
  for (const name of fs.readdirSync(directory).filter((f) => f.endsWith('.policy.yaml')).sort()) {
    const file = parseFile(path.join(directory, name), policyFileSchema);
    if (`${file.subgraph}.policy.yaml` !== name) throw new PolicyError(`${name}: declares subgraph ${file.subgraph}; rename the file or fix it`);
    subgraphs.set(file.subgraph, file);
  }
  return { departments, subgraphs };
}

let cached: Policies | undefined;

/** The repository's policies, loaded once per process. */
export function repositoryPolicies(): Policies {
  cached ??= loadPolicies();
  return cached;
}
