import net from 'node:net';
import { CallerTokenSigner } from '../../platform/caller-token';
import { auditRecordsMentioning } from '../helpers/audit-records';
import { TestClock } from '../helpers/events';
import { postGraphQL, testBackends, TestFederation } from '../helpers/federation';
import {
  errorOf,
  gridWorker,
  housingRegistrar,
  key,
  LivingCity,
  newIdNumber,
  REGISTER_ARRIVAL,
  REGISTER_RENTAL,
  registrar,
  startLivingCity,
  SUBMIT_POPULATION,
} from '../helpers/living';
import { startTestSubgraph, TestSubgraph } from '../helpers/subgraph';

const REGISTER_BUILDING = `mutation ($input: RegisterBuildingInput!) {
  registerBuilding(input: $input) { building { code houses { code } } } }`;
const ADD_ADDRESS = `mutation ($input: AddAddressInput!) { addAddress(input: $input) { address { code } } }`;
const PREMISES = `mutation ($input: SetLegalEntityPremisesInput!) { setLegalEntityPremises(input: $input) { version } }`;
const RETIRE_ADDRESS = `mutation ($input: RetireAddressInput!) { retireAddress(input: $input) { address { code status } } }`;

/**
 * A write naming another register's record (#12: "every write validates references"): the owner asks
 * that register through the gateway, as its own service identity, before anything is stored. Written
 * as the user's mistake and the attack: an address or house that does not exist, an address retired,
 * a house registered a moment ago; and as the fault: the gateway cannot be reached.
 */
