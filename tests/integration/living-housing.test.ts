import { TestClock } from '../helpers/events';
import { testBackends, TestFederation } from '../helpers/federation';
import { CHANGE_HOUSE, Claims, errorOf, gridWorker, housingRegistrar, key, LivingCity, startLivingCity } from '../helpers/living';

const REGISTER_BUILDING = `mutation ($input: RegisterBuildingInput!) {
  registerBuilding(input: $input) { replayed building { code version name floors grid { code } houses { code floor roomNumber use occupancy version } } } }`;

/**
 * The housing register's writes (#12): a building registered on a standard address gets its code and
 * its rooms' codes from the hierarchy, in one transaction with history and feed; a house's use changes
 * at the version read.
 */
describe.each(testBackends())('housing register writes on %s', (backend) => {
  const clock = new TestClock('2026-12-01T10:00');
  let federation: TestFederation;
  let city: LivingCity;
  let address: string;
  beforeAll(async () => {
    ({ federation, city } = await startLivingCity(backend, clock));
    address = (
      await federation.system.subgraphs.housing!.db.sql.query<{ a: string }>(
        'SELECT address_code AS a FROM building WHERE grid_code = $1 ORDER BY code LIMIT 1',
        [city.gridA],
      )
    ).rows[0].a;
  });
  afterAll(() => federation?.stop());

  const building = (houses: Record<string, unknown>[], addressCode = address) => ({
    input: { idempotencyKey: key(), building: { addressCode, name: '新建楼', use: 'RESIDENTIAL', structure: '砖混', floors: 3, builtYear: 2025, houses } },
  });
  const rooms = [
    { floor: 1, roomNumber: '101', use: 'RESIDENTIAL', area: 60.5 },
    { floor: 1, roomNumber: '102', use: 'SHOP', area: 30 },
    { floor: 2, roomNumber: '201', use: 'RESIDENTIAL', area: 60.5 },
  ];

  it('registers a building with its rooms: codes from the hierarchy, version 1, history and feed', async () => {
    const existing = (
      await federation.system.subgraphs.housing!.db.sql.query<{ n: number }>(
        `SELECT COALESCE(MAX(substring(code from 20 for 2)::int), 0) AS n FROM building WHERE address_code = $1`,
        [address],
      )
    ).rows[0].n;
    const variables = building(rooms);
    const { body } = await federation.queryAs(housingRegistrar(), REGISTER_BUILDING, variables);
    expect(body.errors).toBeUndefined();
    const code = `${address}${String(existing + 1).padStart(2, '0')}`;
    expect(body.data.registerBuilding.building).toMatchObject({
      code,
      version: 1,
      floors: 3,
      grid: { code: city.gridA },
      houses: [
        { code: `${code}0101`, floor: 1, roomNumber: '101', occupancy: 'VACANT', version: 1 },
        { code: `${code}0102`, floor: 1, roomNumber: '102', use: 'SHOP', version: 1 },
        { code: `${code}0201`, floor: 2, roomNumber: '201', version: 1 },
      ],
    });
    const replay = await federation.queryAs(housingRegistrar(), REGISTER_BUILDING, variables);
    expect(replay.body.data.registerBuilding).toMatchObject({ replayed: true, building: { code } });
    const feed = await federation.queryAs(gridWorker(city.gridA), `{ housingChanges(first: 500) { edges { node { entityType entityKey version kind } } } }`);
    const mine = feed.body.data.housingChanges.edges.map((e: any) => e.node).filter((n: any) => n.entityKey.startsWith(code));
    expect(mine).toEqual([
      { entityType: 'Building', entityKey: code, version: 1, kind: 'CREATED' },
      ...['0101', '0102', '0201'].map((s) => ({ entityType: 'House', entityKey: `${code}${s}`, version: 1, kind: 'CREATED' })),
    ]);

    // A house's use changes at the version read; a stale version is refused.
    const change = (expectedVersion: number, use: string) => ({ input: { idempotencyKey: key(), expectedVersion, change: { houseCode: `${code}0101`, use } } });
    const changed = await federation.queryAs(housingRegistrar(), CHANGE_HOUSE, change(1, 'OFFICE'));
    expect(changed.body.data.changeHouse).toMatchObject({ version: 2, house: { use: 'OFFICE' } });
    expect(errorOf(await federation.queryAs(housingRegistrar(), CHANGE_HOUSE, change(1, 'SHOP')))?.extensions).toMatchObject({
      code: 'CONFLICT',
      currentVersion: 2,
    });
    const history = await federation.queryAs(
      gridWorker(city.gridA),
      `query ($c: ID!) { house(code: $c) { history { version kind source changes { field before after } } } }`,
      { c: `${code}0101` },
    );
    expect(history.body.data.house.history).toEqual([
      { version: 2, kind: 'UPDATED', source: 'DEPARTMENT', changes: [{ field: 'use', before: 'RESIDENTIAL', after: 'OFFICE' }] },
      expect.objectContaining({ version: 1, kind: 'CREATED' }),
    ]);
  });

  it("refuses a building outside the registrar's jurisdiction, from a grid worker, or with bad rooms, naming the field", async () => {
    const count = async () => Number((await federation.system.subgraphs.housing!.db.sql.query<{ n: string }>('SELECT count(*) AS n FROM house')).rows[0].n);
    const before = await count();
    const local: Claims = { ...housingRegistrar('hb-community'), level: 'community', jurisdiction: [city.gridA.slice(0, 12)] };
    const elsewhere = `${city.outsideHouse.slice(0, 19)}`;
    expect(errorOf(await federation.queryAs(local, REGISTER_BUILDING, building(rooms, elsewhere)))?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'OUT_OF_JURISDICTION',
    });
    expect(errorOf(await federation.queryAs(gridWorker(city.gridA), REGISTER_BUILDING, building(rooms)))?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'WRITE_NOT_GRANTED',
    });
    const bad: [Record<string, unknown>, string][] = [
      [building(rooms, '1234'), 'building.addressCode'],
      [building([...rooms, { floor: 4, roomNumber: '401', use: 'RESIDENTIAL', area: 50 }]), 'building.houses.3.floor'],
      [building([...rooms, { floor: 2, roomNumber: '201', use: 'RESIDENTIAL', area: 50 }]), 'building.houses.3.roomNumber'],
      [building([{ floor: 1, roomNumber: '101', use: 'RESIDENTIAL', area: 0 }]), 'building.houses.0.area'],
      [building([]), 'building.houses'],
      [{ input: { ...building(rooms).input, building: { ...building(rooms).input.building, builtYear: 2027 } } }, 'building.builtYear'],
    ];
    for (const [variables, field] of bad) {
      expect([field, errorOf(await federation.queryAs(housingRegistrar(), REGISTER_BUILDING, variables))?.extensions]).toEqual([
        field,
        expect.objectContaining({ code: 'BAD_USER_INPUT', field }),
      ]);
    }
    expect(await count()).toBe(before);
  });
});
