import { TestClock } from '../helpers/events';
import { auditRecordOf } from '../helpers/audit-records';
import { GraphQLResult, testBackends, TestFederation } from '../helpers/federation';
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
    address = (
      await federation.system.subgraphs.housing!.db.sql.query<{ a: string }>(
        'SELECT address_code AS a FROM building WHERE grid_code = $1 ORDER BY code LIMIT 1',
        [city.gridA],
      )
    ).rows[0].a;
    representative = (
      await federation.system.subgraphs.population!.db.sql.query<any>(
        `SELECT id, name, id_number AS "idNumber" FROM person WHERE birth_date < '1990-01-01' ORDER BY id LIMIT 1`,
      )
    ).rows[0];
  });
  afterAll(() => federation?.stop());

  const entity = (code: string, extra: Record<string, unknown> = {}) => ({
    uscc: code,
    name: '测试商贸有限公司',
    type: 'COMPANY',
    legalRepresentative: { personId: representative.id, name: representative.name, idNumber: representative.idNumber },
    registeredAddressCode: address,
    industry: '批发和零售业',
    staffCount: 5,
    establishedOn: '2026-11-20',
    workSafetyLevel: 'LOW',
    fireKeyUnit: false,
    ...extra,
  });

  it('registers, changes, gives premises and deregisters an entity, with history and feed', async () => {
    const code = uscc('MA0000001');
    const registered = await federation.queryAs(registrar, REGISTER, { input: { idempotencyKey: key(), change: entity(code) } });
    expect(registered.body.errors).toBeUndefined();
    expect(registered.body.data.registerLegalEntity.legalEntity).toMatchObject({
      uscc: code,
      version: 1,
      licenceStatus: 'ACTIVE',
      grid: { code: city.gridA },
      legalRepresentative: { id: representative.id, name: representative.name },
      premises: [],
    });
    const renamed = await federation.queryAs(registrar, CHANGE, {
      input: { idempotencyKey: key(), expectedVersion: 1, change: { uscc: code, name: '测试商贸（更名）有限公司' } },
    });
    expect(renamed.body.data.changeLegalEntity).toMatchObject({ version: 2, legalEntity: { name: '测试商贸（更名）有限公司' } });
    const premises = await federation.queryAs(registrar, PREMISES, {
      input: { idempotencyKey: key(), expectedVersion: 2, change: { uscc: code, houseCodes: [city.vacantHouse.code] } },
    });
    expect(premises.body.data.setLegalEntityPremises).toMatchObject({ version: 3, legalEntity: { premises: [{ code: city.vacantHouse.code }] } });
    const closed = await federation.queryAs(registrar, DEREGISTER, {
      input: { idempotencyKey: key(), expectedVersion: 3, change: { uscc: code, deregisteredOn: '2026-11-30' } },
    });
    expect(closed.body.data.deregisterLegalEntity).toMatchObject({ version: 4, legalEntity: { licenceStatus: 'DEREGISTERED', premises: [] } });
    // A deregistered entity gains no premises.
    const after = await federation.queryAs(registrar, PREMISES, {
      input: { idempotencyKey: key(), expectedVersion: 4, change: { uscc: code, houseCodes: [city.vacantHouse.code] } },
    });
    expect(errorOf(after)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'change.uscc' });

    const { body } = await federation.queryAs(
      registrar,
      `query ($u: String!) {
      legalEntity(uscc: $u) { history { version kind effectiveOn changes { field before after } } }
      legalEntityChanges(first: 500) { edges { node { entityKey version kind changedFields } } } }`,
      { u: code },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.legalEntity.history.map((v: any) => [v.version, v.kind, v.effectiveOn])).toEqual([
      [4, 'DEREGISTERED', '2026-11-30'],
      [3, 'PREMISES_CHANGED', '2026-12-01'],
      [2, 'UPDATED', '2026-12-01'],
      [1, 'CREATED', '2026-11-20'],
    ]);
    expect(body.data.legalEntity.history[0].changes).toEqual([
      { field: 'licenceStatus', before: 'ACTIVE', after: 'DEREGISTERED' },
      { field: 'premises', before: city.vacantHouse.code, after: '' },
    ]);
    expect(
      body.data.legalEntityChanges.edges
        .map((e: any) => e.node)
        .filter((n: any) => n.entityKey === code)
        .map((n: any) => n.version),
    ).toEqual([1, 2, 3, 4]);
  });

  it("refuses bad input naming the field, and writes by anyone but market regulation's registrars", async () => {
    const count = async () =>
      Number((await federation.system.subgraphs['legal-entities']!.db.sql.query<{ n: string }>('SELECT count(*) AS n FROM legal_entity')).rows[0].n);
    const before = await count();
    const good = uscc('MA0000002');
    const bad: [Record<string, unknown>, string][] = [
      [entity(`${good.slice(0, 17)}${good.endsWith('0') ? '1' : '0'}`), 'change.uscc'],
      [
        entity(good, { legalRepresentative: { personId: representative.id, name: representative.name, idNumber: '44990120150101001X' } }),
        'change.legalRepresentative.idNumber',
      ],
      [entity(good, { registeredAddressCode: '44990010' }), 'change.registeredAddressCode'],
      [entity(good, { staffCount: -1 }), 'change.staffCount'],
      [entity(good, { establishedOn: '2026-12-24' }), 'change.establishedOn'],
      [entity(good, { industry: null }), 'change.industry'],
    ];
    for (const [change, field] of bad) {
      const result = await federation.queryAs(registrar, REGISTER, { input: { idempotencyKey: key(), change } });
      expect([field, errorOf(result)?.extensions]).toEqual([field, expect.objectContaining({ code: 'BAD_USER_INPUT', field })]);
    }
    for (const claims of [
      gridWorker(city.gridA),
      { ...registrar, role: 'handler' },
      { department: 'public-security', user: 'ps-1', role: 'registrar', purpose: 'population-management' },
    ] as Claims[]) {
      expect(errorOf(await federation.queryAs(claims, REGISTER, { input: { idempotencyKey: key(), change: entity(good) } }))?.extensions).toMatchObject({
        code: 'FORBIDDEN',
      });
    }
    expect(await count()).toBe(before);
  });

  const REQUEST_FIELDS = 'id version status operation entityKey changedFields mergedCount light reviewDeadline reason appliedVersion gridCode';
  const SUBMIT = `mutation ($input: LegalEntityChangeRequestInput!) { submitLegalEntityChangeRequest(input: $input) { merged changeRequest { ${REQUEST_FIELDS} } } }`;
  const APPROVE = `mutation ($input: LegalEntityReviewInput!) { approveLegalEntityChangeRequest(input: $input) { changeRequest { ${REQUEST_FIELDS} } } }`;
  const REJECT = `mutation ($input: LegalEntityReviewInput!) { rejectLegalEntityChangeRequest(input: $input) { changeRequest { ${REQUEST_FIELDS} } } }`;
  const ok = (result: GraphQLResult<any>) => {
    expect(result.body.errors).toBeUndefined();
    return result.body.data;
  };

  it('collects a changed signboard and a closure from a grid worker; market regulation approves or rejects with a reason', async () => {
    const sql = federation.system.subgraphs['legal-entities']!.db.sql;
    const [shop, other] = (
      await sql.query<any>(`SELECT uscc, version, name FROM legal_entity WHERE grid_code = $1 AND licence_status = 'ACTIVE' ORDER BY uscc LIMIT 2`, [
        city.gridA,
      ])
    ).rows;
    const outsideEntity = (
      await sql.query<any>(`SELECT uscc FROM legal_entity WHERE grid_code NOT LIKE $1 ORDER BY uscc LIMIT 1`, [`${city.gridA.slice(0, 12)}%`])
    ).rows[0];
    const worker = gridWorker(city.gridA);
    const as = (claims: Claims, query: string, variables?: Record<string, unknown>) => federation.queryAs(claims, query, variables);
    const submit = (claims: Claims, change: Record<string, unknown>) =>
      as(claims, SUBMIT, { input: { idempotencyKey: key(), observedAt: '2026-11-30T16:00:00+08:00', note: '巡查所见', ...change } });

    // 采集: the worker may not change the register directly, only report what they saw.
    const direct = await as(worker, CHANGE, {
      input: { idempotencyKey: key(), expectedVersion: shop.version, change: { uscc: shop.uscc, name: '新招牌便利店' } },
    });
    expect(errorOf(direct)?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'COLLECTION_REQUIRED' });
    const submitted = ok(await submit(worker, { particulars: { uscc: shop.uscc, name: '新招牌便利店' } })).submitLegalEntityChangeRequest;
    expect(submitted).toMatchObject({
      merged: false,
      changeRequest: { status: 'PENDING', entityKey: shop.uscc, changedFields: ['LegalEntity.name'], light: 'GREEN', gridCode: city.gridA, mergedCount: 0 },
    });
    const requestId = submitted.changeRequest.id;
    // A colleague reporting the same fact is merged into it.
    const again = ok(await submit(gridWorker(city.gridA, 'gw-2'), { particulars: { uscc: shop.uscc, name: '新招牌便利店' } })).submitLegalEntityChangeRequest;
    expect(again).toMatchObject({ merged: true, changeRequest: { id: requestId, mergedCount: 1 } });
    // Not granted to collect (staff count), or outside the worker's grid.
    expect(errorOf(await submit(worker, { particulars: { uscc: shop.uscc, staffCount: 3 } }))?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'WRITE_NOT_GRANTED',
    });
    expect(errorOf(await submit(worker, { particulars: { uscc: outsideEntity.uscc, name: '越界商店' } }))?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'OUT_OF_JURISDICTION',
    });
    // The worker cannot decide it; nor can a registrar their own request.
    expect(errorOf(await as(worker, APPROVE, { input: { id: requestId, expectedVersion: 2 } }))?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const own = ok(await submit(registrar, { deregistration: { uscc: other.uscc, deregisteredOn: '2026-11-30' } })).submitLegalEntityChangeRequest
      .changeRequest;
    expect(errorOf(await as(registrar, APPROVE, { input: { id: own.id, expectedVersion: own.version } }))?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'SELF_REVIEW',
    });

    // 核实: the queue, oldest first; a stale request version is refused; the approval applies and cites the request.
    const queue = ok(
      await as(registrar, `{ legalEntityChangeRequests(status: PENDING, first: 100) { edges { node { id version light } } } }`),
    ).legalEntityChangeRequests.edges.map((e: any) => e.node);
    expect(queue.map((r: any) => r.id)).toEqual([requestId, own.id]);
    const reviewer: Claims = { ...registrar, user: 'mr-registrar-2' };
    expect(errorOf(await as(reviewer, APPROVE, { input: { id: requestId, expectedVersion: 1 } }))?.extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'expectedVersion',
    });
    const approval = await as(reviewer, APPROVE, { input: { id: requestId, expectedVersion: queue[0].version, note: '已核实' } });
    expect(ok(approval).approveLegalEntityChangeRequest.changeRequest).toMatchObject({ status: 'APPROVED', appliedVersion: shop.version + 1 });
    const seen = ok(
      await as(
        reviewer,
        `query ($u: String!) { legalEntity(uscc: $u) { name version history(first: 1) { version kind source changeRequestId actorDepartment changes { field before after } } } }`,
        { u: shop.uscc },
      ),
    ).legalEntity;
    expect(seen).toMatchObject({ name: '新招牌便利店', version: shop.version + 1 });
    expect(seen.history[0]).toEqual({
      version: shop.version + 1,
      kind: 'UPDATED',
      source: 'COLLECTION',
      changeRequestId: requestId,
      actorDepartment: 'market-regulation',
      changes: [{ field: 'name', before: shop.name, after: '新招牌便利店' }],
    });
    const feed = ok(
      await as(reviewer, '{ legalEntityChanges(first: 100) { edges { node { entityKey version kind changedFields } } } }'),
    ).legalEntityChanges.edges.map((e: any) => e.node);
    expect(feed).toContainEqual({ entityKey: shop.uscc, version: shop.version + 1, kind: 'UPDATED', changedFields: ['name'] });
    const trail = await auditRecordOf(federation, approval.headers.get('x-request-id'));
    expect(trail.accesses.find((a: any) => a.entityKey === shop.uscc)).toMatchObject({
      entityType: 'LegalEntity',
      written: ['LegalEntity.name'],
      changeRequestId: requestId,
    });
    expect(JSON.stringify(trail)).not.toContain('新招牌便利店');

    // A shop reported closed that is still trading: rejected, and the reason goes back to the worker.
    const closure = ok(await submit(worker, { deregistration: { uscc: other.uscc, deregisteredOn: '2026-11-29' } })).submitLegalEntityChangeRequest
      .changeRequest;
    const rejected = ok(await as(reviewer, REJECT, { input: { id: closure.id, expectedVersion: closure.version, reason: '暂停营业装修，未注销' } }))
      .rejectLegalEntityChangeRequest.changeRequest;
    expect(rejected).toMatchObject({ status: 'REJECTED', reason: '暂停营业装修，未注销' });
    const mine = ok(
      await as(worker, `{ myLegalEntityChangeRequests(first: 10) { edges { node { id status reason } } } }`),
    ).myLegalEntityChangeRequests.edges.map((e: any) => e.node);
    expect(mine).toEqual([
      { id: closure.id, status: 'REJECTED', reason: '暂停营业装修，未注销' },
      { id: requestId, status: 'APPROVED', reason: '已核实' },
    ]);
    expect(ok(await as(reviewer, 'query ($u: String!) { legalEntity(uscc: $u) { licenceStatus version } }', { u: other.uscc })).legalEntity).toEqual({
      licenceStatus: 'ACTIVE',
      version: other.version,
    });
  });
});
