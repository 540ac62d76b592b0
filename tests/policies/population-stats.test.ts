import { startTestFederation, TestFederation } from '../helpers/federation';

describe('population aggregates instead of rows', () => {
  let federation: TestFederation;
  beforeAll(async () => {
    federation = await startTestFederation();
  });
  afterAll(() => federation?.stop());

  it('reports every count of a grid rounded to base 5, within 4 of the truth, to departments that read aggregates; exactly to the owner', async () => {
    const sql = federation.system.subgraphs.population!.db.sql;
    const grid = (await sql.query<{ grid_code: string }>('SELECT grid_code FROM person ORDER BY grid_code LIMIT 1')).rows[0].grid_code;
    const query = `query ($g: ID!) { grid(code: $g) { populationCount populationStats { roundingBase total { key count suppressed } bySex { key count suppressed } byTag { key count suppressed } } } }`;
    const truth = async (where: string) =>
      (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM person WHERE grid_code = $1 AND ${where}`, [grid])).rows[0].n;
    const bucketsOf = async (department: string) => {
      const { body } = await federation.queryAs({ department }, query, { g: grid });
      expect(body.errors).toBeUndefined();
      const stats = body.data.grid.populationStats;
      expect(body.data.grid.populationCount).toBe(stats.total.count);
      const buckets = [
        [stats.total, await truth('true')],
        ...(await Promise.all(stats.bySex.map(async (b: any) => [b, await truth(`gender = '${b.key}'`)]))),
        ...(await Promise.all(stats.byTag.map(async (b: any) => [b, await truth(`'${b.key}' = ANY(tags)`)]))),
      ] as [{ count: number; suppressed: boolean }, number][];
      return { base: stats.roundingBase, buckets };
    };
    const education = await bucketsOf('education');
    expect(education.base).toBe(5);
    let moved = 0;
    for (const [bucket, count] of education.buckets) {
      expect(bucket.suppressed).toBe(false);
      expect(bucket.count % 5).toBe(0);
      expect(Math.abs(bucket.count - count)).toBeLessThan(5);
      if (bucket.count !== count) moved++;
    }
    // A base grid of the tiny city has counts that are not multiples of 5: the rounding was really exercised.
    expect(moved).toBeGreaterThan(0);
    const owner = await bucketsOf('public-security');
    expect(owner.base).toBe(1);
    for (const [bucket, count] of owner.buckets) expect(bucket.count).toBe(count);
  });

  it("refuses the aggregates of a grid outside a community-level caller's jurisdiction", async () => {
    const communities = (
      await federation.system.subgraphs.address!.db.sql.query<{ code: string }>(`SELECT code FROM grid WHERE level = 'COMMUNITY' ORDER BY code LIMIT 2`)
    ).rows.map((r) => r.code);
    const { body } = await federation.queryAs(
      { department: 'education', level: 'community', jurisdiction: [communities[0]] },
      `query ($mine: ID!, $other: ID!) {
        mine: grid(code: $mine) { code populationStats { roundingBase } }
        other: grid(code: $other) { code populationStats { total { count } } }
      }`,
      { mine: communities[0], other: communities[1] },
    );
    expect(body.data.mine).toEqual({ code: communities[0], populationStats: { roundingBase: 5 } });
    expect(body.data.other).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0].path).toEqual(['other']);
    expect(body.errors?.[0].extensions).toEqual(expect.objectContaining({ code: 'FORBIDDEN', reason: 'OUT_OF_JURISDICTION' }));
  });
});
