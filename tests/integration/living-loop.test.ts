import { TestClock } from '../helpers/events';
import { auditRecordOf } from '../helpers/audit-records';
import { GraphQLResult, testBackends, TestFederation } from '../helpers/federation';
import {
  APPROVE_HOUSING,
  APPROVE_POPULATION,
  Claims,
  gridWorker,
  housingRegistrar,
  key,
  LivingCity,
  MY_POPULATION_REQUESTS,
  newIdNumber,
  startLivingCity,
  POPULATION_QUEUE,
  REGISTER_RENTAL,
  registrar,
  SUBMIT_HOUSING,
  SUBMIT_POPULATION,
} from '../helpers/living';

/**
 * The loop a grid worker and the owners walk (#12, done-when): a worker reports a new tenant in a
 * room; the housing bureau approves the room as a rental; public security approves the arrival; the
 * person is among the house's residents; health, with its purpose, sees the person masked as its
 * policy says; the change is in history, in the change feed and in the trail. Then the tenant
 * leaves, by the same path.
 */
describe.each(testBackends())('collection and review loop on %s', (backend) => {
  const clock = new TestClock('2026-12-01T09:30');
  let federation: TestFederation;
  let city: LivingCity;
  beforeAll(async () => {
    ({ federation, city } = await startLivingCity(backend, clock));
  });
  afterAll(() => federation?.stop());

  const ok = (result: GraphQLResult<any>) => {
    expect(result.body.errors).toBeUndefined();
    return result.body.data;
  };
  const as = (claims: Claims, query: string, variables?: Record<string, unknown>) => federation.queryAs(claims, query, variables);
  const houseQuery = `query ($code: ID!) { house(code: $code) { code version occupancy rentalRegisteredOn landlord { id } residents { id name } } }`;

  it('a new tenant arrives and leaves, collected by a grid worker and reviewed by the owners', async () => {
    const worker = gridWorker(city.gridA);
    const house = city.vacantHouse.code;
    const idNumber = newIdNumber('1995-07-16', false);

    // 采集: the worker may not register the rental directly, only report it.
    const direct = await as(worker, REGISTER_RENTAL, {
      input: {
        idempotencyKey: key(),
        expectedVersion: city.vacantHouse.version,
        change: { houseCode: house, landlordPersonId: city.resident.id, registeredOn: '2026-11-30' },
      },
    });
    expect(direct.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'COLLECTION_REQUIRED' });
    const rentalRequest = ok(
      await as(worker, SUBMIT_HOUSING, {
        input: {
          idempotencyKey: key(),
          observedAt: '2026-12-01T09:00:00+08:00',
          note: '新租客入住',
          rental: { houseCode: house, landlordPersonId: city.resident.id, registeredOn: '2026-11-30' },
        },
      }),
    ).submitHousingChangeRequest.changeRequest;
    expect(rentalRequest).toMatchObject({
      status: 'PENDING',
      light: 'GREEN',
      changedFields: ['House.occupancy', 'House.landlord', 'House.rentalRegisteredOn'],
    });
    const arrivalRequest = ok(
      await as(worker, SUBMIT_POPULATION, {
        input: {
          idempotencyKey: key(),
          observedAt: '2026-12-01T09:00:00+08:00',
          arrival: {
            newPerson: { name: '测试乙', idNumber, gender: 'FEMALE', birthDate: '1995-07-16', householdRegistration: '湖南省某县' },
            houseCode: house,
            residenceType: 'MIGRANT',
            movedInOn: '2026-11-30',
            phone: '13712345678',
          },
        },
      }),
    ).submitPopulationChangeRequest.changeRequest;
    expect(arrivalRequest).toMatchObject({ status: 'PENDING', entityKey: null, gridCode: city.gridA });
    // Nothing applies before review.
    expect(ok(await as(registrar(), houseQuery, { code: house })).house).toMatchObject({ occupancy: expect.not.stringMatching('RENTED'), residents: [] });

    // 核实: the housing bureau approves the rental, public security the arrival, from their queues.
    const housingReview = housingRegistrar();
    const rental = ok(await as(housingReview, APPROVE_HOUSING, { input: { id: rentalRequest.id, expectedVersion: rentalRequest.version } }))
      .approveHousingChangeRequest.changeRequest;
    expect(rental).toMatchObject({ status: 'APPROVED', appliedVersion: city.vacantHouse.version + 1, light: null });
    const queue = ok(await as(registrar(), POPULATION_QUEUE, { status: 'PENDING' })).populationChangeRequests.edges.map((e: any) => e.node.id);
    expect(queue).toContain(arrivalRequest.id);
    clock.set('2026-12-01T15:00');
    const approval = await as(registrar(), APPROVE_POPULATION, { input: { id: arrivalRequest.id, expectedVersion: arrivalRequest.version, note: '已核实' } });
    const arrival = ok(approval).approvePopulationChangeRequest.changeRequest;
    expect(arrival).toMatchObject({ status: 'APPROVED', appliedVersion: 1 });
    const personId: string = arrival.entityKey;
    expect(personId).toMatch(/^P\d{9}$/);

    // The person is among the house's residents, and the house is a registered rental.
    const housed = ok(await as(registrar(), houseQuery, { code: house })).house;
    expect(housed).toMatchObject({
      occupancy: 'RENTED',
      rentalRegisteredOn: '2026-11-30',
      landlord: { id: city.resident.id },
      residents: [{ id: personId, name: '测试乙' }],
    });

    // Health, for epidemic prevention, sees the person masked as its policy says; history the same way.
    const health: Claims = { department: 'health', user: 'health-1', purpose: 'epidemic-prevention' };
    const seen = ok(
      await as(
        health,
        `query ($id: ID!) { person(id: $id) {
      id name idNumber birthDate phone residence { code }
      history { version kind effectiveOn source changeRequestId actorDepartment changes { field before after denied } } } }`,
        { id: personId },
      ),
    ).person;
    expect(seen).toMatchObject({
      name: '测试乙',
      idNumber: `${idNumber.slice(0, 6)}************`,
      birthDate: '1995-07',
      phone: '13712345678',
      residence: { code: house },
    });
    expect(seen.history).toHaveLength(1);
    expect(seen.history[0]).toMatchObject({
      version: 1,
      kind: 'ARRIVED',
      effectiveOn: '2026-11-30',
      source: 'COLLECTION',
      changeRequestId: arrivalRequest.id,
      actorDepartment: 'public-security',
    });
    const changes = Object.fromEntries(seen.history[0].changes.map((c: any) => [c.field, c]));
    expect(changes.idNumber).toEqual({ field: 'idNumber', before: null, after: seen.idNumber, denied: false });
    expect(changes.birthDate.after).toBe('1995-07');
    expect(JSON.stringify(seen)).not.toContain(idNumber);

    // The change feed: housing reads persons of its jurisdiction, but not their birth dates.
    const feedAs = async (claims: Claims) =>
      ok(await as(claims, '{ populationChanges(first: 500) { edges { node { entityKey version kind changedFields } } } }'))
        .populationChanges.edges.map((e: any) => e.node)
        .filter((n: any) => n.entityKey === personId);
    const [ownerEntry] = await feedAs(registrar());
    expect(ownerEntry).toMatchObject({ version: 1, kind: 'ARRIVED' });
    expect(ownerEntry.changedFields).toContain('birthDate');
    const [housingEntry] = await feedAs({ department: 'housing', user: 'hb-1', purpose: 'rental-management' });
    expect(housingEntry.changedFields).not.toContain('birthDate');
    expect(housingEntry.changedFields).toContain('residence');
    // Who collected it: the worker's own command centre reads it (its grid-work assessment counts it),
    // the other departments do not, and the feed says where every change came from.
    const sourceQuery = '{ populationChanges(first: 500) { edges { node { entityKey source changeRequestId collectedBy collectedInGrid } } } }';
    const collected = ok(await as({ department: 'grid-command', user: 'gc-assessor', purpose: 'grid-management' }, sourceQuery))
      .populationChanges.edges.map((e: any) => e.node)
      .filter((n: any) => n.entityKey === personId);
    expect(collected).toEqual([
      { entityKey: personId, source: 'COLLECTION', changeRequestId: arrivalRequest.id, collectedBy: worker.user, collectedInGrid: city.gridA },
    ]);
    // For housing the fields are not in its contract at all; the source and the request are.
    const hidden = await as({ department: 'housing', user: 'hb-1', purpose: 'rental-management' }, sourceQuery);
    expect(hidden.body.errors?.[0]).toMatchObject({
      message: expect.stringContaining('Cannot query field "collectedBy"'),
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(JSON.stringify(hidden.body)).not.toContain(worker.user);
    const housingSees = ok(
      await as(
        { department: 'housing', user: 'hb-1', purpose: 'rental-management' },
        '{ populationChanges(first: 500) { edges { node { entityKey source changeRequestId } } } }',
      ),
    )
      .populationChanges.edges.map((e: any) => e.node)
      .filter((n: any) => n.entityKey === personId);
    expect(housingSees).toEqual([{ entityKey: personId, source: 'COLLECTION', changeRequestId: arrivalRequest.id }]);

    // The trail: who approved which fields of which record, with digests, never the values.
    const trail = await auditRecordOf(federation, approval.headers.get('x-request-id'));
    const written = trail.accesses.find((a: any) => a.entityKey === personId) as any;
    expect(written).toMatchObject({ entityType: 'Person', subgraph: 'population', changeRequestId: arrivalRequest.id });
    expect(written.written).toEqual(expect.arrayContaining(['Person.idNumber', 'Person.residence', 'Person.movedInOn']));
    expect(written.afterDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(trail)).not.toContain(idNumber);
    expect(JSON.stringify(trail)).not.toContain('13712345678');
    const auditor: Claims = { department: 'audit-office', user: 'auditor-1', purpose: 'access-audit' };
    const listed = ok(
      await as(
        auditor,
        `query ($id: ID!) { recordChanges(entityType: "Person", entityKey: $id) {
      edges { node { department userId operationName fieldsWritten beforeDigest afterDigest changeRequestId } } } }`,
        { id: personId },
      ),
    ).recordChanges.edges;
    expect(listed.map((e: any) => e.node)).toEqual([
      expect.objectContaining({
        department: 'public-security',
        userId: 'ps-registrar-1',
        changeRequestId: arrivalRequest.id,
        afterDigest: written.afterDigest,
      }),
    ]);
    // The review decisions are on the trail too, under the request: submitted by the worker, approved by the registrar.
    const decisions = ok(
      await as(
        auditor,
        `query ($id: ID!) { recordChanges(entityType: "PopulationChangeRequest", entityKey: $id) {
      edges { node { department userId operationName fieldsWritten } } } }`,
        { id: arrivalRequest.id },
      ),
    ).recordChanges.edges.map((e: any) => e.node);
    expect(decisions).toEqual([
      { department: 'public-security', userId: 'ps-registrar-1', operationName: null, fieldsWritten: ['PopulationChangeRequest.status'] },
      { department: 'grid-command', userId: 'gw-1', operationName: null, fieldsWritten: ['PopulationChangeRequest.status'] },
    ]);

    // 走有注销: the tenant leaves by the same path.
    const person = ok(await as(registrar(), 'query ($id: ID!) { person(id: $id) { version } }', { id: personId })).person;
    const departure = ok(
      await as(worker, SUBMIT_POPULATION, {
        input: { idempotencyKey: key(), observedAt: '2026-12-01', departure: { personId, movedOutOn: '2026-12-01' } },
      }),
    ).submitPopulationChangeRequest.changeRequest;
    const rentalEnd = ok(
      await as(worker, SUBMIT_HOUSING, {
        input: { idempotencyKey: key(), observedAt: '2026-12-01', rentalEnd: { houseCode: house, endedOn: '2026-12-01', occupancy: 'VACANT' } },
      }),
    ).submitHousingChangeRequest.changeRequest;
    ok(await as(registrar('ps-registrar-2'), APPROVE_POPULATION, { input: { id: departure.id, expectedVersion: departure.version } }));
    ok(await as(housingReview, APPROVE_HOUSING, { input: { id: rentalEnd.id, expectedVersion: rentalEnd.version } }));
    const left = ok(await as(registrar(), houseQuery, { code: house })).house;
    expect(left).toMatchObject({ occupancy: 'VACANT', rentalRegisteredOn: null, landlord: null, residents: [] });
    const after = ok(
      await as(registrar(), `query ($id: ID!) { person(id: $id) { version movedOutOn residence { code } history { version kind effectiveOn } } }`, {
        id: personId,
      }),
    ).person;
    expect(after).toMatchObject({ version: person.version + 1, movedOutOn: '2026-12-01', residence: null });
    expect(after.history.map((v: any) => [v.version, v.kind, v.effectiveOn])).toEqual([
      [2, 'DEPARTED', '2026-12-01'],
      [1, 'ARRIVED', '2026-11-30'],
    ]);

    // The worker sees what became of each report.
    const mine = ok(await as(worker, MY_POPULATION_REQUESTS)).myPopulationChangeRequests.edges.map((e: any) => [e.node.id, e.node.status]);
    expect(mine).toEqual([
      [departure.id, 'APPROVED'],
      [arrivalRequest.id, 'APPROVED'],
    ]);
  });
});
