import { startTestFederation, TestFederation } from '../helpers/federation';

describe('population aggregates instead of rows', () => {
  let federation: TestFederation;
  beforeAll(async () => {
    federation = await startTestFederation();
  });
  afterAll(() => federation?.stop());

  it('reports every count of a grid truthfully, and counts below 5 only as suppressed', async () => {
    const sql = federation.system.subgraphs.population!.db.sql;
    const grid = (await sql.query<{ grid_code: string }>('SELECT grid_code FROM person ORDER BY grid_code LIMIT 1')).rows[0].grid_code;
    const { body } = await federation.queryAs(
      { department: 'education' },
      `query ($g: ID!) { grid(code: $g) { populationStats { total { key count suppressed } bySex { key count suppressed } byTag { key count suppressed } } } }`,
      { g: grid },
    );
    expect(body.errors).toBeUndefined();
    const stats = body.data.grid.populationStats;
    const truth = async (where: string) =>
      (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM person WHERE grid_code = $1 AND ${where}`, [grid])).rows[0].n;
    const buckets = [
      [stats.total, await truth('true')],
      ...(await Promise.all(stats.bySex.map(async (b: any) => [b, await truth(`gender = '${b.key}'`)]))),
      ...(await Promise.all(stats.byTag.map(async (b: any) => [b, await truth(`'${b.key}' = ANY(tags)`)]))),
    ] as [{ count: number | null; suppressed: boolean }, number][];
    let suppressed = 0;
    for (const [bucket, count] of buckets) {
      if (count < 5) {
        expect(bucket).toEqual(expect.objectContaining({ count: null, suppressed: true }));
        suppressed++;
      } else {
        expect(bucket).toEqual(expect.objectContaining({ count, suppressed: false }));
      }
    }
    // A base grid of the tiny city has small cells: the suppression was really exercised.
    expect(suppressed).toBeGreaterThan(0);
  });

  it('refuses the aggregates of a grid outside a community-level caller\'s jurisdiction', async () => {
    const communities = (await federation.system.subgraphs.address!.db.sql.query<{ code: string }>(
      `SELECT code FROM grid WHERE level = 'COMMUNITY' ORDER BY code LIMIT 2`,
    )).rows.map((r) => r.code);
    const { body } = await federation.queryAs(
      { department: 'education', level: 'community', jurisdiction: [communities[0]] },
      `query ($mine: ID!, $other: ID!) {
        mine: grid(code: $mine) { code populationStats { total { suppressed } } }
        other: grid(code: $other) { code populationStats { total { count } } }
      }`,
      { mine: communities[0], other: communities[1] },
    );
    expect(body.data.mine).toEqual({ code: communities[0], populationStats: { total: { suppressed: false } } });
    expect(body.data.other).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0].path).toEqual(['other']);
    expect(body.errors?.[0].extensions).toEqual(expect.objectContaining({ code: 'FORBIDDEN', reason: 'OUT_OF_JURISDICTION' }));
  });
});
