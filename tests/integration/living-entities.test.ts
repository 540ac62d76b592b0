import { TestClock } from '../helpers/events';
import { testBackends, TestFederation } from '../helpers/federation';
import { Claims, errorOf, gridWorker, key, LivingCity, startLivingCity } from '../helpers/living';
import { creditCodeCheckCharacter } from '../../platform/identifiers/credit-code';

const ENTITY_FIELDS = 'uscc version name licenceStatus grid { code } registeredAddress { code } legalRepresentative { id name } premises { code }';
const REGISTER = `mutation ($input: RegisterLegalEntityInput!) { registerLegalEntity(input: $input) { version replayed legalEntity { ${ENTITY_FIELDS} } } }`;
const CHANGE = `mutation ($input: ChangeLegalEntityInput!) { changeLegalEntity(input: $input) { version legalEntity { ${ENTITY_FIELDS} } } }`;
const PREMISES = `mutation ($input: SetLegalEntityPremisesInput!) { setLegalEntityPremises(input: $input) { version legalEntity { ${ENTITY_FIELDS} } } }`;
const DEREGISTER = `mutation ($input: DeregisterLegalEntityInput!) { deregisterLegalEntity(input: $input) { version legalEntity { ${ENTITY_FIELDS} } } }`;

const uscc = (org: string) => `91449900${org}${creditCodeCheckCharacter(`91449900${org}`)}`;

/**
 * The business register's writes (#12): market regulation registers an entity (GB 32100, an adult
 * representative, a standard address whose grid it joins), changes it, gives it premises and
 * deregisters it (注销), after which it gains no premises; each change is in history and the feed.
 */
