import { TestClock } from '../helpers/events';
import { GraphQLResult, testBackends, TestFederation } from '../helpers/federation';
import {
  APPROVE_POPULATION,
  CHANGE_HOUSE,
  Claims,
  END_REGISTRATION,
  END_RENTAL,
  errorOf,
  gridWorker,
  housingRegistrar,
  key,
  LivingCity,
  newIdNumber,
  startLivingCity,
  RECORD_DEPARTURE,
  REGISTER_ARRIVAL,
  REGISTER_RENTAL,
  registrar,
  REJECT_POPULATION,
  SUBMIT_HOUSING,
  SUBMIT_POPULATION,
  UPDATE_PARTICULARS,
} from '../helpers/living';

/**
 * Attacks on base-data writes (#12), each a request that must change nothing: writing outside one's
 * jurisdiction, writing a field one has no grant for (or without the role or purpose the grant needs),
 * approving one's own change request, replaying an idempotency key with another payload, writing over
 * a version one did not read. After each, the record is as it was: same version, same value, no
 * history or feed row.
 */
describe.each(testBackends())('attacks on base-data writes on %s', (backend) => {
  const clock = new TestClock('2026-12-01T10:00');
  let federation: TestFederation;
  let city: LivingCity;
  beforeAll(async () => {
    ({ federation, city } = await startLivingCity(backend, clock));
  });
  afterAll(() => federation?.stop());

  const population = () => federation.system.subgraphs.population!.db.sql;
  const stored = async (id: string) =>
    (await population().query<{ version: number; phone: string | null; tags: string[] }>('SELECT version, phone, tags FROM person WHERE id = $1', [id]))
      .rows[0];
  const feedSize = async () => Number((await population().query<{ n: string }>('SELECT count(*) AS n FROM change_outbox')).rows[0].n);
  const phoneChange = (personId: string, phone: string, version: number, idempotencyKey = key()) => ({
    input: { idempotencyKey, expectedVersion: version, change: { personId, phone } },
  });
  const refused = (result: GraphQLResult<any>, extensions: Record<string, unknown>) => {
    expect(result.body.data?.[Object.keys(result.body.data ?? {})[0]] ?? null).toBeNull();
    expect(errorOf(result)?.extensions).toMatchObject(extensions);
  };

  it('a registrar of one community cannot change a person or register an arrival in another', async () => {
    const before = await stored(city.outsider.id);
    const feed = await feedSize();
    const local: Claims = { ...registrar('ps-community-registrar'), level: 'community', jurisdiction: [city.gridA.slice(0, 12)] };
    refused(await federation.queryAs(local, UPDATE_PARTICULARS, phoneChange(city.outsider.id, '13811112222', before.version)), {
      code: 'FORBIDDEN',
      reason: 'OUT_OF_JURISDICTION',
    });
    refused(
      await federation.queryAs(local, REGISTER_ARRIVAL, {
        input: {
          idempotencyKey: key(),
          expectedVersion: city.resident.version,
          change: { personId: city.resident.id, houseCode: city.outsideHouse, residenceType: 'MIGRANT', movedInOn: '2026-11-30' },
        },
      }),
      { code: 'FORBIDDEN', reason: 'OUT_OF_JURISDICTION' },
    );
    // A grid worker cannot even report on a house outside the community.
    refused(
      await federation.queryAs(gridWorker(city.gridA), SUBMIT_HOUSING, {
        input: {
          idempotencyKey: key(),
          observedAt: '2026-12-01',
          rental: { houseCode: city.outsideHouse, landlordPersonId: city.resident.id, registeredOn: '2026-11-30' },
        },
      }),
      { code: 'FORBIDDEN', reason: 'OUT_OF_JURISDICTION' },
    );
    expect(await stored(city.outsider.id)).toEqual(before);
    expect(await feedSize()).toBe(feed);
  });

  it("no write without a grant on every field, the grant's role and its purpose", async () => {
    const before = await stored(city.resident.id);
    const feed = await feedSize();
    const attempts: [Claims, string, Record<string, unknown>, Record<string, unknown>][] = [
      // Health reads phones for epidemic prevention but keeps no register.
      [
        { department: 'health', user: 'h-1', purpose: 'epidemic-prevention' },
        UPDATE_PARTICULARS,
        phoneChange(city.resident.id, '13811113333', before.version),
        { reason: 'WRITE_NOT_GRANTED', coordinate: 'Person.phone' },
      ],
      // Public security, but not a registrar.
      [
        { department: 'public-security', user: 'ps-handler', role: 'handler', purpose: 'population-management' },
        UPDATE_PARTICULARS,
        phoneChange(city.resident.id, '13811113333', before.version),
        { reason: 'ROLE_NOT_PERMITTED' },
      ],
      // A registrar who states no purpose, or one writes are not for.
      [
        { ...registrar(), purpose: undefined },
        UPDATE_PARTICULARS,
        phoneChange(city.resident.id, '13811113333', before.version),
        { reason: 'PURPOSE_REQUIRED' },
      ],
      [
        { ...registrar(), purpose: 'case-investigation' },
        UPDATE_PARTICULARS,
        phoneChange(city.resident.id, '13811113333', before.version),
        { reason: 'PURPOSE_NOT_PERMITTED' },
      ],
      // A grid worker may report tags? No: KEY_PERSON and the others stay with public security.
      [
        gridWorker(city.gridA),
        SUBMIT_POPULATION,
        { input: { idempotencyKey: key(), observedAt: '2026-12-01', particulars: { personId: city.resident.id, tags: ['KEY_PERSON'] } } },
        { reason: 'WRITE_NOT_GRANTED', coordinate: 'Person.tags' },
      ],
      // A grid worker writing directly what they may only report.
      [gridWorker(city.gridA), UPDATE_PARTICULARS, phoneChange(city.resident.id, '13811113333', before.version), { reason: 'COLLECTION_REQUIRED' }],
      // The housing bureau keeps houses, not persons.
      [
        { department: 'housing', user: 'hb-1', role: 'registrar', purpose: 'rental-management' },
        UPDATE_PARTICULARS,
        phoneChange(city.resident.id, '13811113333', before.version),
        { reason: 'WRITE_NOT_GRANTED' },
      ],
      // Public security keeps persons, not rental registrations.
      [
        registrar(),
        REGISTER_RENTAL,
        {
          input: {
            idempotencyKey: key(),
            expectedVersion: city.vacantHouse.version,
            change: { houseCode: city.vacantHouse.code, landlordPersonId: city.resident.id, registeredOn: '2026-11-30' },
          },
        },
        { reason: 'WRITE_NOT_GRANTED' },
      ],
    ];
    for (const [claims, mutation, variables, extensions] of attempts) {
      refused(await federation.queryAs(claims, mutation, variables), { code: 'FORBIDDEN', ...extensions });
    }
    expect(await stored(city.resident.id)).toEqual(before);
    expect(await feedSize()).toBe(feed);
  });

  it('a registrar cannot approve the change request they submitted', async () => {
    const submitted = await federation.queryAs(registrar('ps-self'), SUBMIT_POPULATION, {
      input: { idempotencyKey: key(), observedAt: '2026-12-01', particulars: { personId: city.resident.id, householdRegistration: '自审测试' } },
    });
    const request = submitted.body.data.submitPopulationChangeRequest.changeRequest;
    expect(request.status).toBe('PENDING');
    const before = await stored(city.resident.id);
    refused(await federation.queryAs(registrar('ps-self'), APPROVE_POPULATION, { input: { id: request.id, expectedVersion: request.version } }), {
      code: 'FORBIDDEN',
      reason: 'SELF_REVIEW',
    });
    // Nor can a second submitter of the same fact (merged into the request).
    const again = await federation.queryAs(registrar('ps-accomplice'), SUBMIT_POPULATION, {
      input: { idempotencyKey: key(), observedAt: '2026-12-01', particulars: { personId: city.resident.id, householdRegistration: '自审测试' } },
    });
    expect(again.body.data.submitPopulationChangeRequest).toMatchObject({ merged: true, changeRequest: { id: request.id, mergedCount: 1 } });
    refused(await federation.queryAs(registrar('ps-accomplice'), APPROVE_POPULATION, { input: { id: request.id, expectedVersion: request.version + 1 } }), {
      code: 'FORBIDDEN',
      reason: 'SELF_REVIEW',
    });
    expect(await stored(city.resident.id)).toEqual(before);
    const status = (await population().query<{ status: string }>('SELECT status FROM change_request WHERE id = $1', [request.id])).rows[0].status;
    expect(status).toBe('PENDING');
  });

  it('an idempotency key replayed with another payload is refused and changes nothing', async () => {
    const before = await stored(city.resident.id);
    const reused = key();
    const first = await federation.queryAs(registrar(), UPDATE_PARTICULARS, phoneChange(city.resident.id, '13822224444', before.version, reused));
    expect(first.body.errors).toBeUndefined();
    const replay = await federation.queryAs(registrar(), UPDATE_PARTICULARS, phoneChange(city.resident.id, '13822224444', before.version, reused));
    expect(replay.body.data.updatePersonParticulars).toMatchObject({ replayed: true, version: before.version + 1 });
    const feed = await feedSize();
    refused(await federation.queryAs(registrar(), UPDATE_PARTICULARS, phoneChange(city.resident.id, '13899998888', before.version + 1, reused)), {
      code: 'CONFLICT',
      reason: 'IDEMPOTENCY_KEY_REUSED',
      field: 'idempotencyKey',
    });
    expect(await stored(city.resident.id)).toMatchObject({ version: before.version + 1, phone: '13822224444' });
    expect(await feedSize()).toBe(feed);
  });

  it('a write over a version the writer did not read is refused', async () => {
    const before = await stored(city.resident.id);
    const feed = await feedSize();
    refused(await federation.queryAs(registrar(), UPDATE_PARTICULARS, phoneChange(city.resident.id, '13833335555', before.version - 1)), {
      code: 'CONFLICT',
      currentVersion: before.version,
    });
    expect(await stored(city.resident.id)).toEqual(before);
    expect(await feedSize()).toBe(feed);
  });

  it('bad input to every mutation is BAD_USER_INPUT naming the field, and nothing is half-applied', async () => {
    const housing = federation.system.subgraphs.housing!.db.sql;
    const counts = async () => [
      await feedSize(),
      Number((await housing.query<{ n: string }>('SELECT count(*) AS n FROM change_outbox')).rows[0].n),
      Number((await population().query<{ n: string }>('SELECT count(*) AS n FROM person')).rows[0].n),
      Number((await population().query<{ n: string }>('SELECT count(*) AS n FROM change_request')).rows[0].n),
    ];
    const before = await counts();
    const person = await stored(city.resident.id);
    const house = city.vacantHouse;
    const newPerson = { name: '测试丙', idNumber: newIdNumber('1988-02-03', true, 5), gender: 'MALE', birthDate: '1988-02-03', householdRegistration: '某地' };
    const arrival = (change: Record<string, unknown>) => ({
      input: { idempotencyKey: key(), change: { newPerson, houseCode: house.code, residenceType: 'MIGRANT', movedInOn: '2026-11-30', ...change } },
    });
    const personWrite = (change: Record<string, unknown>, version = person.version) => ({
      input: { idempotencyKey: key(), expectedVersion: version, change: { personId: city.resident.id, ...change } },
    });
    const houseWrite = (change: Record<string, unknown>) => ({
      input: { idempotencyKey: key(), expectedVersion: house.version, change: { houseCode: house.code, ...change } },
    });
    const cases: [string, Claims, string, Record<string, unknown>, string][] = [
      [
        'ID number check character',
        registrar(),
        REGISTER_ARRIVAL,
        arrival({ newPerson: { ...newPerson, idNumber: `${newPerson.idNumber.slice(0, 17)}${newPerson.idNumber.endsWith('0') ? '1' : '0'}` } }),
        'change.newPerson.idNumber',
      ],
      [
        'birth date against the ID number',
        registrar(),
        REGISTER_ARRIVAL,
        arrival({ newPerson: { ...newPerson, birthDate: '1988-02-04' } }),
        'change.newPerson.birthDate',
      ],
      ['gender against the ID number', registrar(), REGISTER_ARRIVAL, arrival({ newPerson: { ...newPerson, gender: 'FEMALE' } }), 'change.newPerson.gender'],
      ['move-in in the future', registrar(), REGISTER_ARRIVAL, arrival({ movedInOn: '2026-12-02' }), 'change.movedInOn'],
      ['a date that does not exist', registrar(), REGISTER_ARRIVAL, arrival({ movedInOn: '2026-02-30' }), 'change.movedInOn'],
      ['house code', registrar(), REGISTER_ARRIVAL, arrival({ houseCode: '12345' }), 'change.houseCode'],
      ['phone', registrar(), REGISTER_ARRIVAL, arrival({ phone: '12345' }), 'change.phone'],
      ['both a person on record and a new one', registrar(), REGISTER_ARRIVAL, arrival({ personId: city.resident.id }), 'change.personId'],
      [
        'an ID number already registered',
        registrar(),
        REGISTER_ARRIVAL,
        arrival({ newPerson: { ...newPerson, ...(await idAndBirthOf(city.resident.id)) } }),
        'change.newPerson.idNumber',
      ],
      [
        'one house at a time',
        registrar(),
        REGISTER_ARRIVAL,
        {
          input: {
            idempotencyKey: key(),
            expectedVersion: person.version,
            change: { personId: city.resident.id, houseCode: house.code, residenceType: 'MIGRANT', movedInOn: '2026-11-30' },
          },
        },
        'change.personId',
      ],
      ['idempotency key', registrar(), REGISTER_ARRIVAL, { input: { ...arrival({}).input, idempotencyKey: 'short' } }, 'idempotencyKey'],
      ['credit code', registrar(), UPDATE_PARTICULARS, personWrite({ employerUscc: '91440300MA5XXXXXX0' }), 'change.employerUscc'],
      ['no particular to change', registrar(), UPDATE_PARTICULARS, personWrite({}), 'change'],
      ['expected version', registrar(), UPDATE_PARTICULARS, personWrite({ phone: '13800138000' }, 0), 'expectedVersion'],
      ['move-out before move-in', registrar(), RECORD_DEPARTURE, personWrite({ movedOutOn: '1950-01-01' }), 'change.movedOutOn'],
      ['end of registration date', registrar(), END_REGISTRATION, personWrite({ status: 'DECEASED', effectiveOn: '30/11/2026' }), 'change.effectiveOn'],
      ['occupancy RENTED without registration', housingRegistrar(), CHANGE_HOUSE, houseWrite({ occupancy: 'RENTED' }), 'change.occupancy'],
      ['owner id', housingRegistrar(), CHANGE_HOUSE, houseWrite({ ownerPersonId: 'someone' }), 'change.ownerPersonId'],
      ['landlord id', housingRegistrar(), REGISTER_RENTAL, houseWrite({ landlordPersonId: 'X1', registeredOn: '2026-11-30' }), 'change.landlordPersonId'],
      [
        'registration in the future',
        housingRegistrar(),
        REGISTER_RENTAL,
        houseWrite({ landlordPersonId: city.resident.id, registeredOn: '2027-01-01' }),
        'change.registeredOn',
      ],
      [
        'ending a rental that is not registered',
        housingRegistrar(),
        END_RENTAL,
        houseWrite({ endedOn: '2026-11-30', occupancy: 'VACANT' }),
        'change.houseCode',
      ],
      [
        'observed in the future',
        gridWorker(city.gridA),
        SUBMIT_POPULATION,
        { input: { idempotencyKey: key(), observedAt: '2026-12-03', departure: { personId: city.resident.id, movedOutOn: '2026-11-30' } } },
        'observedAt',
      ],
      [
        'two changes in one request',
        gridWorker(city.gridA),
        SUBMIT_POPULATION,
        {
          input: {
            idempotencyKey: key(),
            observedAt: '2026-12-01',
            departure: { personId: city.resident.id, movedOutOn: '2026-11-30' },
            particulars: { personId: city.resident.id, name: '某' },
          },
        },
        'input',
      ],
      ['a rejection without a reason', registrar(), REJECT_POPULATION, { input: { id: 'CR0000000001', expectedVersion: 1 } }, 'reason'],
    ];
    for (const [what, claims, mutation, variables, field] of cases) {
      const result = await federation.queryAs(claims, mutation, variables);
      expect([what, errorOf(result)?.extensions]).toEqual([what, expect.objectContaining({ code: 'BAD_USER_INPUT', field })]);
    }
    expect(await counts()).toEqual(before);
    expect(await stored(city.resident.id)).toEqual(person);
  });

  async function idAndBirthOf(id: string) {
    const row = (
      await population().query<{ id_number: string; b: string; gender: string }>(
        `SELECT id_number, to_char(birth_date, 'YYYY-MM-DD') AS b, gender::text FROM person WHERE id = $1`,
        [id],
      )
    ).rows[0];
    return { idNumber: row.id_number, birthDate: row.b, gender: row.gender };
  }
});
