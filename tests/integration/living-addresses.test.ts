import { TestClock } from '../helpers/events';
import { auditRecordOf } from '../helpers/audit-records';
import { GraphQLResult, testBackends, TestFederation } from '../helpers/federation';
import { Claims, errorOf, gridWorker, housingRegistrar, key, LivingCity, startLivingCity } from '../helpers/living';

const ADDRESS_FIELDS = 'code version status retiredOn road doorNumber fullText town community longitude latitude grid { code }';
const ADD_ADDRESS = `mutation ($input: AddAddressInput!) { addAddress(input: $input) { version replayed address { ${ADDRESS_FIELDS} } } }`;
const CORRECT_ADDRESS = `mutation ($input: CorrectAddressInput!) { correctAddress(input: $input) { version replayed address { ${ADDRESS_FIELDS} } } }`;
const RETIRE_ADDRESS = `mutation ($input: RetireAddressInput!) { retireAddress(input: $input) { version replayed address { ${ADDRESS_FIELDS} } } }`;
const ADD_GRID = `mutation ($input: AddGridInput!) { addGrid(input: $input) { version replayed grid { code name level version parent { code } } } }`;
const MATCH = `query ($text: String!) { addressMatch(text: $text) { status address { code status } } addressSearch(text: $text, first: 50) { candidates { address { code } } } }`;

/**
 * The grid and address register's writes (#12): the grid command centre's registrar adds a grid under
 * a community and a standard address under it (codes by the hierarchy, the next free number), corrects
 * the address and retires it. Each step is in history, in the addressChanges feed the events subgraph
 * follows, on the trail, and in address matching at once (no restart). Then the attacks.
 */