describe.each(testBackends())('business register writes on %s', (backend) => {
  const clock = new TestClock('2026-12-01T10:00');
  let federation: TestFederation;
  let city: LivingCity;
  let address: string;
  let representative: { id: string; name: string; idNumber: string };
  const registrar: Claims = { department: 'market-regulation', user: 'mr-registrar-1', role: 'registrar', purpose: 'licensing' };
  beforeAll(async () => {
    ({ federation, city } = await startLivingCity(backend, clock));
    address = (await federation.system.subgraphs.housing!.db.sql.query<{ a: string }>(
      'SELECT address_code AS a FROM building WHERE grid_code = $1 ORDER BY code LIMIT 1', [city.gridA],
    )).rows[0].a;
    representative = (await federation.system.subgraphs.population!.db.sql.query<any>(
      `SELECT id, name, id_number AS "idNumber" FROM person WHERE birth_date < '1990-01-01' ORDER BY id LIMIT 1`,
    )).rows[0];
  });
  afterAll(() => federation?.stop());

  const entity = (code: string, extra: Record<string, unknown> = {}) => ({
    uscc: code, name: '测试商贸有限公司', type: 'COMPANY', legalRepresentative: { personId: representative.id, name: representative.name, idNumber: representative.idNumber },
    registeredAddressCode: address, industry: '批发和零售业', staffCount: 5, establishedOn: '2026-11-20', workSafetyLevel: 'LOW', fireKeyUnit: false, ...extra,
  });

  it('registers, changes, gives premises and deregisters an entity, with history and feed', async () => {
    const code = uscc('MA0000001');
    const registered = await federation.queryAs(registrar, REGISTER, { input: { idempotencyKey: key(), change: entity(code) } });
    expect(registered.body.errors).toBeUndefined();
    expect(registered.body.data.registerLegalEntity.legalEntity).toMatchObject({
      uscc: code, version: 1, licenceStatus: 'ACTIVE', grid: { code: city.gridA }, legalRepresentative: { id: representative.id, name: representative.name }, premises: [],
    });
    const renamed = await federation.queryAs(registrar, CHANGE, { input: { idempotencyKey: key(), expectedVersion: 1, change: { uscc: code, name: '测试商贸（更名）有限公司' } } });
    expect(renamed.body.data.changeLegalEntity).toMatchObject({ version: 2, legalEntity: { name: '测试商贸（更名）有限公司' } });
    const premises = await federation.queryAs(registrar, PREMISES, { input: { idempotencyKey: key(), expectedVersion: 2, change: { uscc: code, houseCodes: [city.vacantHouse.code] } } });
    expect(premises.body.data.setLegalEntityPremises).toMatchObject({ version: 3, legalEntity: { premises: [{ code: city.vacantHouse.code }] } });
    const closed = await federation.queryAs(registrar, DEREGISTER, { input: { idempotencyKey: key(), expectedVersion: 3, change: { uscc: code, deregisteredOn: '2026-11-30' } } });
    expect(closed.body.data.deregisterLegalEntity).toMatchObject({ version: 4, legalEntity: { licenceStatus: 'DEREGISTERED', premises: [] } });
    // A deregistered entity gains no premises.
    const after = await federation.queryAs(registrar, PREMISES, { input: { idempotencyKey: key(), expectedVersion: 4, change: { uscc: code, houseCodes: [city.vacantHouse.code] } } });
    expect(errorOf(after)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'change.uscc' });

    const { body } = await federation.queryAs(registrar, `query ($u: String!) {
      legalEntity(uscc: $u) { history { version kind effectiveOn changes { field before after } } }
      legalEntityChanges(first: 500) { edges { node { entityKey version kind changedFields } } } }`, { u: code });
    expect(body.errors).toBeUndefined();
    expect(body.data.legalEntity.history.map((v: any) => [v.version, v.kind, v.effectiveOn])).toEqual([
      [4, 'DEREGISTERED', '2026-11-30'], [3, 'PREMISES_CHANGED', '2026-12-01'], [2, 'UPDATED', '2026-12-01'], [1, 'CREATED', '2026-11-20'],
    ]);
    expect(body.data.legalEntity.history[0].changes).toEqual([
      { field: 'licenceStatus', before: 'ACTIVE', after: 'DEREGISTERED' },
      { field: 'premises', before: city.vacantHouse.code, after: '' },
    ]);
    expect(body.data.legalEntityChanges.edges.map((e: any) => e.node).filter((n: any) => n.entityKey === code).map((n: any) => n.version)).toEqual([1, 2, 3, 4]);
  });

  it('refuses bad input naming the field, and writes by anyone but market regulation\'s registrars', async () => {
    const count = async () => Number((await federation.system.subgraphs['legal-entities']!.db.sql.query<{ n: string }>('SELECT count(*) AS n FROM legal_entity')).rows[0].n);
    const before = await count();
    const good = uscc('MA0000002');
    const bad: [Record<string, unknown>, string][] = [
      [entity(`${good.slice(0, 17)}${good.endsWith('0') ? '1' : '0'}`), 'change.uscc'],
      [entity(good, { legalRepresentative: { personId: representative.id, name: representative.name, idNumber: '44990120150101001X' } }), 'change.legalRepresentative.idNumber'],
      [entity(good, { registeredAddressCode: '44990010' }), 'change.registeredAddressCode'],
      [entity(good, { staffCount: -1 }), 'change.staffCount'],
      [entity(good, { establishedOn: '2026-12-24' }), 'change.establishedOn'],
      [entity(good, { industry: null }), 'change.industry'],
    ];
    for (const [change, field] of bad) {
      const result = await federation.queryAs(registrar, REGISTER, { input: { idempotencyKey: key(), change } });
      expect([field, errorOf(result)?.extensions]).toEqual([field, expect.objectContaining({ code: 'BAD_USER_INPUT', field })]);
    }
    for (const claims of [gridWorker(city.gridA), { ...registrar, role: 'handler' }, { department: 'public-security', user: 'ps-1', role: 'registrar', purpose: 'population-management' }] as Claims[]) {
      expect(errorOf(await federation.queryAs(claims, REGISTER, { input: { idempotencyKey: key(), change: entity(good) } }))?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await count()).toBe(before);
  });
});
