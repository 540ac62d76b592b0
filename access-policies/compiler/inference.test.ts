import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { candidatesOf, inferenceFindings, inferenceProblems } from './inference';
import { loadPolicies, POLICY_DIR, repositoryPolicies } from '../runtime/load';

/** The repository's policies with population.policy.yaml edited. */
function populationWith(edit: (text: string) => string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-inference-'));
  try {
    fs.copyFileSync(path.join(POLICY_DIR, 'departments.yaml'), path.join(dir, 'departments.yaml'));
    const original = fs.readFileSync(path.join(POLICY_DIR, 'population.policy.yaml'), 'utf8');
    const edited = edit(original);
    expect(edited).not.toBe(original);
    fs.writeFileSync(path.join(dir, 'population.policy.yaml'), edited);
    return loadPolicies(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const ID_NUMBER = repositoryPolicies().subgraphs.get('population')!.inference!.values['Person.idNumber'].components;
const known = (...components: string[]) => new Map(components.map((c) => [c, 1]));

describe('candidates of a resident ID number', () => {
  it('is one when the 6 + 4 mask meets the full birth date (500 of 500 numbers were rebuilt)', () => {
    expect(candidatesOf(ID_NUMBER, known('region', 'sex', 'sequence', 'checkDigit', 'birthYear', 'monthDay'))).toBe(1);
  });

  it('is about 33 when the 6 + 4 mask meets the birth year: 366 days, 1 in 11 with the shown check character', () => {
    expect(candidatesOf(ID_NUMBER, known('region', 'sex', 'sequence', 'checkDigit', 'birthYear'))).toBe(33);
  });

  it('divides by 11 only when the check character is shown', () => {
    const rest = ['region', 'birthYear', 'monthDay', 'sex'];
    expect(candidatesOf(ID_NUMBER, known(...rest))).toBe(500);
    expect(candidatesOf(ID_NUMBER, known(...rest, 'checkDigit'))).toBe(45);
    expect(candidatesOf(ID_NUMBER, known('region', 'birthYear', 'monthDay'))).toBe(1000);
  });

  it('counts what a partial reveal leaves: a year and month keeps 31 days', () => {
    expect(
      candidatesOf(
        ID_NUMBER,
        new Map([
          ['region', 1],
          ['birthYear', 1],
          ['sex', 1],
          ['monthDay', 31],
        ]),
      ),
    ).toBe(31 * 500);
  });
});

describe('the compiler refuses masks that other fields undo', () => {
  it('accepts the shipped policies, and every masked value keeps its minimum', () => {
    const policies = repositoryPolicies();
    expect(inferenceProblems(policies, 'population')).toEqual([]);
    const findings = inferenceFindings(policies, 'population');
    expect(findings.length).toBeGreaterThan(5);
    for (const f of findings) expect(f.candidates).toBeGreaterThanOrEqual(f.minimum);
  });

  it('refuses the grants shipped before: the 6 + 4 mask with the full birth date', () => {
    const policies = populationWith((text) =>
      text.replace('health: { mask: id-number-region }', 'health: { mask: id-number }').replace('health: { mask: birth-month }', 'health: allow'),
    );
    expect(inferenceProblems(policies, 'population')).toEqual([
      expect.stringMatching(
        /^population\.policy\.yaml: health may see Person\.idNumber only masked \(id-number\).* narrows it to 1 candidate, fewer than 1000: .*birthYear ← Person\.birthDate \(allow\)/,
      ),
      // The full date is no longer masked for health, so only the ID number is at stake.
    ]);
  });

  it('refuses the birth year with the 6 + 4 mask (about 33 candidates)', () => {
    const policies = populationWith((text) => text.replace('grid-command: { mask: id-number-region }', 'grid-command: { mask: id-number }'));
    expect(inferenceProblems(policies, 'population')).toEqual([expect.stringMatching(/grid-command may see Person\.idNumber .* narrows it to 33 candidates/)]);
  });

  it('combines what a department reads under different purposes', () => {
    // The ID number only for rental management, the birth date only for building safety: two
    // requests, one answer each, put together.
    const policies = populationWith((text) =>
      text.replace(
        '# Housing: rental management needs no age',
        'housing: { allow: true, purposes: [building-safety] }\n          # Housing: rental management needs no age',
      ),
    );
    expect(inferenceProblems(policies, 'population')).toEqual([
      expect.stringMatching(/housing may see Person\.idNumber only masked \(id-number\).* narrows it to 1 candidate/),
    ]);
  });

  it('refuses a revealing field given in a way the model does not describe', () => {
    const policies = populationWith((text) => text.replace('fire-rescue: { mask: birth-date }', 'fire-rescue: { mask: address }'));
    expect(inferenceProblems(policies, 'population')).toContainEqual(
      'population.policy.yaml: inference: fire-rescue gets Person.birthDate as address, but reveals.Person.birthDate does not say what that shows',
    );
  });

  it('refuses a masked field that is not modelled, and components nobody declared', () => {
    const unmodelled = populationWith((text) => text.replace(/ {4}Person\.phone:\n {6}components:\n(?: {8}.*\n){3}/, ''));
    expect(inferenceProblems(unmodelled, 'population')).toContainEqual(
      'population.policy.yaml: inference: Person.phone is granted masked (phone) but is not among the values: say what it is made of',
    );
    const unknown = populationWith((text) => text.replace('allow: [sex]', 'allow: [sex, shoeSize]'));
    expect(inferenceProblems(unknown, 'population')).toContainEqual(
      'population.policy.yaml: inference: Person.gender (allow) reveals shoeSize, which no value declares',
    );
  });
});
