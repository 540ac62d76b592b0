import fs from 'node:fs';
import { repoPath } from '../../platform/repo-root';
import { bestDecision } from '../runtime/decide';
import type { Policies, PolicyFile } from '../runtime/model';

/** The field names of each Prisma model of a subgraph (what it stores), or undefined without a schema. */
export type StoredFieldsReader = (subgraph: string) => Map<string, Set<string>> | undefined;

export function readStoredFields(subgraph: string): Map<string, Set<string>> | undefined {
  const file = repoPath('subgraphs', subgraph, 'prisma', 'schema.prisma');
  if (!fs.existsSync(file)) return undefined;
  // A model block's field lines start with the field name; attributes (@@…) and comments do not count.
  const models = new Map<string, Set<string>>();
  for (const match of fs.readFileSync(file, 'utf8').matchAll(/^model\s+(\w+)\s*\{([^}]*)\}/gm)) {
    const fields = match[2]
      .split('\n')
      .map((line) => /^\s*([A-Za-z_]\w*)\s+\S/.exec(line)?.[1])
      .filter((name): name is string => Boolean(name));
    models.set(match[1], new Set(fields));
  }
  return models;
}

/**
 * Write grants: the department and its role and purposes exist (departments.yaml), every write has
 * a purpose, the department may read the field in some form (writing what one may not read would let
 * a writer probe values blind), and the field is stored (a resolver-only field cannot be written).
 */
export function writeGrantProblems(policies: Policies, file: PolicyFile, readStored: StoredFieldsReader = readStoredFields): string[] {
  const problems: string[] = [];
  const name = `${file.subgraph}.policy.yaml`;
  const stored = readStored(file.subgraph);
  for (const [typeName, type] of Object.entries(file.types)) {
    for (const [fieldName, field] of Object.entries(type.fields)) {
      const coordinate = `${typeName}.${fieldName}`;
      for (const [department, grant] of Object.entries(field.write ?? {})) {
        const where = `${name}: ${coordinate}: write grant for ${department}`;
        const dept = policies.departments.get(department);
        if (!dept) {
          problems.push(`${where}: unknown department ${department}`);
          continue;
        }
        for (const role of grant.roles) {
          if (!dept.roles.includes(role)) problems.push(`${where}: ${department} has no role ${role} (departments.yaml)`);
        }
        const purposes = grant.purposes ?? type.writes?.purposes;
        if (!purposes) problems.push(`${where}: no purpose: give the grant purposes or the type writes.purposes`);
        for (const purpose of purposes ?? []) {
          if (!dept.purposes.includes(purpose)) problems.push(`${where}: ${department} may not state purpose ${purpose} (departments.yaml)`);
        }
        if (bestDecision(policies, file.subgraph, coordinate, department).effect === 'deny') {
          problems.push(`${where}: ${department} may not read ${coordinate} in any form, so it may not write it`);
        }
      }
      if (field.write && Object.keys(field.write).length > 0) {
        const column = type.writes?.stored?.[fieldName] ?? fieldName;
        if (!stored?.get(typeName)?.has(column)) {
          problems.push(`${name}: ${coordinate}: not a stored field of ${typeName} (no ${column} in the Prisma model), so it cannot be written`);
        }
      }
    }
  }
  return problems;
}
