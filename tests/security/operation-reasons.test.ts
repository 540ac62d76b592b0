import { testBackends, TestFederation } from '../helpers/federation';
import { auditRecordOf } from '../helpers/audit-records';
import { PolicyFixtures, startPolicyFederation } from '../policies/fixtures';
import { CHANGE_HOUSE, housingRegistrar } from '../helpers/living';

const HOUSE_VERSION = 'query ($c: ID!) { house(code: $c) { code version use } }';

/**
 * An auditor reading a refused operation must learn why it was refused and what it asked for; a
 * write must say which step (root field) it was. Each case is the request an official sends and
 * the record an auditor then reads.
 */
describe.each(testBackends())('why and what on every operation record, on %s', (backend) => {
  let federation: TestFederation;
  let fixtures: PolicyFixtures;
  beforeAll(async () => {
    ({ federation, fixtures } = await startPolicyFederation({ backend }));
  });
  afterAll(() => federation?.stop());

  const HOUSING = housingRegistrar('hs-writer');
  const changeHouse = (caller: Parameters<TestFederation['queryAs']>[0], houseCode: string, expectedVersion: number, key: string, use = 'RESIDENTIAL') =>
    federation.queryAs(caller, CHANGE_HOUSE, { input: { idempotencyKey: key, expectedVersion, change: { houseCode, use } } });
  const recordOf = (response: { headers: Headers }) => auditRecordOf(federation, response.headers.get('x-request-id'));

  it('a refused mutation (the house does not exist) carries its reason and the root field it asked for', async () => {
    const response = await changeHouse(HOUSING, '4499000000000000000000', 1, 'reasons-missing-house');
    expect(response.body.data?.changeHouse ?? null).toBeNull();
    const record = await recordOf(response);
    expect(record.outcome).toBe('REJECTED');
    expect(record.denialReasons.length).toBeGreaterThan(0);
    expect(record.rootFields).toEqual(['Mutation.changeHouse']);
  });

  it('a mutation the document validation refuses carries the validation code and the root fields it named', async () => {
    const response = await federation.queryAs(HOUSING, 'mutation { changeHouse(input: {}) { version } demolish { ok } }');
    expect(response.status).toBe(400);
    const record = await recordOf(response);
    expect(record.outcome).toBe('REJECTED');
    // The gateway's code for a document the schema refuses.
    expect(record.denialReasons).toContain('INVALID_OPERATION');
    expect(record.rootFields).toEqual(['Mutation.changeHouse', 'Mutation.demolish']);
  });

  it('a write refused by policy (not a registrar) is REJECTED with the policy reason and its step', async () => {
    const response = await changeHouse({ department: 'housing', user: 'hs-clerk' }, fixtures.house, 1, 'reasons-not-granted');
    expect(response.body.data?.changeHouse ?? null).toBeNull();
    const record = await recordOf(response);
    // Nothing was written: the mutation's only step was refused.
    expect(record.outcome).toBe('REJECTED');
    expect(record.denialReasons).toEqual(['ROLE_NOT_PERMITTED']);
    expect(record.rootFields).toEqual(['Mutation.changeHouse']);
  });

  it('a successful write says which step it was', async () => {
    const read = await federation.queryAs(HOUSING, HOUSE_VERSION, { c: fixtures.house });
    const { version, use } = read.body.data.house;
    const response = await changeHouse(HOUSING, fixtures.house, version, 'reasons-success', use === 'MIXED' ? 'RESIDENTIAL' : 'MIXED');
    expect(response.body.errors).toBeUndefined();
    const record = await recordOf(response);
    expect(record.outcome).toBe('OK');
    expect(record.denialReasons).toEqual([]);
    expect(record.rootFields).toEqual(['Mutation.changeHouse']);
    // Reads say theirs too, aliases resolved to the field asked for.
    const query = await federation.queryAs(HOUSING, 'query ($c: ID!) { h: house(code: $c) { code } grid(code: "449900") { code } }', { c: fixtures.house });
    expect((await recordOf(query)).rootFields).toEqual(['Query.grid', 'Query.house']);
  });
});
