import { z } from 'zod';
import { departmentsFileSchema, policyFileSchema } from '../runtime/model';

/**
 * JSON Schemas of the policy files, for editors (completion and checks while typing, e.g. the YAML
 * language server's `# yaml-language-server: $schema=…`). Generated from the same zod schemas the
 * loader validates with, so the editor's rules are the loader's.
 */
export function policyJsonSchemas(): { departments: string; policy: string } {
  const render = (schema: z.ZodType, title: string) =>
    JSON.stringify({ title, ...z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) }, null, 2) + '\n';
  return {
    departments: render(departmentsFileSchema, 'gridshare departments.yaml'),
    policy: render(policyFileSchema, 'gridshare <subgraph>.policy.yaml'),
  };
}
