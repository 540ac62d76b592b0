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
    return validatePolicies(
      loadPolicies(dir),
      ['people'],
      () => sdl,
      () => STORED,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** What the people subgraph stores (its Prisma model's fields). */
const STORED = new Map([['Person', new Set(['id', 'name', 'idNumber', 'gridCode'])]]);

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
    const problems = problemsWith(
      (f) => (f['people.policy.yaml'] = f['people.policy.yaml'].replace('{ health: allow }', '{ health: { allow: true, purposes: [fishing] } }')),
    );
    expect(problems).toEqual(['people.policy.yaml: Person.name: health may not state purpose fishing (departments.yaml)']);
  });

  it('a filter that is no argument of its field, names an unknown field, or is required', () => {
    const withFilters = (filters: string, sdl = SDL) =>
      problemsWith(
        (f) =>
          (f['people.policy.yaml'] = f['people.policy.yaml'].replace(
            'person: { class: conditional, rowsOf: Person }',
            `person: { class: conditional, rowsOf: Person, filters: { ${filters} } }`,
          )),
        sdl,
      );
    expect(withFilters('name: Person.name', SDL.replace('person(id: ID!)', 'person(id: ID!, name: String)'))).toEqual([]);
    expect(withFilters('name: Person.name')).toEqual(['people.policy.yaml: Query.person: filter name is not an argument of Query.person']);
    expect(withFilters('name: Person.shoeSize', SDL.replace('person(id: ID!)', 'person(id: ID!, name: String)'))).toEqual([
      'people.policy.yaml: Query.person: filter name names unknown coordinate Person.shoeSize',
    ]);
    expect(withFilters('id: Person.id')).toEqual(['people.policy.yaml: Query.person: filter id must be optional (a required one is `reads`)']);
  });
});

describe('the policy compiler checks write grants', () => {
  /** Gives Person.name the write grants in `grants` (YAML flow mapping), and the type its write purposes. */
  const withWrites =
    (grants: string, purposes = '[population-management]') =>
    (f: Record<string, string>) => {
      f['people.policy.yaml'] = f['people.policy.yaml']
        .replace(
          '    rows: { scope: grid, field: gridCode, grants: { health: jurisdiction } }',
          `    rows: { scope: grid, field: gridCode, grants: { health: jurisdiction } }\n    writes: { purposes: ${purposes} }`,
        )
        .replace(
          'name: { class: conditional, sensitivity: personal, grants: { health: allow } }',
          `name: { class: conditional, sensitivity: personal, grants: { health: allow }, write: ${grants} }`,
        );
    };

  it('accepts a registrar writing what it reads, refuses a grant on a field the department cannot read', () => {
    expect(
      problemsWith(
        withWrites('{ public-security: { roles: [registrar] }, grid-command: { roles: [grid-worker], via: collection, purposes: [grid-management] } }'),
      ),
    ).toEqual(['people.policy.yaml: Person.name: write grant for grid-command: grid-command may not read Person.name in any form, so it may not write it']);
    expect(problemsWith(withWrites('{ public-security: { roles: [registrar] } }'))).toEqual([]);
  });

  it('refuses an unknown department, a role the department does not have, a purpose it may not state', () => {
    expect(problemsWith(withWrites('{ ministry-of-magic: { roles: [registrar] } }'))).toEqual([
      'people.policy.yaml: Person.name: write grant for ministry-of-magic: unknown department ministry-of-magic',
    ]);
    expect(problemsWith(withWrites('{ health: { roles: [registrar] } }', '[epidemic-prevention]'))).toEqual([
      'people.policy.yaml: Person.name: write grant for health: health has no role registrar (departments.yaml)',
    ]);
    expect(problemsWith(withWrites('{ public-security: { roles: [registrar], purposes: [fishing] } }'))).toEqual([
      'people.policy.yaml: Person.name: write grant for public-security: public-security may not state purpose fishing (departments.yaml)',
    ]);
    expect(() => problemsWith(withWrites('{ public-security: { roles: [wizard] } }'))).toThrow(/people.policy.yaml: types.Person.fields.name.write/);
  });

  it('refuses a write grant without any purpose, and review: after without collection', () => {
    const noPurpose = (f: Record<string, string>) => {
      f['people.policy.yaml'] = f['people.policy.yaml'].replace(
        'grants: { health: allow } }',
        'grants: { health: allow }, write: { public-security: { roles: [registrar] } } }',
      );
    };
    expect(problemsWith(noPurpose)).toEqual([
      'people.policy.yaml: Person.name: write grant for public-security: no purpose: give the grant purposes or the type writes.purposes',
    ]);
    expect(() => problemsWith(withWrites('{ public-security: { roles: [registrar], review: after } }'))).toThrow(/review applies only to via: collection/);
  });

  it('refuses a write grant on a field that is not stored', () => {
    const problems = problemsWith((f) => {
      withWrites('{ public-security: { roles: [registrar] } }')(f);
      f['people.policy.yaml'] = f['people.policy.yaml'].replace(
        'writes: { purposes: [population-management] }',
        'writes: { purposes: [population-management], stored: { name: fullName } }',
      );
    });
    expect(problems).toEqual(['people.policy.yaml: Person.name: not a stored field of Person (no fullName in the Prisma model), so it cannot be written']);
  });
});
