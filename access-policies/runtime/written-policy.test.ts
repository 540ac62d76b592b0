import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPolicies, POLICY_DIR, PolicyError } from './load';

const SDL = `
  type Query { person(id: ID!): Person persons(first: Int): PersonConnection }
  type Person @key(fields: "id") { id: ID! name: String phone: String }
  type PersonConnection { totalCount: Int! edges: [PersonEdge!]! }
  type PersonEdge { cursor: String! node: Person! }
  extend type PersonEdge { rank: Int }
`;

const TYPES = `
types:
  Query:
    rows: unrestricted
    fields:
      person: { class: unconditional }
      persons: { class: unconditional }
  PersonConnection: { rows: unrestricted, default: unconditional }
  PersonEdge: { rows: unrestricted, default: unconditional }
  Person:
    rows: { scope: grid, field: gridCode, default: jurisdiction }
    fields:
      id: { class: unconditional }
`;

/** Loads a one-subgraph policy directory (the real departments) whose policy is `policy`. */
function load(policy: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-written-policy-'));
  try {
    fs.copyFileSync(path.join(POLICY_DIR, 'departments.yaml'), path.join(dir, 'departments.yaml'));
    fs.writeFileSync(path.join(dir, 'people.policy.yaml'), policy);
    return loadPolicies(dir, () => SDL).subgraphs.get('people')!;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const file = (sets: string, personFields: string) => `subgraph: people\nowner: public-security\n${sets}${TYPES}${personFields}`;

describe('policy files as written: named sets and type defaults', () => {
  it('reads a named grant set and write set exactly as the same grants written inline', () => {
    const named = load(
      file(
        'grantSets:\n  carers: { health: allow, civil-affairs: { mask: name, basis: a law } }\nwriteSets:\n  registrars: { public-security: { roles: [registrar] } }\n',
        '      name: { class: conditional, grants: carers, write: registrars }\n      phone: { class: conditional, grants: carers }\n',
      ),
    );
    const inline = load(
      file(
        '',
        '      name: { class: conditional, grants: { health: allow, civil-affairs: { mask: name, basis: a law } }, write: { public-security: { roles: [registrar] } } }\n' +
          '      phone: { class: conditional, grants: { health: allow, civil-affairs: { mask: name, basis: a law } } }\n',
      ),
    );
    expect(named).toEqual(inline);
    expect(named.types.Person.fields.phone.grants).toEqual({ health: 'allow', 'civil-affairs': { mask: 'name', basis: 'a law' } });
  });

  it('refuses a field naming a set the file does not define, naming the field and the sets it has', () => {
    expect(() =>
      load(
        file(
          'grantSets:\n  carers: { health: allow }\n',
          '      name: { class: conditional, grants: carer }\n      phone: { class: conditional, grants: carers }\n',
        ),
      ),
    ).toThrow(new PolicyError('people.policy.yaml: types.Person.fields.name.grants: no grantSets entry "carer" (defined: carers)'));
  });

  it('refuses a set no field names', () => {
    expect(() =>
      load(file('grantSets:\n  carers: { health: allow }\n  unused: { housing: allow }\n', '      name: { class: conditional, grants: carers }\n')),
    ).toThrow(/grantSets: unused named by no field/);
  });

  it("expands a plumbing type's default to every field its SDL defines, extensions included", () => {
    const policy = load(file('', '      name: { class: unconditional }\n      phone: { class: unconditional }\n'));
    expect(policy.types.PersonEdge.fields).toEqual({ cursor: { class: 'unconditional' }, node: { class: 'unconditional' }, rank: { class: 'unconditional' } });
    expect(Object.keys(policy.types.PersonConnection.fields)).toEqual(['totalCount', 'edges']);
  });

  it('refuses a default on a type whose rows are scoped, so a personal field is never shared by default', () => {
    const scoped = file('', '      name: { class: unconditional }\n').replace(
      'default: jurisdiction }\n    fields:\n',
      'default: jurisdiction }\n    default: unconditional\n    fields:\n',
    );
    expect(() => load(scoped)).toThrow(/types\.Person: default: unconditional is for plumbing types only/);
  });

  it('refuses a default for a type the SDL does not have', () => {
    expect(() => load(file('', '      name: { class: unconditional }\n') + '  Ghost: { rows: unrestricted, default: unconditional }\n')).toThrow(
      /types\.Ghost: default needs the type in subgraphs\/people\/schema.graphql/,
    );
  });
});
