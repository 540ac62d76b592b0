import { repositoryPolicies } from '../../access-policies/runtime/load';
import { startTestFederation, testBackends, TestFederation } from '../helpers/federation';
import { loadPolicyFixtures, PolicyFixtures } from '../policies/fixtures';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
const MINIMUM = 1000;

/** What a department has put together about one person from every answer it got. */
interface Known {
  idNumber?: string;
  birthDate?: string;
  gender?: string;
}

/**
 * The ID numbers consistent with what is known, counted up to `limit`: every birth date and sequence
 * the known parts allow, kept when the check character it yields matches a shown one. The region is
 * what the mask shows (every mask shipped shows it; a hidden region would multiply the count).
 */
function candidates(known: Known, limit: number): number {
  const shown = known.idNumber!;
  const digit = (i: number) => (shown[i] === '*' ? undefined : shown[i]);
  const region = shown.slice(0, 6);
  if (region.includes('*')) return limit;
  const [knownYear, knownMonth, knownDay] = (known.birthDate ?? '').split('-').map(Number);
  const range = (known: number | undefined, from: number, to: number) => (known ? [known] : Array.from({ length: to - from + 1 }, (_, i) => from + i));
  let count = 0;
  for (const year of range(knownYear, 1900, 2026)) {
    for (const month of range(knownMonth, 1, 12)) {
      for (const day of range(knownDay, 1, new Date(Date.UTC(year, month, 0)).getUTCDate())) {
        const date = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
        if ([...date].some((d, i) => digit(6 + i) !== undefined && digit(6 + i) !== d)) continue;
        for (let sequence = 0; sequence < 1000; sequence++) {
          const seq = String(sequence).padStart(3, '0');
          if ([...seq].some((d, i) => digit(14 + i) !== undefined && digit(14 + i) !== d)) continue;
          if (known.gender && (sequence % 2 === 1) !== (known.gender === 'MALE')) continue;
          const body = `${region}${date}${seq}`;
          const check = CHECK[[...body].reduce((sum, d, i) => sum + Number(d) * WEIGHTS[i], 0) % 11];
          if (digit(17) !== undefined && digit(17) !== check) continue;
          if (++count >= limit) return count;
        }
      }
    }
  }
  return count;
}

/**
 * Hole 3 of the security issue: the ID-number mask (first 6 + last 4) hides exactly the birth date,
 * which departments read in full, so 500 of 500 numbers were rebuilt. Each department that sees ID
 * numbers masked reads a page of persons under every purpose it may state, puts the answers
 * together and counts the ID numbers consistent with them: never fewer than 1000 for anyone.
 */
describe.each(testBackends())('rebuilding masked ID numbers from other fields on %s', (backend) => {
  let federation: TestFederation;
  let fixtures: PolicyFixtures;
  beforeAll(async () => {
    federation = await startTestFederation({ backend });
    fixtures = await loadPolicyFixtures(federation);
  });
  afterAll(() => federation?.stop());

  const policies = repositoryPolicies();
  const departments = ['health', 'civil-affairs', 'human-resources-social-security', 'grid-command', 'housing', 'fire-rescue', 'emergency-management'];

  it.each(departments)('%s cannot narrow any masked ID number below 1000 candidates', async (department) => {
    const persons = new Map<string, Known>();
    for (const purpose of [undefined, ...policies.departments.get(department)!.purposes]) {
      const { body } = await federation.queryAs(
        { department, purpose },
        'query ($g: ID!) { persons(gridCode: $g, first: 200) { edges { node { id idNumber birthDate gender } } } }',
        { g: fixtures.town },
      );
      for (const { node } of body.data?.persons?.edges ?? []) {
        const known = persons.get(node.id) ?? {};
        for (const field of ['idNumber', 'birthDate', 'gender'] as const) {
          // The longest answer tells most (a full date over a year).
          if (typeof node[field] === 'string' && (known[field]?.length ?? 0) < node[field].length) known[field] = node[field];
        }
        persons.set(node.id, known);
      }
    }
    const masked = [...persons.values()].filter((p) => p.idNumber);
    for (const p of masked) expect(p.idNumber).toContain('*');
    const narrowed = masked.map((p) => candidates(p, MINIMUM)).filter((n) => n < MINIMUM);
    expect({ read: persons.size, narrowedBelowMinimum: narrowed.length, rebuilt: narrowed.filter((n) => n === 1).length }).toEqual({
      read: persons.size,
      narrowedBelowMinimum: 0,
      rebuilt: 0,
    });
  });

  it('counts as the policy compiler does: the 6 + 4 mask with a full birth date leaves one number, with the year about 33', () => {
    const idNumber = fixtures.personA.idNumber as string;
    const masked = `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`;
    expect(candidates({ idNumber: masked, birthDate: fixtures.personA.birthDate }, MINIMUM)).toBe(1);
    const byYear = candidates({ idNumber: masked, birthDate: fixtures.personA.birthDate.slice(0, 4) }, MINIMUM);
    expect(byYear).toBeGreaterThan(20);
    expect(byYear).toBeLessThan(45);
  });
});
