import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPolicies, POLICY_DIR } from '../runtime/load';
import { validatePolicies } from './validate';

/** A copy of the real policies with one edit, validated against a small subgraph SDL. */
function problemsWith(edit: (files: Record<string, string>) => void, sdl = SDL): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-policy-'));
  const files: Record<string, string> = {
    'departments.yaml': fs.readFileSync(path.join(POLICY_DIR, 'departments.yaml'), 'utf8'),
    'people.policy.yaml': POLICY,
  };
  edit(files);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  try {
    return validatePolicies(loadPolicies(dir), ['people'], () => sdl);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const SDL = `
  type Query { person(id: ID!): Person }
  type Person @key(fields: "id") { id: ID! name: String idNumber: String }
`;
const POLICY = `
subgraph: people
owner: public-security
inference:
  minCandidates: 1000
  values:
    Person.idNumber:
      components: { region: 3000, birthYear: 100, monthDay: 366, sex: 2, sequence: 500, checkDigit: { check: 11 } }
  reveals:
    Person.idNumber:
      id-number: [region, sex, sequence, checkDigit]
types:
  Query:
    rows: unrestricted
    fields:
      person: { class: conditional, rowsOf: Person }
  Person:
    rows: { scope: grid, field: gridCode, grants: { health: jurisdiction } }
    fields:
      id: { class: unconditional }
      name: { class: conditional, sensitivity: personal, grants: { health: allow } }
      idNumber: { class: conditional, sensitivity: sensitive, grants: { health: { mask: id-number } } }
`;

describe('the policy compiler refuses', () => {
  it('nothing in a valid file', () => {
    expect(problemsWith(() => undefined)).toEqual([]);
  });

  it('a field without a policy, naming it', () => {
    expect(problemsWith(() => undefined, SDL.replace('idNumber: String', 'idNumber: String phone: String'))).toEqual([
      'people.policy.yaml: Person.phone has no policy (every field must state its sharing class)',
    ]);
  });

  it('a policy for a field that does not exist', () => {
    const problems = problemsWith((f) => (f['people.policy.yaml'] += '      shoeSize: { class: unconditional }\n'));
    expect(problems).toEqual(['people.policy.yaml: Person.shoeSize names a field that people does not serve']);
  });

  it('an unknown department', () => {
    const problems = problemsWith((f) => (f['people.policy.yaml'] = f['people.policy.yaml'].replace('{ health: allow }', '{ ministry-of-magic: allow }')));
    expect(problems).toEqual(['people.policy.yaml: Person.name: unknown department ministry-of-magic']);
  });

  it('an unknown mask', () => {
    expect(() => problemsWith((f) => (f['people.policy.yaml'] = f['people.policy.yaml'].replace('mask: id-number', 'mask: blur')))).toThrow(
      /people.policy.yaml: types.Person.fields.idNumber.grants.health/,
    );
  });

  it('a conditional field that is non-null in the schema', () => {
    expect(problemsWith(() => undefined, SDL.replace('name: String', 'name: String!'))).toEqual([
      'people.policy.yaml: Person.name is conditional but non-null in the schema: a denial would null its parent; make it nullable',
    ]);
  });

  it('a purpose the department may not state', () => {
    const problems = problemsWith((f) => (f['people.policy.yaml'] = f['people.policy.yaml'].replace('{ health: allow }', '{ health: { allow: true, purposes: [fishing] } }')));
    expect(problems).toEqual(['people.policy.yaml: Person.name: health may not state purpose fishing (departments.yaml)']);
  });

  it('a filter that is no argument of its field, names an unknown field, or is required', () => {
    const withFilters = (filters: string, sdl = SDL) =>
      problemsWith((f) => (f['people.policy.yaml'] = f['people.policy.yaml'].replace('person: { class: conditional, rowsOf: Person }', `person: { class: conditional, rowsOf: Person, filters: { ${filters} } }`)), sdl);
    expect(withFilters('name: Person.name', SDL.replace('person(id: ID!)', 'person(id: ID!, name: String)'))).toEqual([]);
    expect(withFilters('name: Person.name')).toEqual(['people.policy.yaml: Query.person: filter name is not an argument of Query.person']);
    expect(withFilters('name: Person.shoeSize', SDL.replace('person(id: ID!)', 'person(id: ID!, name: String)'))).toEqual([
      'people.policy.yaml: Query.person: filter name names unknown coordinate Person.shoeSize',
    ]);
    expect(withFilters('id: Person.id')).toEqual(['people.policy.yaml: Query.person: filter id must be optional (a required one is `reads`)']);
  });
});
