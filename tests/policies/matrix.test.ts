import { buildASTSchema, getNamedType, isLeafType, parse } from 'graphql';
import { apiSchemaSdl } from '../../access-policies/compiler/contracts';
import { repositoryPolicies } from '../../access-policies/runtime/load';
import { MASKS } from '../../access-policies/runtime/masks';
import { readCommittedSupergraph } from '../../platform/schema-artifacts';
import type { TestFederation } from '../helpers/federation';
import { PolicyFixtures, startPolicyFederation } from './fixtures';
import { expectedField, loadPolicyCases, PolicyCases } from './policy-cases';

/**
 * Every department × every field that is not unconditional, through the real gateway: what comes
 * back must be what the case files (access-policies/cases/) say — the raw value, the masked raw value, or nothing (absent from the
 * contract, or null with FORBIDDEN). Anything else is a leak or a wrongful denial.
 */
const policies = repositoryPolicies();
const cases = new Map<string, PolicyCases>([...policies.subgraphs.keys()].map((subgraph) => [subgraph, loadPolicyCases(subgraph)]));
const api = buildASTSchema(parse(apiSchemaSdl(readCommittedSupergraph())));

interface Probe {
  subgraph: string;
  coordinate: string;
  owner: string;
  query: string;
  variables: Record<string, unknown>;
  pick: (data: any) => unknown;
}

function probes(fixtures: PolicyFixtures): Probe[] {
  const entry: Record<string, { field: string; arg: string; type: string; key: string }> = {
    Person: { field: 'person', arg: 'id', type: 'ID!', key: fixtures.personA.id },
    House: { field: 'house', arg: 'code', type: 'ID!', key: fixtures.house },
    Building: { field: 'building', arg: 'code', type: 'ID!', key: fixtures.house.slice(0, 21) },
    LegalEntity: { field: 'legalEntity', arg: 'uscc', type: 'String!', key: fixtures.entity.uscc },
    Grid: { field: 'grid', arg: 'code', type: 'ID!', key: fixtures.town },
  };
  const list: Probe[] = [];
  for (const [subgraph, file] of policies.subgraphs) {
    for (const [typeName, type] of Object.entries(file.types)) {
      for (const [fieldName, field] of Object.entries(type.fields)) {
        if (field.class === 'unconditional') continue;
        const fieldType = api.getType(typeName) as any;
        const selection = isLeafType(getNamedType(fieldType?.getFields()[fieldName].type)) ? fieldName : `${fieldName} { __typename }`;
        const coordinate = `${typeName}.${fieldName}`;
        if (coordinate === 'Person.name' && subgraph === 'legal-entities') {
          list.push({
            subgraph,
            coordinate,
            owner: file.owner,
            query: 'query ($k: String!) { legalEntity(uscc: $k) { legalRepresentative { name } } }',
            variables: { k: fixtures.entity.uscc },
            pick: (d) => d?.legalEntity?.legalRepresentative?.name,
          });
          continue;
        }
        // The fixture house is a person's home: the company owner needs a company-owned one.
        const e = coordinate === 'House.ownerEntity' ? { ...entry.House, key: fixtures.companyHouse } : entry[typeName];
        if (!e) continue; // Query fields are covered by the reference cases.
        list.push({
          subgraph,
          coordinate,
          owner: file.owner,
          query: `query ($k: ${e.type}) { ${e.field}(${e.arg}: $k) { ${selection} } }`,
          variables: { k: e.key },
          pick: (d) => d?.[e.field]?.[fieldName],
        });
      }
    }
  }
  return list;
}

describe('the access matrix holds through the gateway', () => {
  let federation: TestFederation;
  let fixtures: PolicyFixtures;
  beforeAll(async () => {
    ({ federation, fixtures } = await startPolicyFederation());
    // Fields the seed leaves empty get a value on the probed rows, so every probe can see one: the
    // fixture person left an earlier home before this one, and the fixture house is let by them.
    await federation.system.subgraphs.population!.db.sql.query(`UPDATE person SET moved_out_on = moved_in_on - 30 WHERE id = $1`, [fixtures.personA.id]);
    await federation.system.subgraphs.housing!.db.sql.query(`UPDATE house SET landlord_person_id = $1 WHERE code = $2`, [fixtures.personA.id, fixtures.house]);
  });
  afterAll(() => federation?.stop());
  // The owner's answer to a probe is the same for every department: asked once, not once per department.
  const ownersAnswers = new Map<string, ReturnType<TestFederation['queryAs']>>();
  const ownersAnswer = (probe: Probe) => {
    const key = JSON.stringify([probe.owner, probe.query, probe.variables]);
    if (!ownersAnswers.has(key)) ownersAnswers.set(key, federation.queryAs({ department: probe.owner }, probe.query, probe.variables));
    return ownersAnswers.get(key)!;
  };

  it.each([...policies.departments.keys()])('for %s', async (department) => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const probe of probes(fixtures)) {
      const decision = expectedField(cases.get(probe.subgraph)!, department, probe.coordinate);
      const purpose = decision.purposes?.[0];
      const [mine, owners] = await Promise.all([federation.queryAs({ department, purpose }, probe.query, probe.variables), ownersAnswer(probe)]);
      const raw = probe.pick(owners.body.data);
      const got = probe.pick(mine.body.data);
      checked++;
      if (decision.effect === 'deny') {
        const refused = mine.status === 400 || (got == null && (mine.body.errors ?? []).some((e) => e.extensions?.code === 'FORBIDDEN'));
        if (!refused || (got !== null && got !== undefined))
          mismatches.push(`${probe.coordinate}: expected denial, got ${JSON.stringify(got)} (${mine.status})`);
      } else {
        const expected = decision.effect === 'mask' ? MASKS[decision.mask](raw) : raw;
        if (raw === undefined || raw === null) mismatches.push(`${probe.coordinate}: the owner's probe returned nothing; pick a fixture with a value`);
        else if (JSON.stringify(got) !== JSON.stringify(expected)) {
          mismatches.push(
            `${probe.coordinate}: expected ${decision.effect} ${JSON.stringify(expected)}, got ${JSON.stringify(got)} ${JSON.stringify(mine.body.errors ?? [])}`,
          );
        }
      }
    }
    expect(checked).toBeGreaterThan(25);
    expect(mismatches).toEqual([]);
  });
});
