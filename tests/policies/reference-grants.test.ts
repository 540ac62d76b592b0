import fs from 'node:fs';
import YAML from 'yaml';
import { MASKS } from '../../access-policies/runtime/masks';
import type { MaskName } from '../../access-policies/runtime/model';
import { repoPath } from '../../platform/repo-root';
import type { TestFederation } from '../helpers/federation';
import { PolicyFixtures, startPolicyFederation, substitute } from './fixtures';

interface PolicyCase {
  name: string;
  caller: { department: string; level?: 'city' | 'town' | 'community'; jurisdiction?: string[]; purpose?: string };
  query: string;
  variables?: Record<string, unknown>;
  expect: { status?: number; data?: unknown; errors?: { code: string; reason?: string; path?: (string | number)[] }[] };
}

const cases = YAML.parse(fs.readFileSync(repoPath('tests', 'policies', 'reference-grants.cases.yaml'), 'utf8')) as PolicyCase[];

describe('reference grants, through the gateway with real tokens', () => {
  let federation: TestFederation;
  let fixtures: PolicyFixtures;
  beforeAll(async () => {
    ({ federation, fixtures } = await startPolicyFederation());
  });
  afterAll(() => federation?.stop());

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, raw) => {
    const c = substitute(raw, fixtures, (mask, value) => MASKS[mask as MaskName](value)) as PolicyCase;
    const { status, body } = await federation.queryAs(c.caller, c.query, c.variables);
    expect(status).toBe(c.expect.status ?? 200);
    if (c.expect.data !== undefined) expect(body.data).toEqual(c.expect.data);
    const errors = (body.errors ?? []).map((e) => ({
      code: e.extensions?.code,
      ...(e.extensions?.reason ? { reason: e.extensions.reason } : {}),
      ...(e.path ? { path: e.path } : {}),
    }));
    const expected = (c.expect.errors ?? []).map((e) => expect.objectContaining(e));
    expect(errors).toEqual(expected);
  });
});
