import fs from 'node:fs';
import YAML from 'yaml';
import { z } from 'zod';
import type { MaskName } from '../../access-policies/runtime/model';
import { MASK_NAMES } from '../../access-policies/runtime/model';
import { repoPath } from '../../platform/repo-root';

/*
 * The policy's intent as data (access-policies/cases/<subgraph>.cases.yaml), written apart from the
 * policy files: the oracle of the policy tests, so that they never ask the compiler what the compiler
 * should have decided.
 */

const expectation = z.union([
  z.literal('allow'),
  z.object({ allow: z.literal(true), purposes: z.array(z.string()).min(1).optional() }).strict(),
  z.object({ mask: z.enum(MASK_NAMES), purposes: z.array(z.string()).min(1).optional() }).strict(),
]);
const rowScope = z.enum(['jurisdiction', 'all', 'none']);
const casesFile = z
  .object({
    subgraph: z.string(),
    departments: z.record(z.string(), z.record(z.string(), z.union([expectation, z.record(z.string(), rowScope)]))),
  })
  .strict();

export type ExpectedField =
  { effect: 'allow'; purposes?: string[] } | { effect: 'mask'; mask: MaskName; purposes?: string[] } | { effect: 'deny'; purposes?: undefined };
export type RowScopeName = z.infer<typeof rowScope>;

export interface PolicyCases {
  subgraph: string;
  departments: string[];
  /** Listed field expectations by department, then coordinate. */
  fields: Map<string, Map<string, ExpectedField>>;
  rows: Map<string, Map<string, RowScopeName>>;
}

export function loadPolicyCases(subgraph: string): PolicyCases {
  const file = casesFile.parse(YAML.parse(fs.readFileSync(repoPath('access-policies', 'cases', `${subgraph}.cases.yaml`), 'utf8')));
  const fields = new Map<string, Map<string, ExpectedField>>();
  const rows = new Map<string, Map<string, RowScopeName>>();
  for (const [department, entries] of Object.entries(file.departments)) {
    const byCoordinate = new Map<string, ExpectedField>();
    for (const [key, value] of Object.entries(entries)) {
      if (key === 'rows') {
        rows.set(department, new Map(Object.entries(value as Record<string, RowScopeName>)));
        continue;
      }
      const e = value as z.infer<typeof expectation>;
      byCoordinate.set(
        key,
        e === 'allow' ? { effect: 'allow' } : 'mask' in e ? { effect: 'mask', mask: e.mask, purposes: e.purposes } : { effect: 'allow', purposes: e.purposes },
      );
    }
    fields.set(department, byCoordinate);
  }
  return { subgraph: file.subgraph, departments: Object.keys(file.departments), fields, rows };
}

/** What the cases say a department gets of a field: denied unless listed. */
export function expectedField(cases: PolicyCases, department: string, coordinate: string): ExpectedField {
  return cases.fields.get(department)?.get(coordinate) ?? { effect: 'deny' };
}