describe.each(testBackends())('references a write names are checked with their registers on %s', (backend) => {
  const clock = new TestClock('2026-12-01T10:00');
  let federation: TestFederation;
  let city: LivingCity;
  let activeAddress: string;
  beforeAll(async () => {
    ({ federation, city } = await startLivingCity(backend, clock));
    activeAddress = (
      await federation.system.subgraphs.housing!.db.sql.query<{ a: string }>(
        'SELECT address_code AS a FROM building WHERE grid_code = $1 ORDER BY code LIMIT 1',
        [city.gridA],
      )
    ).rows[0].a;
  });
  afterAll(() => federation?.stop());

  const building = (addressCode: string) => ({
    input: {
      idempotencyKey: key(),
      building: {
        addressCode,
        name: '核查楼',
        use: 'RESIDENTIAL',
        structure: '砖混',
        floors: 2,
        houses: [{ floor: 1, roomNumber: '101', use: 'RESIDENTIAL', area: 50 }],
      },
    },
  });
  const buildingsOn = async (address: string) =>
    (await federation.system.subgraphs.housing!.db.sql.query('SELECT 1 FROM building WHERE address_code = $1', [address])).rows.length;
  const arrival = (houseCode: string, idNumber: string) => ({
    input: {
      idempotencyKey: key(),
      change: {
        newPerson: { name: '核查甲', idNumber, gender: 'MALE', birthDate: '1991-05-06', householdRegistration: '广东省某市某区' },
        houseCode,
        residenceType: 'MIGRANT',
        movedInOn: '2026-11-28',
      },
    },
  });
  const personsWith = async (idNumber: string) =>
    (await federation.system.subgraphs.population!.db.sql.query('SELECT 1 FROM person WHERE id_number = $1', [idNumber])).rows.length;

  it('refuses a building on a well-formed address the address register does not have, and stores nothing', async () => {
    const { rows } = await federation.system.subgraphs.address!.db.sql.query<{ code: string }>('SELECT code FROM address WHERE grid_code = $1', [city.gridA]);
    const taken = new Set(rows.map((r) => r.code));
    const unknown = [...Array(9999).keys()].map((n) => `${city.gridA}${String(9999 - n).padStart(4, '0')}`).find((c) => !taken.has(c))!;
    const result = await federation.queryAs(housingRegistrar(), REGISTER_BUILDING, building(unknown));
    expect(result.body.data?.registerBuilding ?? null).toBeNull();
    expect(errorOf(result)).toMatchObject({
      message: expect.stringMatching(/no standard address/),
      extensions: { code: 'BAD_USER_INPUT', field: 'building.addressCode' },
    });
    expect(await buildingsOn(unknown)).toBe(0);
  });

  it('refuses a building on an address the address register retired', async () => {
    // A new address of grid A, retired the next day by the grid command centre's registrar.
    const near = (
      await federation.system.subgraphs.address!.db.sql.query<any>('SELECT longitude, latitude FROM address WHERE grid_code = $1 ORDER BY code LIMIT 1', [
        city.gridA,
      ])
    ).rows[0];
    const gridRegistrar = {
      department: 'grid-command',
      user: 'gc-registrar-1',
      role: 'registrar',
      level: 'community' as const,
      jurisdiction: [city.gridA.slice(0, 12)],
      purpose: 'grid-management',
    };
    const added = await federation.queryAs(gridRegistrar, ADD_ADDRESS, {
      input: { idempotencyKey: key(), change: { gridCode: city.gridA, road: '核查路', doorNumber: '1号', longitude: near.longitude, latitude: near.latitude } },
    });
    expect(added.body.errors).toBeUndefined();
    const address = { code: added.body.data.addAddress.address.code as string };
    const retired = await federation.queryAs(gridRegistrar, RETIRE_ADDRESS, {
      input: { idempotencyKey: key(), expectedVersion: 1, change: { code: address.code, retiredOn: '2026-11-30' } },
    });
    expect(retired.body.data.retireAddress.address).toEqual({ code: address.code, status: 'RETIRED' });

    const result = await federation.queryAs(housingRegistrar(), REGISTER_BUILDING, building(address.code));
    expect(errorOf(result)).toMatchObject({
      message: expect.stringMatching(/is retired/),
      extensions: { code: 'BAD_USER_INPUT', field: 'building.addressCode' },
    });
    expect(await buildingsOn(address.code)).toBe(0);
  });

  it('refuses an arrival at a well-formed house the housing register does not have, and registers nobody', async () => {
    const unknown = `${city.vacantHouse.code.slice(0, 21)}9999`;
    expect((await federation.system.subgraphs.housing!.db.sql.query('SELECT 1 FROM house WHERE code = $1', [unknown])).rows).toHaveLength(0);
    const idNumber = newIdNumber('1991-05-06', true, 7);
    const result = await federation.queryAs(registrar(), REGISTER_ARRIVAL, arrival(unknown, idNumber));
    expect(errorOf(result)).toMatchObject({ message: expect.stringMatching(/no house/), extensions: { code: 'BAD_USER_INPUT', field: 'change.houseCode' } });
    expect(await personsWith(idNumber)).toBe(0);
  });

  it("refuses a grid worker's request for an arrival at an unknown house at once, and queues nothing", async () => {
    const unknown = `${city.vacantHouse.code.slice(0, 21)}9998`;
    const idNumber = newIdNumber('1991-05-06', true, 10);
    const { input } = arrival(unknown, idNumber);
    const result = await federation.queryAs(gridWorker(city.gridA), SUBMIT_POPULATION, {
      input: { idempotencyKey: key(), observedAt: '2026-12-01T09:00:00+08:00', arrival: input.change },
    });
    expect(errorOf(result)).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'change.houseCode' } });
    const queued = await federation.system.subgraphs.population!.db.sql.query('SELECT 1 FROM change_request WHERE strpos(payload::text, $1) > 0', [unknown]);
    expect(queued.rows).toHaveLength(0);
  });

  it('refuses a rental whose landlord the population register does not have, and leaves the house as it was', async () => {
    const before = (
      await federation.system.subgraphs.housing!.db.sql.query<any>('SELECT version, landlord_person_id AS l FROM house WHERE code = $1', [
        city.vacantHouse.code,
      ])
    ).rows[0];
    const result = await federation.queryAs(housingRegistrar(), REGISTER_RENTAL, {
      input: {
        idempotencyKey: key(),
        expectedVersion: before.version,
        change: { houseCode: city.vacantHouse.code, landlordPersonId: 'P999999999', registeredOn: '2026-11-30' },
      },
    });
    expect(errorOf(result)).toMatchObject({
      message: expect.stringMatching(/no person P999999999/),
      extensions: { code: 'BAD_USER_INPUT', field: 'change.landlordPersonId' },
    });
    const after = (
      await federation.system.subgraphs.housing!.db.sql.query<any>('SELECT version, landlord_person_id AS l FROM house WHERE code = $1', [
        city.vacantHouse.code,
      ])
    ).rows[0];
    expect(after).toEqual(before);
  });

  it('refuses premises naming a house the housing register does not have, naming that entry, and changes nothing', async () => {
    const entities = federation.system.subgraphs['legal-entities']!.db.sql;
    const entity = (
      await entities.query<{ uscc: string; version: number }>(
        `SELECT uscc, version FROM legal_entity WHERE grid_code = $1 AND licence_status = 'ACTIVE' ORDER BY uscc LIMIT 1`,
        [city.gridA],
      )
    ).rows[0];
    const unknown = `${city.vacantHouse.code.slice(0, 21)}9997`;
    const marketRegistrar = { department: 'market-regulation', user: 'mr-registrar-1', role: 'registrar', purpose: 'licensing' };
    const result = await federation.queryAs(marketRegistrar, PREMISES, {
      input: { idempotencyKey: key(), expectedVersion: entity.version, change: { uscc: entity.uscc, houseCodes: [city.vacantHouse.code, unknown] } },
    });
    expect(errorOf(result)).toMatchObject({ message: expect.stringMatching(/no house/), extensions: { code: 'BAD_USER_INPUT', field: 'change.houseCodes.1' } });
    expect((await entities.query<{ version: number }>('SELECT version FROM legal_entity WHERE uscc = $1', [entity.uscc])).rows[0].version).toBe(entity.version);
  });

  it('accepts an arrival at a house registered a moment ago, and puts the lookups on the trail under the services', async () => {
    const registered = await federation.queryAs(housingRegistrar(), REGISTER_BUILDING, building(activeAddress));
    expect(registered.body.errors).toBeUndefined();
    const house = registered.body.data.registerBuilding.building.houses[0].code;
    const idNumber = newIdNumber('1991-05-06', true, 8);
    const arrived = await federation.queryAs(registrar(), REGISTER_ARRIVAL, arrival(house, idNumber));
    expect(arrived.body.errors).toBeUndefined();
    expect(arrived.body.data.registerArrival.person.residence).toEqual({ code: house });

    for (const [user, department, purpose] of [
      ['housing-reference-check', 'housing', 'rental-management'],
      ['population-reference-check', 'public-security', 'population-management'],
    ]) {
      const lookups = (await auditRecordsMentioning(federation, user)).filter((r) => r.userId === user);
      expect(lookups.length).toBeGreaterThan(0);
      expect(lookups.at(-1)).toMatchObject({ department, purpose, operationName: 'ReferenceCheck', outcome: 'OK', fieldsMasked: [], fieldsDenied: [] });
    }
    // The house lookup read the new house, by its key only: nothing of its particulars.
    const houseLookup = (await auditRecordsMentioning(federation, 'population-reference-check'))
      .filter((r) => r.userId === 'population-reference-check')
      .at(-1)!;
    const read = houseLookup.accesses.filter((a) => a.entityKey === house);
    expect(read.flatMap((a) => [...a.raw, ...a.masked])).toEqual(['House.code']);
  });
});

