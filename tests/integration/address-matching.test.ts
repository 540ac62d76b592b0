import { startTestFederation, testBackends, TestFederation } from '../helpers/federation';
import { CONFUSIONS } from '../../synthetic-city/confusions';
import { chineseNumber, toFullWidth } from '../../synthetic-city/address-writing';

interface Row {
  code: string;
  full_text: string;
  town: string;
  community: string;
  road: string;
  door_number: string;
  longitude: number;
  latitude: number;
}

const MATCH = `query ($text: String!, $near: GeoPointInput) {
  addressMatch(text: $text, near: $near) {
    status score address { code }
    understood { province city town community villageGroup road doorNumber buildingName building unit floor room unparsed }
    candidates { score agreed approximate disagreed distanceMeters address { code fullText } }
  }
}`;
const SEARCH = `query ($text: String!, $near: GeoPointInput, $first: Int) {
  addressSearch(text: $text, near: $near, first: $first) {
    understood { town community road doorNumber }
    candidates { score distanceMeters address { code } }
  }
}`;

/** Address search and matching through the gateway, on texts made from the tiny city's own addresses. */
describe.each(testBackends())('address matching through the gateway on %s', (backend) => {
  let federation: TestFederation;
  let rows: Row[];
  /** An address of a village whose road and door number occur nowhere else in the city. */
  let unique: Row;
  const door = (row: Row) => /^\d+/.exec(row.door_number)![0];

  const match = async (text: string, near?: { longitude: number; latitude: number }) => {
    const { status, body } = await federation.query(MATCH, { text, near });
    expect({ status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
    return body.data.addressMatch;
  };

  beforeAll(async () => {
    federation = await startTestFederation({ backend, subgraphs: ['address'] });
    rows = (
      await federation.system.subgraphs.address!.db.sql.query<Row>(
        'SELECT code, full_text, town, community, road, door_number, longitude, latitude FROM address ORDER BY code',
      )
    ).rows;
    const key = (r: Row) => `${r.road}|${door(r)}`;
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(key(r), (counts.get(key(r)) ?? 0) + 1);
    unique = rows.find((r) => r.community.endsWith('村') && counts.get(key(r)) === 1 && Number(door(r)) >= 11 && Number(door(r)) <= 19)!;
    expect(unique).toBeDefined();
  });
  afterAll(() => federation?.stop());

  describe('matches each way people write an address', () => {
    const forms: [string, (r: Row) => string][] = [
      ['the full standard text', (r) => r.full_text],
      ['without province and city', (r) => `${r.town}${r.community}${r.road}${door(r)}号`],
      ['without town and community', (r) => `${r.road}${door(r)}号`],
      ['with the town only', (r) => `${r.town}${r.road}${door(r)}号`],
      ['full-width digits', (r) => `${r.road}${toFullWidth(door(r))}号`],
      ['# for 号', (r) => `${r.community}${r.road}${door(r)}#`],
      ['a building with 栋', (r) => `${r.road}${door(r)}号3栋`],
      ['a building with 座', (r) => `${r.road}${door(r)}号3座`],
      ['a building with 幢', (r) => `${r.road}${door(r)}号3幢`],
      ['a building with 号楼', (r) => `${r.road}${door(r)}号3号楼`],
      ['a unit (单元) and a room (室)', (r) => `${r.road}${door(r)}号3栋2单元501室`],
      ['a room with 房', (r) => `${r.community}${r.road}${door(r)}号501房`],
      ['building-unit-room dashed', (r) => `${r.road}${door(r)}号3-2-501`],
      ['Chinese numerals with 十', (r) => `${r.road}${chineseNumber(Number(door(r)))}号三栋二单元五零一室`],
      ['the town and community without 镇 and 村', (r) => `${r.town.replace(/镇$/, '')}${r.community.replace(/村$/, '')}${r.road}${door(r)}号`],
      ['a village group (组)', (r) => `${r.community}3组${r.road}${door(r)}号`],
      ['a village group (第…村民小组)', (r) => `${r.town}${r.community}第三村民小组${r.road}${door(r)}号`],
      ['spaces and commas between the parts', (r) => `${r.town} ${r.community}，${r.road} ${door(r)}号`],
    ];
    it.each(forms)('%s', async (_, write) => {
      const result = await match(write(unique));
      expect({ status: result.status, code: result.address?.code }).toEqual({ status: 'MATCHED', code: unique.code });
      expect(result.understood.doorNumber).toBe(door(unique));
    });

    it('reads building, unit and room out of the text', async () => {
      const result = await match(`${unique.road}${door(unique)}号金沙花园三栋二单元五零一室`);
      expect(result.understood).toEqual(
        expect.objectContaining({ road: unique.road, doorNumber: door(unique), buildingName: '金沙花园', building: '3', unit: '2', room: '501' }),
      );
    });

    it('takes a swapped road suffix (街 for 路, 大道 for 街) as the same road', async () => {
      const roads = new Set(rows.map((r) => r.road));
      const swappable = rows.find(
        (r) => /[^一二东西南北中](路|街|大道)$/.test(r.road) && new Set(rows.filter((o) => o.road === r.road && door(o) === door(r))).size === 1,
      )!;
      const core = swappable.road.replace(/(路|街|大道)$/, '');
      const variant = ['路', '街', '大道'].map((s) => core + s).find((v) => !roads.has(v))!;
      const result = await match(`${swappable.community}${variant}${door(swappable)}号`);
      expect({ status: result.status, code: result.address?.code }).toEqual({ status: 'MATCHED', code: swappable.code });
      expect(result.candidates[0].approximate).toContain('ROAD');
    });
  });

  it('matches a road name with one character mistyped, when the community confirms it', async () => {
    const core = [...unique.road];
    const position = core.findIndex((c, i) => i < core.length - 1 && CONFUSIONS.has(c));
    const misspelt = [...core];
    misspelt[position] = CONFUSIONS.get(core[position]!)![0]!;
    const result = await match(`${unique.community}${misspelt.join('')}${door(unique)}号`);
    expect({ status: result.status, code: result.address?.code }).toEqual({ status: 'MATCHED', code: unique.code });
    expect(result.candidates[0].approximate).toEqual(['ROAD']);
    expect(result.candidates[0].agreed).toEqual(expect.arrayContaining(['COMMUNITY', 'DOOR_NUMBER']));
  });

  it('matches a mistyped community name', async () => {
    const communityCore = unique.community.replace(/村$/, '');
    const position = [...communityCore].findIndex((c) => CONFUSIONS.has(c));
    const misspelt = [...communityCore];
    misspelt[position] = CONFUSIONS.get(misspelt[position]!)![0]!;
    const result = await match(`${misspelt.join('')}村${unique.road}${door(unique)}号`);
    expect({ status: result.status, code: result.address?.code }).toEqual({ status: 'MATCHED', code: unique.code });
  });

  /** A community with a door number on more than one of its roads. */
  const sharedDoor = () => {
    const groups = new Map<string, Row[]>();
    for (const r of rows) groups.set(`${r.community}|${door(r)}`, [...(groups.get(`${r.community}|${door(r)}`) ?? []), r]);
    return [...groups.values()].find((g) => g.length >= 2)!;
  };

  it('offers the candidates to choose from when the text fits several addresses', async () => {
    const shared = sharedDoor();
    const result = await match(`${shared[0]!.community}${door(shared[0]!)}号`);
    expect(result.status).toBe('AMBIGUOUS');
    expect(result.address).toBeNull();
    expect(result.candidates.map((c: { address: { code: string } }) => c.address.code).sort()).toEqual(shared.map((r) => r.code).sort());
  });

  it('ranks by distance from `near` when coordinates are known', async () => {
    const shared = sharedDoor();
    for (const target of shared) {
      const { body } = await federation.query(SEARCH, {
        text: `${target.community}${door(target)}号`,
        near: { longitude: target.longitude, latitude: target.latitude },
      });
      expect(body.errors).toBeUndefined();
      const candidates = body.data.addressSearch.candidates;
      expect(candidates[0].address.code).toBe(target.code);
      expect(candidates[0].distanceMeters).toBe(0);
      const distances = candidates.map((c: { distanceMeters: number }) => c.distanceMeters);
      expect(distances).toEqual([...distances].sort((a, b) => a - b));
    }
  });

  it.each([
    [
      'a door number the road does not have',
      (rows: Row[]) =>
        `${rows[0]!.town}${rows[0]!.community}${rows[0]!.road}${Math.max(...rows.filter((r) => r.road === rows[0]!.road).map((r) => Number(/^\d+/.exec(r.door_number)![0]))) + 50}号`,
    ],
    ['an address in another province', () => '湖南省衡阳市衡南县城关镇红旗村3组12号'],
    ['text that is no address', () => 'hello world'],
  ])('answers UNMATCHED for %s', async (_, write) => {
    const result = await match(write(rows));
    expect({ status: result.status, address: result.address, candidates: result.candidates }).toEqual({ status: 'UNMATCHED', address: null, candidates: [] });
  });

  it('searches returning ranked candidates with scores, at most `first`', async () => {
    const { body } = await federation.query(SEARCH, { text: unique.road, first: 3 });
    expect(body.errors).toBeUndefined();
    const { understood, candidates } = body.data.addressSearch;
    expect(understood.road).toBe(unique.road);
    expect(candidates).toHaveLength(Math.min(3, rows.filter((r) => r.road === unique.road).length));
    for (const c of candidates) expect(c.score).toBeGreaterThan(0);
  });

  it('considers only addresses in the caller’s jurisdiction', async () => {
    const elsewhere = rows.find((r) => r.community !== unique.community)!;
    const community = elsewhere.code.slice(0, 12);
    const { body } = await federation.queryAs({ department: 'civil-affairs', user: 'ca-community', level: 'community', jurisdiction: [community] }, MATCH, {
      text: unique.full_text,
    });
    expect(body.errors).toBeUndefined();
    expect(body.data.addressMatch).toEqual(expect.objectContaining({ status: 'UNMATCHED', address: null, candidates: [] }));
  });

  it('matches many texts in one request (addressMatchMany) as addressMatch does each, in their order, within the jurisdiction', async () => {
    const MANY = `query ($texts: [String!]!) { addressMatchMany(texts: $texts) { status address { code } candidates { address { code } } } }`;
    const shared = sharedDoor();
    const texts = [unique.full_text, `${shared[0]!.community}${door(shared[0]!)}号`, 'hello world', unique.full_text, rows[1]!.full_text];
    const { body } = await federation.query(MANY, { texts });
    expect(body.errors).toBeUndefined();
    const one = async (text: string) => {
      const m = await match(text);
      return {
        status: m.status,
        address: m.address,
        candidates: m.candidates.map((c: { address: { code: string } }) => ({ address: { code: c.address.code } })),
      };
    };
    expect(body.data.addressMatchMany).toEqual(await Promise.all(texts.map(one)));
    expect(body.data.addressMatchMany.map((m: { status: string }) => m.status)).toEqual(['MATCHED', 'AMBIGUOUS', 'UNMATCHED', 'MATCHED', 'MATCHED']);

    const elsewhere = rows.find((r) => r.community !== unique.community)!;
    const outside = await federation.queryAs(
      { department: 'civil-affairs', user: 'ca-community', level: 'community', jurisdiction: [elsewhere.code.slice(0, 12)] },
      MANY,
      { texts: [unique.full_text, elsewhere.full_text] },
    );
    expect(outside.body.errors).toBeUndefined();
    expect(outside.body.data.addressMatchMany.map((m: { status: string; address: { code: string } | null }) => [m.status, m.address?.code ?? null])).toEqual([
      ['UNMATCHED', null],
      ['MATCHED', elsewhere.code],
    ]);

    for (const [texts, field, message] of [
      [Array(501).fill('人民路12号'), 'texts', /at most 500/],
      [['人民路12号', ''], 'texts.1', /texts.1 must not be empty/],
    ] as const) {
      const refused = await federation.query(MANY, { texts });
      expect(refused.body.data ?? null).toBeNull();
      expect(refused.body.errors?.[0]).toEqual(
        expect.objectContaining({ message: expect.stringMatching(message), extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field }) }),
      );
    }
  });

  it.each([
    ['empty text', { text: '' }, 'text', /text must not be empty/],
    ['blank text', { text: '   ' }, 'text', /text must not be empty/],
    ['over-long text', { text: '人'.repeat(201) }, 'text', /text is 201 characters; at most 200/],
    ['a NUL character', { text: '人民路\u000012号' }, 'text', /control characters \(U\+0000, NUL\)/],
    [
      'a longitude out of range',
      { text: '人民路12号', near: { longitude: 200, latitude: 22 } },
      'near.longitude',
      /near.longitude must be between -180 and 180, got 200/,
    ],
    [
      'a latitude out of range',
      { text: '人民路12号', near: { longitude: 113, latitude: -91 } },
      'near.latitude',
      /near.latitude must be between -90 and 90, got -91/,
    ],
    ['first of 0', { text: '人民路12号', first: 0 }, 'first', /first must be between 1 and 50, got 0/],
    ['first over 50', { text: '人民路12号', first: 51 }, 'first', /first must be between 1 and 50, got 51/],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_, variables, field, message) => {
    for (const query of 'first' in variables ? [SEARCH] : [SEARCH, MATCH]) {
      const { body } = await federation.query(query, variables);
      expect(body.data ?? null).toBeNull();
      expect(body.errors?.[0]).toEqual(
        expect.objectContaining({ message: expect.stringMatching(message), extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field }) }),
      );
    }
  });
  it('is audited like every read: who asked, which operation, the text only by its length and keyed digest', async () => {
    const { body, headers } = await federation.queryAs({ department: 'hotline-12345', user: 'operator-7' }, MATCH, { text: unique.full_text });
    expect(body.errors).toBeUndefined();
    // Filed under the gateway's own request id.
    const { rows } = await federation.system.audit!.sql.query<Record<string, any>>('SELECT * FROM audit_record WHERE request_id = $1', [
      headers.get('x-request-id'),
    ]);
    expect(rows[0]).toEqual(
      expect.objectContaining({ department: 'hotline-12345', user_id: 'operator-7', operation_type: 'query', outcome: 'OK', http_status: 200 }),
    );
    // A typed address may be someone's home: the trail keeps that a text was sent, not the text.
    expect(rows[0]!.variables).toEqual({ text: expect.stringMatching(new RegExp(`^\\[text:${[...unique.full_text].length}:[0-9a-f]{32}\\]$`)) });
    expect(JSON.stringify(rows[0])).not.toContain(unique.full_text);
  });

  // Last, because it changes the table: the index follows the owner's table whoever writes it.
  it('follows the address table: a new, changed or removed address is found as it now is', async () => {
    const sql = federation.system.subgraphs.address!.db.sql;
    const code = `${unique.code.slice(0, 15)}9999`;
    const newRoad = '望海新路';
    const door = '777';
    const text = `${unique.community}${newRoad}${door}号`;
    expect((await match(text)).status).toBe('UNMATCHED');

    await sql.query(
      `INSERT INTO address (code, province, city, district, town, community, road, door_number, full_text, longitude, latitude, grid_code)
       SELECT $1, province, city, district, town, community, $2, $3, province || city || town || community || $2 || $3, longitude, latitude, grid_code
       FROM address WHERE code = $4`,
      [code, newRoad, `${door}号`, unique.code],
    );
    expect(await match(text)).toEqual(expect.objectContaining({ status: 'MATCHED', address: { code } }));

    await sql.query(`UPDATE address SET door_number = '778号' WHERE code = $1`, [code]);
    expect((await match(text)).status).toBe('UNMATCHED');
    expect((await match(`${unique.community}${newRoad}778号`)).address).toEqual({ code });

    await sql.query('DELETE FROM address WHERE code = $1', [code]);
    expect((await match(`${unique.community}${newRoad}778号`)).status).toBe('UNMATCHED');
  });
});
