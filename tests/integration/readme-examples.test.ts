import fs from 'node:fs';
import { repoPath } from '../../platform/repo-root';
import { testBackends, TestFederation } from '../helpers/federation';
import { PolicyFixtures, startPolicyFederation } from '../policies/fixtures';

/**
 * Every GraphQL example of the README runs as written, as the department (and purpose) the line
 * above it states (`<!-- example: department, purpose p, variables {...} -->`), against the seeded
 * city: a newcomer copying one gets data, not an error (#16 item 7).
 */
interface Example {
  line: number;
  department: string;
  purpose?: string;
  variables: Record<string, unknown>;
  query: string;
}

const EXAMPLE_LINE = /^<!-- example: ([a-z0-9-]+)(?:, purpose ([a-z0-9-]+))?(?:, variables (\{.*\}))? -->$/;

function readmeExamples(text: string): { examples: Example[]; unlabelled: number[] } {
  const lines = text.split('\n');
  const examples: Example[] = [];
  const unlabelled: number[] = [];
  lines.forEach((line, index) => {
    if (line.trim() !== '```graphql') return;
    const end = lines.indexOf('```', index + 1);
    const label = EXAMPLE_LINE.exec(lines[index - 1] ?? '');
    if (!label) {
      unlabelled.push(index + 1);
      return;
    }
    examples.push({
      line: index + 1,
      department: label[1],
      purpose: label[2],
      variables: label[3] ? JSON.parse(label[3]) : {},
      query: lines.slice(index + 1, end).join('\n'),
    });
  });
  return { examples, unlabelled };
}

const README = fs.readFileSync(repoPath('README.md'), 'utf8');
const { examples, unlabelled } = readmeExamples(README);

describe('the README examples', () => {
  it('state who runs each one', () => {
    expect(unlabelled).toEqual([]);
    expect(examples.length).toBeGreaterThanOrEqual(6);
  });

  it('send a token with every curl to the gateway', () => {
    const curls = README.split('\n').filter((line) => /^curl .*\/graphql/.test(line.trim()));
    expect(curls.length).toBeGreaterThan(0);
    expect(curls.filter((line) => !/authorization: Bearer/.test(line))).toEqual([]);
  });
});

describe.each(testBackends())('the README examples against the seeded city on %s', (backend) => {
  let federation: TestFederation;
  let fixtures: PolicyFixtures;
  beforeAll(async () => {
    ({ federation, fixtures } = await startPolicyFederation({ backend }));
  });
  afterAll(() => federation?.stop());

  /** Placeholders in angle brackets are filled from the seeded city, as a reader fills them from theirs. */
  const filled = (variables: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(variables).map(([name, value]) => [name, value === '<an ID number of the seeded city>' ? fixtures.personA.idNumber : value]),
    );

  it.each(examples.map((e) => [e.line, e] as const))('runs the example at README.md:%i', async (_line, example) => {
    const { status, body } = await federation.queryAs(
      { department: example.department, user: 'readme-reader', ...(example.purpose ? { purpose: example.purpose } : {}) },
      example.query,
      filled(example.variables),
    );
    expect({ status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
    expect(Object.values(body.data).every((value) => value !== null)).toBe(true);
  });
});