describe.each(testBackends())('when the gateway cannot be reached on %s', (backend) => {
  let subgraph: TestSubgraph;
  let closedPort: number;
  beforeAll(async () => {
    // A port that was just free and is closed again: nothing answers there.
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closedPort = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    subgraph = await startTestSubgraph('population', { backend, gatewayUrl: `http://127.0.0.1:${closedPort}/graphql` });
  });
  afterAll(() => subgraph?.stop());

  it('refuses an arrival it cannot check (SERVICE_UNAVAILABLE naming the field) and stores nothing', async () => {
    const house = (await subgraph.db.sql.query<{ h: string }>('SELECT house_code AS h FROM person WHERE house_code IS NOT NULL LIMIT 1')).rows[0].h;
    const idNumber = newIdNumber('1991-05-06', true, 9);
    const variables = {
      input: {
        idempotencyKey: key(),
        change: {
          newPerson: { name: '核查乙', idNumber, gender: 'MALE', birthDate: '1991-05-06', householdRegistration: '广东省某市某区' },
          houseCode: house,
          residenceType: 'MIGRANT',
          movedInOn: '2026-11-28',
        },
      },
    };
    const caller = {
      user: 'ps-registrar-1',
      department: 'public-security',
      level: 'city' as const,
      jurisdiction: [],
      role: 'registrar',
      purpose: 'population-management',
    };
    const token = new CallerTokenSigner(subgraph.keys.privateKey).sign(caller, 'population', { query: REGISTER_ARRIVAL, variables });
    const { body } = await postGraphQL(subgraph.url, REGISTER_ARRIVAL, variables, { authorization: `Bearer ${token}` });
    expect(body.data?.registerArrival ?? null).toBeNull();
    expect(body.errors![0]).toMatchObject({
      message: expect.stringMatching(/change\.houseCode could not be checked .*did not answer/),
      extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'REFERENCE_CHECK_UNAVAILABLE', fields: ['change.houseCode'] },
    });
    expect((await subgraph.db.sql.query('SELECT 1 FROM person WHERE id_number = $1', [idNumber])).rows).toHaveLength(0);
  });
});