describe.each(testBackends())('address register writes on %s', (backend) => {
  const clock = new TestClock('2026-12-01T10:00');
  let federation: TestFederation;
  let city: LivingCity;
  let community: string;
  let near: { longitude: number; latitude: number };
  let outside: { code: string; gridCode: string };
  let registrar: Claims;
  beforeAll(async () => {
    ({ federation, city } = await startLivingCity(backend, clock));
    community = city.gridA.slice(0, 12);
    registrar = {
      department: 'grid-command',
      user: 'gc-registrar-1',
      role: 'registrar',
      level: 'community',
      jurisdiction: [community],
      purpose: 'grid-management',
    };
    const sql = federation.system.subgraphs.address!.db.sql;
    near = (await sql.query<any>('SELECT longitude, latitude FROM address WHERE grid_code = $1 ORDER BY code LIMIT 1', [city.gridA])).rows[0];
    outside = (await sql.query<any>('SELECT code, grid_code AS "gridCode" FROM address WHERE grid_code NOT LIKE $1 ORDER BY code LIMIT 1', [`${community}%`]))
      .rows[0];
  });
  afterAll(() => federation?.stop());

  const as = (claims: Claims, query: string, variables?: Record<string, unknown>) => federation.queryAs(claims, query, variables);
  const ok = (result: GraphQLResult<any>) => {
    expect(result.body.errors).toBeUndefined();
    return result.body.data;
  };
  const newAddress = (extra: Record<string, unknown> = {}) => ({
    gridCode: city.gridA,
    road: '榕新路',
    doorNumber: '8号',
    longitude: near.longitude,
    latitude: near.latitude,
    ...extra,
  });
  const addressRows = async () =>
    Number((await federation.system.subgraphs.address!.db.sql.query<{ n: string }>('SELECT count(*) AS n FROM address')).rows[0].n);

  it('adds a grid and an address, corrects and retires it: history, feed, matching and the trail follow', async () => {
    const sql = federation.system.subgraphs.address!.db.sql;
    const lastGrid = (await sql.query<{ n: number }>(`SELECT MAX(substring(code from 13 for 3)::int) AS n FROM grid WHERE parent_code = $1`, [community]))
      .rows[0].n;
    const expectedGrid = `${community}${String(Number(lastGrid) + 1).padStart(3, '0')}`;
    const grid = ok(await as(registrar, ADD_GRID, { input: { idempotencyKey: key(), change: { communityCode: community, name: '测试第九网格' } } })).addGrid;
    expect(grid).toEqual({
      version: 1,
      replayed: false,
      grid: { code: expectedGrid, name: '测试第九网格', level: 'GRID', version: 1, parent: { code: community } },
    });

    const added = ok(await as(registrar, ADD_ADDRESS, { input: { idempotencyKey: key(), change: newAddress({ gridCode: expectedGrid }) } })).addAddress;
    const code = `${expectedGrid}0001`;
    expect(added.address).toMatchObject({
      code,
      version: 1,
      status: 'ACTIVE',
      retiredOn: null,
      road: '榕新路',
      doorNumber: '8号',
      grid: { code: expectedGrid },
    });
    expect(added.address.fullText.endsWith(`${added.address.town}${added.address.community}榕新路8号`)).toBe(true);

    // Matching sees the new address at once, through the gateway, without a restart.
    const matched = ok(await as(registrar, MATCH, { text: added.address.fullText }));
    expect(matched.addressMatch).toEqual({ status: 'MATCHED', address: { code, status: 'ACTIVE' } });

    const corrected = ok(
      await as(registrar, CORRECT_ADDRESS, { input: { idempotencyKey: key(), expectedVersion: 1, change: { code, doorNumber: '10号' } } }),
    ).correctAddress;
    expect(corrected.address).toMatchObject({ code, version: 2, doorNumber: '10号', fullText: added.address.fullText.replace(/8号$/, '10号') });
    expect(ok(await as(registrar, MATCH, { text: corrected.address.fullText })).addressMatch.address).toEqual({ code, status: 'ACTIVE' });

    const retire = await as(registrar, RETIRE_ADDRESS, { input: { idempotencyKey: key(), expectedVersion: 2, change: { code, retiredOn: '2026-11-30' } } });
    expect(ok(retire).retireAddress.address).toMatchObject({ code, version: 3, status: 'RETIRED', retiredOn: '2026-11-30' });
    // Retired: still readable, matched no more, and it changes no more.
    const after = ok(
      await as(
        registrar,
        `query ($code: ID!) { address(code: $code) { code status retiredOn history { version kind effectiveOn source actorDepartment actorUser changes { field before after } } } }`,
        { code },
      ),
    );
    expect(after.address).toMatchObject({ code, status: 'RETIRED', retiredOn: '2026-11-30' });
    const search = ok(await as(registrar, MATCH, { text: corrected.address.fullText }));
    expect(search.addressMatch.address?.code).not.toBe(code);
    expect(search.addressSearch.candidates.map((c: any) => c.address.code)).not.toContain(code);
    const again = await as(registrar, CORRECT_ADDRESS, { input: { idempotencyKey: key(), expectedVersion: 3, change: { code, road: '榕旧路' } } });
    expect(errorOf(again)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'change.code' });

    expect(after.address.history.map((v: any) => [v.version, v.kind, v.effectiveOn, v.source, v.actorDepartment, v.actorUser])).toEqual([
      [3, 'RETIRED', '2026-11-30', 'DEPARTMENT', 'grid-command', 'gc-registrar-1'],
      [2, 'CORRECTED', '2026-12-01', 'DEPARTMENT', 'grid-command', 'gc-registrar-1'],
      [1, 'CREATED', '2026-12-01', 'DEPARTMENT', 'grid-command', 'gc-registrar-1'],
    ]);
    expect(after.address.history[1].changes).toEqual([
      { field: 'doorNumber', before: '8号', after: '10号' },
      { field: 'fullText', before: added.address.fullText, after: corrected.address.fullText },
    ]);
    // Another department reads the history without who did it: the field is not in its contract.
    const health: Claims = { department: 'health', user: 'h-1', purpose: 'health-services' };
    expect(ok(await as(health, `query ($code: ID!) { address(code: $code) { history { version actorDepartment } } }`, { code })).address.history).toHaveLength(
      3,
    );
    expect(errorOf(await as(health, `query ($code: ID!) { address(code: $code) { history { actorUser } } }`, { code }))?.extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
    });

    // The feed as the events subgraph's follower reads it (grid-command, event-handling, city level):
    // grid and address codes with the address's status.
    const follower: Claims = { department: 'grid-command', user: 'events-feed', purpose: 'event-handling' };
    const feed = ok(
      await as(
        follower,
        `{ addressChanges(first: 100) { pageInfo { endCursor } edges { node {
      entityType entityKey version kind changedFields gridCode occurredAt source changeRequestId collectedBy address { code status } grid { code level } } } } }`,
      ),
    ).addressChanges;
    const mine = feed.edges.map((e: any) => e.node).filter((n: any) => n.gridCode === expectedGrid);
    expect(mine.map((n: any) => [n.entityType, n.entityKey, n.version, n.kind])).toEqual([
      ['Grid', expectedGrid, 1, 'CREATED'],
      ['Address', code, 1, 'CREATED'],
      ['Address', code, 2, 'CORRECTED'],
      ['Address', code, 3, 'RETIRED'],
    ]);
    expect(mine[0].grid).toEqual({ code: expectedGrid, level: 'GRID' });
    expect(mine[0]).toMatchObject({ source: 'DEPARTMENT', changeRequestId: null, collectedBy: null });
    expect(mine[3]).toMatchObject({ occurredAt: '2026-11-30', changedFields: ['status', 'retiredOn'], address: { code, status: 'RETIRED' } });
    const grids = ok(await as(follower, `{ addressChanges(first: 500, types: ["Grid"]) { edges { node { entityType } } } }`)).addressChanges.edges;
    expect(new Set(grids.map((e: any) => e.node.entityType))).toEqual(new Set(['Grid']));
    // Polling on from the last cursor gives nothing new.
    expect(
      ok(await as(follower, `query ($after: String) { addressChanges(after: $after) { edges { cursor } } }`, { after: feed.pageInfo.endCursor })).addressChanges
        .edges,
    ).toEqual([]);
    // A department whose jurisdiction is elsewhere sees none of it.
    const elsewhere = ok(
      await as(
        { ...follower, level: 'community', jurisdiction: [outside.gridCode.slice(0, 12)] },
        '{ addressChanges(first: 500) { edges { node { gridCode } } } }',
      ),
    ).addressChanges.edges;
    expect(elsewhere.filter((e: any) => e.node.gridCode.startsWith(community))).toEqual([]);

    // The trail: which fields of which address, keyed digests, never the values.
    const trail = await auditRecordOf(federation, retire.headers.get('x-request-id'));
    const written = trail.accesses.find((a: any) => a.entityKey === code) as any;
    expect(written).toMatchObject({ entityType: 'Address', subgraph: 'address' });
    expect(written.written).toEqual(['Address.retiredOn', 'Address.status']);
    expect(written.afterDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(trail)).not.toContain('2026-11-30"');
    const auditor: Claims = { department: 'audit-office', user: 'auditor-1', purpose: 'access-audit' };
    const listed = ok(
      await as(
        auditor,
        `query ($code: ID!) { recordChanges(entityType: "Address", entityKey: $code) { edges { node { department userId fieldsWritten } } } }`,
        { code },
      ),
    );
    expect(listed.recordChanges.edges.map((e: any) => e.node.fieldsWritten)).toEqual([
      ['Address.retiredOn', 'Address.status'],
      ['Address.doorNumber', 'Address.fullText'],
      expect.arrayContaining(['Address.road', 'Address.status']),
    ]);
  });

  it('gives concurrent adds in one grid distinct codes, the next free numbers', async () => {
    const sql = federation.system.subgraphs.address!.db.sql;
    const last = Number(
      (await sql.query<{ n: number }>(`SELECT MAX(substring(code from 16 for 4)::int) AS n FROM address WHERE grid_code = $1`, [city.gridA])).rows[0].n,
    );
    const results = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((n) =>
        as(registrar, ADD_ADDRESS, { input: { idempotencyKey: key(), change: newAddress({ road: '并发路', doorNumber: `${n}号` }) } }),
      ),
    );
    const codes = results.map((r) => ok(r).addAddress.address.code).sort();
    expect(codes).toEqual([1, 2, 3, 4, 5, 6].map((n) => `${city.gridA}${String(last + n).padStart(4, '0')}`));
    // Grids too: three registrars' adds in one community, three codes.
    const grids = await Promise.all(
      ['甲', '乙', '丙'].map((name, n) =>
        as({ ...registrar, user: `gc-registrar-${n + 2}` }, ADD_GRID, {
          input: { idempotencyKey: key(), change: { communityCode: community, name: `并发网格${name}` } },
        }),
      ),
    );
    const gridCodes = grids.map((r) => ok(r).addGrid.grid.code);
    expect(new Set(gridCodes).size).toBe(3);
    expect(gridCodes.every((c) => c.startsWith(community) && c.length === 15)).toBe(true);
  });

  it('refuses writes outside the jurisdiction, without the grant or purpose, stale versions and reused keys', async () => {
    const before = await addressRows();
    const refusal = async (claims: Claims, query: string, input: Record<string, unknown>) => errorOf(await as(claims, query, { input }))?.extensions;
    // Outside the registrar's jurisdiction: adding there, correcting there, a grid in another community.
    expect(await refusal(registrar, ADD_ADDRESS, { idempotencyKey: key(), change: newAddress({ gridCode: outside.gridCode }) })).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'OUT_OF_JURISDICTION',
    });
    expect(
      await refusal(registrar, CORRECT_ADDRESS, { idempotencyKey: key(), expectedVersion: 1, change: { code: outside.code, road: '越界路' } }),
    ).toMatchObject({ code: 'FORBIDDEN', reason: 'OUT_OF_JURISDICTION' });
    expect(
      await refusal(registrar, ADD_GRID, { idempotencyKey: key(), change: { communityCode: outside.gridCode.slice(0, 12), name: '越界网格' } }),
    ).toMatchObject({ code: 'FORBIDDEN', reason: 'OUT_OF_JURISDICTION' });
    // Not granted: a grid worker, a dispatcher, another department's registrar; no purpose.
    for (const claims of [gridWorker(city.gridA), { ...registrar, role: 'dispatcher' }, housingRegistrar()] as Claims[]) {
      expect(await refusal(claims, ADD_ADDRESS, { idempotencyKey: key(), change: newAddress({ doorNumber: '99号' }) })).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(
      await refusal({ ...registrar, role: 'dispatcher' }, ADD_GRID, { idempotencyKey: key(), change: { communityCode: community, name: '无权网格' } }),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await refusal({ ...registrar, purpose: undefined }, ADD_ADDRESS, { idempotencyKey: key(), change: newAddress({ doorNumber: '98号' }) }),
    ).toMatchObject({ code: 'FORBIDDEN', reason: 'PURPOSE_REQUIRED' });
    expect(await addressRows()).toBe(before);

    // A replay answers the first result; the same key with another payload is refused.
    const replayKey = key();
    const first = ok(await as(registrar, ADD_ADDRESS, { input: { idempotencyKey: replayKey, change: newAddress({ doorNumber: '77号' }) } })).addAddress;
    const replay = ok(await as(registrar, ADD_ADDRESS, { input: { idempotencyKey: replayKey, change: newAddress({ doorNumber: '77号' }) } })).addAddress;
    expect(replay).toMatchObject({ replayed: true, version: 1, address: { code: first.address.code } });
    expect(await refusal(registrar, ADD_ADDRESS, { idempotencyKey: replayKey, change: newAddress({ doorNumber: '78号' }) })).toMatchObject({
      code: 'CONFLICT',
      reason: 'IDEMPOTENCY_KEY_REUSED',
    });
    expect(await addressRows()).toBe(before + 1);

    // A stale version: someone corrected it since.
    const code = first.address.code;
    ok(await as(registrar, CORRECT_ADDRESS, { input: { idempotencyKey: key(), expectedVersion: 1, change: { code, longitude: near.longitude + 0.0001 } } }));
    expect(await refusal(registrar, CORRECT_ADDRESS, { idempotencyKey: key(), expectedVersion: 1, change: { code, road: '旧版路' } })).toMatchObject({
      code: 'CONFLICT',
      field: 'expectedVersion',
      currentVersion: 2,
    });
    // The same door twice in the community is one address.
    expect(await refusal(registrar, ADD_ADDRESS, { idempotencyKey: key(), change: newAddress({ doorNumber: '77号' }) })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'change.doorNumber',
    });
    const neighbour = ok(await as(registrar, ADD_ADDRESS, { input: { idempotencyKey: key(), change: newAddress({ doorNumber: '79号' }) } })).addAddress.address;
    expect(
      await refusal(registrar, CORRECT_ADDRESS, { idempotencyKey: key(), expectedVersion: 1, change: { code: neighbour.code, doorNumber: '77号' } }),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'change.doorNumber' });
  });

  it('refuses invalid codes, coordinates, names and dates naming the field, and stores nothing', async () => {
    const before = await addressRows();
    const cases: [string, Record<string, unknown>, string][] = [
      [ADD_ADDRESS, newAddress({ gridCode: '4499' }), 'change.gridCode'],
      [ADD_ADDRESS, newAddress({ gridCode: community }), 'change.gridCode'],
      [ADD_ADDRESS, newAddress({ gridCode: `${community}999` }), 'change.gridCode'],
      [ADD_ADDRESS, newAddress({ longitude: 200 }), 'change.longitude'],
      [ADD_ADDRESS, newAddress({ latitude: -91 }), 'change.latitude'],
      [ADD_ADDRESS, newAddress({ latitude: 80 }), 'change.latitude'],
      [ADD_ADDRESS, newAddress({ road: '  ' }), 'change.road'],
      [ADD_ADDRESS, newAddress({ doorNumber: 'x'.repeat(21) }), 'change.doorNumber'],
      [CORRECT_ADDRESS, { code: `${city.gridA}0000`, road: '新路' }, 'change.code'],
      [CORRECT_ADDRESS, { code: '44990', road: '新路' }, 'change.code'],
      [CORRECT_ADDRESS, { code: `${city.gridA}0001`, longitude: 10 }, 'change.longitude'],
      [RETIRE_ADDRESS, { code: `${city.gridA}0001`, retiredOn: '2026-12-24' }, 'change.retiredOn'],
      [RETIRE_ADDRESS, { code: `${city.gridA}0001`, retiredOn: '2026-02-30' }, 'change.retiredOn'],
      [ADD_GRID, { communityCode: city.gridA, name: '网格' }, 'change.communityCode'],
      [ADD_GRID, { communityCode: `${community.slice(0, 9)}000`, name: '网格' }, 'change.communityCode'],
      [ADD_GRID, { communityCode: community, name: '' }, 'change.name'],
    ];
    for (const [query, change, field] of cases) {
      const expectedVersion = query === ADD_ADDRESS || query === ADD_GRID ? {} : { expectedVersion: 1 };
      const result = await as(registrar, query, { input: { idempotencyKey: key(), ...expectedVersion, change } });
      expect([field, errorOf(result)?.extensions]).toEqual([field, expect.objectContaining({ code: 'BAD_USER_INPUT', field })]);
    }
    expect(await addressRows()).toBe(before);
  });
});
