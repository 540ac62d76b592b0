import { TestClock } from '../helpers/events';
import { testBackends, TestFederation } from '../helpers/federation';
import {
  APPROVE_POPULATION,
  END_REGISTRATION,
  errorOf,
  gridWorker,
  key,
  LivingCity,
  MY_POPULATION_REQUESTS,
  newIdNumber,
  startLivingCity,
  POPULATION_QUEUE,
  RECORD_DEPARTURE,
  REGISTER_ARRIVAL,
  registrar,
  REJECT_POPULATION,
  SUBMIT_POPULATION,
  UPDATE_PARTICULARS,
} from '../helpers/living';

/**
 * The population register's direct writes (#12): public security's registrar registers an arrival,
 * changes particulars, records a departure and a death; each change is a version with history and a
 * feed entry, and retries with the same idempotency key change nothing.
 */
describe.each(testBackends())('population register writes on %s', (backend) => {
  const clock = new TestClock('2026-12-01T10:00');
  let federation: TestFederation;
  let city: LivingCity;
  beforeAll(async () => {
    ({ federation, city } = await startLivingCity(backend, clock));
  });
  afterAll(() => federation?.stop());

  it('registers a first arrival, changes a phone, records the departure, with history and feed', async () => {
    const idNumber = newIdNumber('1990-03-04', true);
    const arrival = {
      idempotencyKey: key(),
      change: {
        newPerson: { name: '测试甲', idNumber, gender: 'MALE', birthDate: '1990-03-04', householdRegistration: '广东省某市某区' },
        houseCode: city.vacantHouse.code,
        residenceType: 'MIGRANT',
        movedInOn: '2026-11-28',
        phone: '13800001234',
      },
    };
    const first = await federation.queryAs(registrar(), REGISTER_ARRIVAL, { input: arrival });
    expect(first.body.errors).toBeUndefined();
    const person = first.body.data.registerArrival.person;
    expect(person).toMatchObject({ version: 1, idNumber, residence: { code: city.vacantHouse.code }, movedInOn: '2026-11-28', status: 'ACTIVE' });
    const replay = await federation.queryAs(registrar(), REGISTER_ARRIVAL, { input: arrival });
    expect(replay.body.data.registerArrival).toMatchObject({ replayed: true, version: 1, person: { id: person.id } });

    const phone = await federation.queryAs(registrar(), UPDATE_PARTICULARS, {
      input: { idempotencyKey: key(), expectedVersion: 1, change: { personId: person.id, phone: '13900005678' } },
    });
    expect(phone.body.errors).toBeUndefined();
    expect(phone.body.data.updatePersonParticulars.person).toMatchObject({ version: 2, phone: '13900005678' });

    const departure = await federation.queryAs(registrar(), RECORD_DEPARTURE, {
      input: { idempotencyKey: key(), expectedVersion: 2, change: { personId: person.id, movedOutOn: '2026-11-30' } },
    });
    expect(departure.body.errors).toBeUndefined();
    expect(departure.body.data.recordDeparture.person).toMatchObject({ version: 3, residence: null, movedOutOn: '2026-11-30' });

    const { body } = await federation.queryAs(
      registrar(),
      `query ($id: ID!) {
      person(id: $id) { history { version kind effectiveOn source actorDepartment actorUser changes { field before after denied } } }
      populationChanges(first: 500) { edges { node { entityKey version kind changedFields occurredAt } } }
    }`,
      { id: person.id },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.person.history.map((v: any) => [v.version, v.kind, v.effectiveOn, v.source])).toEqual([
      [3, 'DEPARTED', '2026-11-30', 'DEPARTMENT'],
      [2, 'UPDATED', '2026-12-01', 'DEPARTMENT'],
      [1, 'ARRIVED', '2026-11-28', 'DEPARTMENT'],
    ]);
    expect(body.data.person.history[1].changes).toEqual([{ field: 'phone', before: '13800001234', after: '13900005678', denied: false }]);
    const feed = body.data.populationChanges.edges.map((e: any) => e.node).filter((n: any) => n.entityKey === person.id);
    expect(feed.map((n: any) => [n.version, n.kind])).toEqual([
      [1, 'ARRIVED'],
      [2, 'UPDATED'],
      [3, 'DEPARTED'],
    ]);
  });

  it('a death ends the residence on the same day', async () => {
    const { body } = await federation.queryAs(registrar(), END_REGISTRATION, {
      input: {
        idempotencyKey: key(),
        expectedVersion: city.resident.version,
        change: { personId: city.resident.id, status: 'DECEASED', effectiveOn: '2026-11-29' },
      },
    });
    expect(body.errors).toBeUndefined();
    expect(body.data.endPersonRegistration.person).toMatchObject({ status: 'DECEASED', residence: null, movedOutOn: '2026-11-29' });
    const again = await federation.queryAs(registrar(), UPDATE_PARTICULARS, {
      input: { idempotencyKey: key(), expectedVersion: city.resident.version + 1, change: { personId: city.resident.id, phone: '13700001111' } },
    });
    expect(errorOf(again)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'change.personId' });
    // The dead no longer live under their grid: off its list and out of its counts.
    const listed = await federation.queryAs(registrar(), `query ($g: ID!) { persons(gridCode: $g, first: 500) { edges { node { id } } } }`, {
      g: city.resident.gridCode,
    });
    expect(listed.body.data.persons.edges.map((e: any) => e.node.id)).not.toContain(city.resident.id);
  });

  it('concurrent writers on one person lose nothing: versions are consecutive and every success is in history', async () => {
    const sql = federation.system.subgraphs.population!.db.sql;
    const { rows } = await sql.query<{ id: string; version: number }>(
      `SELECT id, version FROM person WHERE status = 'ACTIVE' AND id <> $1 ORDER BY id DESC LIMIT 1`,
      [city.resident.id],
    );
    const target = rows[0];
    const writers = 6;
    const write = async (n: number): Promise<{ version: number; phone: string; conflicts: number }> => {
      const phone = `1360000000${n}`;
      for (let conflicts = 0; conflicts < 50; conflicts++) {
        const current = (await sql.query<{ version: number }>('SELECT version FROM person WHERE id = $1', [target.id])).rows[0].version;
        const result = await federation.queryAs(registrar(`ps-racer-${n}`), UPDATE_PARTICULARS, {
          input: { idempotencyKey: key(), expectedVersion: current, change: { personId: target.id, phone } },
        });
        if (!result.body.errors) return { version: result.body.data.updatePersonParticulars.version, phone, conflicts };
        expect(result.body.errors[0].extensions?.code).toBe('CONFLICT');
      }
      throw new Error(`writer ${n} never got through`);
    };
    const results = await Promise.all(Array.from({ length: writers }, (_, n) => write(n)));
    const versions = results.map((r) => r.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: writers }, (_, i) => target.version + 1 + i));
    const history = (
      await sql.query<{ version: number; after: { phone: string } }>(
        `SELECT version, after FROM record_version WHERE entity_type = 'Person' AND entity_key = $1 AND version > $2 ORDER BY version`,
        [target.id, target.version],
      )
    ).rows;
    expect(history.map((h) => h.version)).toEqual(versions);
    for (const r of results) expect(history.find((h) => h.version === r.version)!.after.phone).toBe(r.phone);
    const feed = (
      await sql.query<{ version: number }>(`SELECT version FROM change_outbox WHERE entity_key = $1 AND version > $2 ORDER BY seq`, [target.id, target.version])
    ).rows;
    expect(feed.map((f) => f.version)).toEqual(versions);
    const final = (await sql.query<{ version: number; phone: string }>('SELECT version, phone FROM person WHERE id = $1', [target.id])).rows[0];
    expect(final).toEqual({ version: target.version + writers, phone: results.find((r) => r.version === target.version + writers)!.phone });
  });

  it('a phone confirmed in person applies at once, and a rejected review puts it back; the queue lights up by working days', async () => {
    const sql = federation.system.subgraphs.population!.db.sql;
    const { rows } = await sql.query<{ id: string; version: number; phone: string; grid_code: string }>(
      `SELECT id, version, phone, grid_code FROM person WHERE status = 'ACTIVE' AND phone IS NOT NULL AND house_code IS NOT NULL AND id <> $1 ORDER BY id LIMIT 2 OFFSET 3`,
      [city.resident.id],
    );
    const [first, second] = rows;
    const worker = gridWorker(first.grid_code, 'gw-phones');
    const submit = async (personId: string, phone: string) =>
      (
        await federation.queryAs(worker, SUBMIT_POPULATION, {
          input: { idempotencyKey: key(), observedAt: '2026-12-01T09:00:00+08:00', particulars: { personId, phone } },
        })
      ).body.data.submitPopulationChangeRequest.changeRequest;
    const wrong = await submit(first.id, '13500000001');
    expect(wrong).toMatchObject({ status: 'APPLIED_UNDER_REVIEW', appliedVersion: first.version + 1 });
    expect((await sql.query('SELECT phone FROM person WHERE id = $1', [first.id])).rows[0]).toEqual({ phone: '13500000001' });
    // Rejected on review: the phone goes back, as a new version citing the request.
    const rejected = await federation.queryAs(registrar(), REJECT_POPULATION, {
      input: { id: wrong.id, expectedVersion: wrong.version, reason: '电话号码与本人核对不符' },
    });
    expect(rejected.body.data.rejectPopulationChangeRequest.changeRequest).toMatchObject({ status: 'REJECTED', reason: '电话号码与本人核对不符' });
    expect((await sql.query('SELECT phone, version FROM person WHERE id = $1', [first.id])).rows[0]).toEqual({
      phone: first.phone,
      version: first.version + 2,
    });
    const mine = (await federation.queryAs(worker, MY_POPULATION_REQUESTS)).body.data.myPopulationChangeRequests.edges.map((e: any) => e.node);
    expect(mine[0]).toMatchObject({ id: wrong.id, status: 'REJECTED', reason: '电话号码与本人核对不符' });

    // Confirmed on review: nothing changes again.
    const right = await submit(second.id, '13500000002');
    const confirmed = await federation.queryAs(registrar(), APPROVE_POPULATION, { input: { id: right.id, expectedVersion: right.version } });
    expect(confirmed.body.data.approvePopulationChangeRequest.changeRequest).toMatchObject({ status: 'CONFIRMED', appliedVersion: second.version + 1 });
    expect((await sql.query('SELECT phone, version FROM person WHERE id = $1', [second.id])).rows[0]).toEqual({
      phone: '13500000002',
      version: second.version + 1,
    });

    // A departure waits for review: GREEN when new, YELLOW past 80 % of 5 working days, RED after them.
    const pending = (
      await federation.queryAs(worker, SUBMIT_POPULATION, {
        input: { idempotencyKey: key(), observedAt: '2026-12-01', departure: { personId: second.id, movedOutOn: '2026-12-01' } },
      })
    ).body.data.submitPopulationChangeRequest.changeRequest;
    expect(pending).toMatchObject({ status: 'PENDING', light: 'GREEN', reviewDeadline: '2026-12-08T02:00:00.000Z' });
    const lightOf = async () =>
      (await federation.queryAs(registrar(), POPULATION_QUEUE, { status: 'PENDING' })).body.data.populationChangeRequests.edges.find(
        (e: any) => e.node.id === pending.id,
      ).node.light;
    clock.set('2026-12-07T12:00');
    expect(await lightOf()).toBe('YELLOW');
    clock.set('2026-12-08T10:30');
    expect(await lightOf()).toBe('RED');
    clock.set('2026-12-01T10:00');
  });
});
