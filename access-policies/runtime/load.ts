import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { repoPath } from '../../platform/repo-root';
import { readSubgraphSdl } from '../../platform/subgraph-sdl';
import { departmentsFileSchema, Policies, PolicyFile, policyFileSchema } from './model';
import { PolicyError, resolveWrittenPolicy } from './written-policy';

export { PolicyError };

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
    const issue = deepestIssue(parsed.error.issues[0]);
    throw new PolicyError(`${path.basename(file)}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * A field that may name a set or spell the grants out fails as a union ("Invalid input"); the
 * branch that got furthest into the value says what is actually wrong (an unknown mask, say).
 */
function deepestIssue(issue: z.core.$ZodIssue, prefix: PropertyKey[] = []): { path: PropertyKey[]; message: string } {
  const here = [...prefix, ...issue.path];
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return { path: here, message: issue.message };
  const candidates = issue.errors.flat().map((inner) => deepestIssue(inner, here));
  return candidates.reduce((best, next) => (next.path.length > best.path.length ? next : best));
}

/** Reads departments.yaml and every `<subgraph>.policy.yaml` (sets resolved, type defaults expanded); errors name the file and path. */
export function loadPolicies(directory = POLICY_DIR, readSdl: (subgraph: string) => string = readSubgraphSdl): Policies {
  const departmentsFile = parseFile(path.join(directory, 'departments.yaml'), departmentsFileSchema);
  const departments = new Map(Object.entries(departmentsFile.departments).map(([id, d]) => [id, { ...d, id }]));
  const subgraphs = new Map<string, PolicyFile>();
  for (const name of fs
    .readdirSync(directory)
    .filter((f) => f.endsWith('.policy.yaml'))
    .sort()) {
    const file = resolveWrittenPolicy(parseFile(path.join(directory, name), policyFileSchema), name, readSdl);
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
