import type { TokenClaims } from '../../gateway/src/dev-tokens';
import { chineseNumber } from '../../synthetic-city/address-writing';
import { testBackends } from '../helpers/federation';
import { as, firstError, mutate, newKey, useEventsCity } from '../helpers/events';

interface Row {
  code: string;
  grid_code: string;
  full_text: string;
  town: string;
  community: string;
  road: string;
  door_number: string;
  longitude: number;
  latitude: number;
}

const SELECTION = `event { id grid { code } location { code fullText } }
  address { status score candidates { addressCode gridCode fullText score address { code fullText } } }`;

/** reportEvent with a free-text address (a 12345 call, a WeChat message), through the gateway. */
describe.each(testBackends())('reporting an event by a free-text address on %s', (backend) => {
  const city = useEventsCity('2026-11-02T09:00', backend);
  const police = as.police110();
  let rows: Row[];
  const door = (row: Row) => /^\d+/.exec(row.door_number)![0];
  /** An address whose road and door number occur nowhere else in the city. */
  let unique: Row;
  /** Addresses of one community sharing a door number on different roads. */
  let shared: Row[];

  const report = (who: TokenClaims, input: Record<string, unknown>) =>
    mutate(city.federation, who, 'reportEvent', { idempotencyKey: newKey('text'), categoryCode: 'road.pothole', description: '路面破损', ...input }, SELECTION);
  const stored = async () => {
    const sql = city.federation.system.subgraphs.events!.db.sql;
    const { rows } = await sql.query<{ events: number; transitions: number }>(
      'SELECT (SELECT count(*) FROM event)::int AS events, (SELECT count(*) FROM event_transition)::int AS transitions',
    );
    return rows[0];
  };

  beforeAll(async () => {
    // The truth is the owner's table; the events subgraph matches against its own copy of it.
    rows = (
      await city.federation.system.subgraphs.address!.db.sql.query<Row>(
        'SELECT code, grid_code, full_text, town, community, road, door_number, longitude, latitude FROM address ORDER BY code',
      )
    ).rows;
    const count = (key: (r: Row) => string) => {
      const counts = new Map<string, number>();
      for (const r of rows) counts.set(key(r), (counts.get(key(r)) ?? 0) + 1);
      return (r: Row) => counts.get(key(r))!;
    };
    const byRoadDoor = count((r) => `${r.road}|${door(r)}`);
    unique = rows.find((r) => byRoadDoor(r) === 1 && Number(door(r)) >= 11 && Number(door(r)) <= 99)!;
    const groups = new Map<string, Row[]>();
    for (const r of rows) groups.set(`${r.community}|${door(r)}`, [...(groups.get(`${r.community}|${door(r)}`) ?? []), r]);
    shared = [...groups.values()].find((g) => g.length >= 2 && g.length <= 5)!;
    expect({ unique: unique !== undefined, shared: shared !== undefined }).toEqual({ unique: true, shared: true });
  });

  it('stores a matched report with the standard address and its grid, and keeps the text in its history', async () => {
    // Written as a caller says it: no town, Chinese numerals, a building and a room.
    const text = `${unique.community}${unique.road}${chineseNumber(Number(door(unique)))}号三栋五零一室`;
    const { body } = await report(police, { addressText: text });
    expect(body.errors).toBeUndefined();
    const { event, address } = body.data.reportEvent;
    expect(event).toEqual({ id: expect.any(String), grid: { code: unique.grid_code }, location: { code: unique.code, fullText: unique.full_text } });
    expect(address).toEqual({
      status: 'MATCHED',
      score: expect.any(Number),
      candidates: [
        {
          addressCode: unique.code,
          gridCode: unique.grid_code,
          fullText: unique.full_text,
          score: address.score,
          address: { code: unique.code, fullText: unique.full_text },
        },
      ],
    });
    const sql = city.federation.system.subgraphs.events!.db.sql;
    const [row] = (
      await sql.query<{ address_code: string; grid_code: string; details: Record<string, unknown> }>(
        `SELECT e.address_code, e.grid_code, t.details FROM event e JOIN event_transition t ON t.event_id = e.id AND t.sequence = 1 WHERE e.id = $1`,
        [event.id],
      )
    ).rows;
    expect(row).toEqual({ address_code: unique.code, grid_code: unique.grid_code, details: expect.objectContaining({ addressText: text }) });
  });

  it('returns the candidates and stores nothing when the text may mean several addresses; the chosen one is then reported with the same key', async () => {
    const before = await stored();
    const idempotencyKey = newKey('choose');
    const text = `${shared[0]!.community}${door(shared[0]!)}号`;
    const { body } = await report(police, { idempotencyKey, addressText: text });
    expect(body.errors).toBeUndefined();
    const { event, address } = body.data.reportEvent;
    expect(event).toBeNull();
    expect(address.status).toBe('AMBIGUOUS');
    expect(address.candidates.map((c: { addressCode: string }) => c.addressCode).sort()).toEqual(shared.map((r) => r.code).sort());
    for (const candidate of address.candidates) expect(candidate.address.fullText).toBe(candidate.fullText);
    expect(await stored()).toEqual(before);

    const chosen = shared[1]!;
    const again = await mutate(
      city.federation,
      police,
      'reportEvent',
      { idempotencyKey, categoryCode: 'road.pothole', description: '路面破损', addressCode: chosen.code },
      SELECTION,
    );
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data.reportEvent).toEqual({
      event: expect.objectContaining({ grid: { code: chosen.grid_code }, location: expect.objectContaining({ code: chosen.code }) }),
      address: null,
    });
  });

  it('ranks the candidates by distance from where the reporter is (near)', async () => {
    for (const target of shared) {
      const near = { longitude: target.longitude, latitude: target.latitude };
      const { body } = await mutate(
        city.federation,
        police,
        'reportEvent',
        { idempotencyKey: newKey('near'), categoryCode: 'road.pothole', description: '路面破损', addressText: `${target.community}${door(target)}号`, near },
        'event { id } address { status candidates { addressCode distanceMeters } }',
      );
      expect(body.errors).toBeUndefined();
      const { candidates } = body.data.reportEvent.address;
      expect(candidates[0]).toEqual({ addressCode: target.code, distanceMeters: 0 });
      const distances = candidates.map((c: { distanceMeters: number }) => c.distanceMeters);
      expect(distances).toEqual([...distances].sort((a, b) => a - b));
    }
  });

  it('answers a retry with the original event, even when the text would now read otherwise', async () => {
    const input = { idempotencyKey: newKey('retry'), addressText: `${unique.road}${door(unique)}号` };
    const first = await report(police, input);
    expect(first.body.data.reportEvent.address.status).toBe('MATCHED');
    // Another address with the same road and number appears in the copy: the text alone now fits two.
    const sql = city.federation.system.subgraphs.events!.db.sql;
    const elsewhere = rows.find((r) => r.community !== unique.community)!;
    const copy = `${elsewhere.grid_code}9998`;
    await sql.query(
      `INSERT INTO address_reference SELECT $1, province, city, district, town, $2, road, door_number, full_text, longitude, latitude, $3 FROM address_reference WHERE code = $4`,
      [copy, elsewhere.community, elsewhere.grid_code, unique.code],
    );
    try {
      expect((await report(police, { addressText: input.addressText })).body.data.reportEvent.address.status).toBe('AMBIGUOUS');
      const retry = await mutate(
        city.federation,
        police,
        'reportEvent',
        { categoryCode: 'road.pothole', description: '路面破损', ...input },
        `replayed ${SELECTION}`,
      );
      expect(retry.body.errors).toBeUndefined();
      expect(retry.body.data.reportEvent).toEqual(expect.objectContaining({ replayed: true, event: first.body.data.reportEvent.event, address: null }));
    } finally {
      await sql.query('DELETE FROM address_reference WHERE code = $1', [copy]);
    }
  });

  it('files an unmatched text in the grid given with it, without an address', async () => {
    const text = `${unique.community}${unique.road}${Number(door(unique)) + 500}号`;
    const { body } = await report(police, { addressText: text, gridCode: unique.grid_code });
    expect(body.errors).toBeUndefined();
    expect(body.data.reportEvent).toEqual({
      event: expect.objectContaining({ grid: { code: unique.grid_code }, location: null }),
      address: { status: 'UNMATCHED', score: expect.any(Number), candidates: [] },
    });
  });

  it.each([
    [
      'an address the city does not have, and no grid',
      () => ({ addressText: `${unique.community}${unique.road}${Number(door(unique)) + 500}号` }),
      'addressText',
      /fits no standard address in the city; give gridCode as well/,
    ],
    [
      'text and an address code both',
      () => ({ addressText: unique.full_text, addressCode: unique.code }),
      'addressText',
      /Give addressText or addressCode, not both/,
    ],
    [
      'a NUL in the text',
      () => ({ addressText: `${unique.road}\u0000${door(unique)}号` }),
      'addressText',
      /addressText must not contain control characters \(U\+0000, NUL\)/,
    ],
    ['an over-long text', () => ({ addressText: '路'.repeat(201) }), 'addressText', /addressText is 201 characters; at most 200/],
    [
      'a position without a text',
      () => ({ gridCode: unique.grid_code, near: { longitude: 113.7, latitude: 23 } }),
      'near',
      /near ranks the addresses a free-text address may mean: give addressText with it/,
    ],
    [
      'a position off the globe',
      () => ({ addressText: unique.full_text, near: { longitude: 113.7, latitude: 95 } }),
      'near.latitude',
      /near.latitude must be between -90 and 90, got 95/,
    ],
    ['a bad grid beside the text', () => ({ addressText: unique.full_text, gridCode: '449900101000' }), 'gridCode', /is a town; an event lies in a base grid/],
  ])('refuses %s with BAD_USER_INPUT naming the field, storing nothing', async (_, input, field, message) => {
    const before = await stored();
    const result = await report(police, input());
    expect(firstError(result)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringMatching(message) });
    expect(result.body.errors![0]!.extensions).toEqual(expect.objectContaining({ field }));
    expect(await stored()).toEqual(before);
  });

  it('considers only addresses in the reporter’s jurisdiction: a grid worker’s text for another grid is not matched there', async () => {
    const elsewhere = rows.find((r) => r.grid_code !== unique.grid_code)!;
    const worker = as.gridWorker(elsewhere.grid_code);
    const before = await stored();
    const outside = await report(worker, { addressText: unique.full_text });
    expect(firstError(outside)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/fits no standard address in your jurisdiction/) });
    expect(await stored()).toEqual(before);

    const own = await report(worker, { addressText: elsewhere.full_text });
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data.reportEvent.event.location.code).toBe(elsewhere.code);
  });
});
