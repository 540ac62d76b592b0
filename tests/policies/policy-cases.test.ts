import { bestDecision, decideRows } from '../../access-policies/runtime/decide';
import { repositoryPolicies } from '../../access-policies/runtime/load';
import { expectedField, loadPolicyCases } from './policy-cases';

/**
 * Every department × every field a subgraph serves beyond the unconditional ones, against the
 * compiled decision function: what decide() answers must be what the case files say (anything not
 * listed there is a denial). Milliseconds; the gateway test (matrix.test.ts) checks the same cases
 * end to end.
 */
const policies = repositoryPolicies();
const TOWN_OFFICIAL = { level: 'town' as const, jurisdiction: ['449900101000'] };

describe.each([...policies.subgraphs.keys()])('the %s policy does what its case file says', (subgraph) => {
  const file = policies.subgraphs.get(subgraph)!;
  const cases = loadPolicyCases(subgraph);
  const coordinates = Object.entries(file.types).flatMap(([typeName, type]) =>
    Object.entries(type.fields)
      .filter(([, field]) => field.class !== 'unconditional')
      .map(([fieldName]) => `${typeName}.${fieldName}`),
  );

  it('names every department, and only fields and types the policy has', () => {
    expect(cases.subgraph).toBe(subgraph);
    expect([...cases.departments].sort()).toEqual([...policies.departments.keys()].sort());
    for (const [department, fields] of cases.fields) {
      for (const coordinate of fields.keys())
        expect({ department, coordinate, known: coordinates.includes(coordinate) }).toEqual({ department, coordinate, known: true });
    }
    for (const [department, rows] of cases.rows) {
      for (const typeName of rows.keys())
        expect({ department, typeName, rowScoped: file.types[typeName] !== undefined && file.types[typeName].rows !== 'unrestricted' }).toEqual({
          department,
          typeName,
          rowScoped: true,
        });
    }
  });

  it.each([...policies.departments.keys()])('for %s', (department) => {
    const mismatches: string[] = [];
    for (const coordinate of coordinates) {
      const got = normalise(bestDecision(policies, subgraph, coordinate, department));
      const want = normalise(expectedField(cases, department, coordinate));
      if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`${coordinate}: cases say ${JSON.stringify(want)}, decide() ${JSON.stringify(got)}`);
    }
    for (const [typeName, type] of Object.entries(file.types)) {
      if (type.rows === 'unrestricted') continue;
      const decided = decideRows(policies, subgraph, typeName, { department, ...TOWN_OFFICIAL });
      const scope = decided.scope === 'prefixes' ? 'jurisdiction' : decided.scope;
      const want = cases.rows.get(department)?.get(typeName) ?? 'none';
      if (scope !== want) mismatches.push(`${typeName} rows: cases say ${want}, decide() ${scope}`);
    }
    expect(mismatches).toEqual([]);
  });
});

/** Effect, mask and unlocking purposes: what the cases state (a denial's reason and detail are decide()'s own). */
function normalise(decision: object): Record<string, unknown> {
  const { effect, mask, purposes } = decision as { effect: string; mask?: string; purposes?: string[] };
  return { effect, ...(mask ? { mask } : {}), ...(purposes ? { purposes: [...purposes].sort() } : {}) };
}
