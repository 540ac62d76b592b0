import { counterTotal } from '../../platform/metrics';
import type { SubgraphName } from '../../platform/services';
import { startTestFederation, testBackends, TestFederation } from '../helpers/federation';

const DEEP_LIST = `query ($grid: ID!) {
  persons(gridCode: $grid, first: 50) {
    edges { node {
      name
      residence { building { address { grid { parent { name } } } } }
      employer { name }
    } }
  }
}`;

describe.each(testBackends())('no N+1 on %s', (backend) => {
  let federation: TestFederation;
  beforeAll(async () => {
    federation = await startTestFederation({ backend });
  });
  afterAll(() => federation?.stop());

  async function statementsBySubgraph(): Promise<Record<SubgraphName, number>> {
    const entries = await Promise.all(
      Object.values(federation.system.subgraphs).map(async (s) => [s!.name, await counterTotal(s!.metrics.sqlStatements)] as const),
    );
    return Object.fromEntries(entries) as Record<SubgraphName, number>;
  }

  it('lists 50 persons with their residence chain and employer in a bounded number of statements', async () => {
    const before = await statementsBySubgraph();
    const { body } = await federation.query(DEEP_LIST, { grid: '449900' });
    const after = await statementsBySubgraph();
    expect(body.errors).toBeUndefined();
    const nodes = body.data.persons.edges.map((e: { node: unknown }) => e.node);
    expect(nodes).toHaveLength(50);
    // The rows really are joined, otherwise a low count would prove nothing.
    const withChain = nodes.filter((n: any) => n.residence?.building?.address?.grid?.parent?.name);
    expect(withChain.length).toBeGreaterThan(40);
    expect(nodes.filter((n: any) => n.employer?.name).length).toBeGreaterThan(5);

    const used = Object.fromEntries(Object.keys(after).map((k) => [k, after[k as SubgraphName] - before[k as SubgraphName]]));
    // One statement per (subgraph, entity type) fetched: persons; houses, buildings; addresses, grids,
    // parent grids; legal entities. Prisma may add none; N+1 would cost 50 or more.
    // The other subgraphs are not asked at all (the audit trail's own writes are not Prisma's).
    expect(used).toEqual({ population: 1, housing: 2, address: 3, 'legal-entities': 1, events: 0, audit: 0 });
  });

  it("lists events in one statement per hop: the page, and the grids' events across every grid", async () => {
    let before = await statementsBySubgraph();
    const list = await federation.query(`{ events(first: 20) { edges { node { id title status channel reportedAt } } } }`);
    let after = await statementsBySubgraph();
    expect(list.body.errors).toBeUndefined();
    expect(list.body.data.events.edges.length).toBeGreaterThan(10);
    // The page's rows come with the statement that finds them; ids first and rows by id after cost 2.
    expect(after.events - before.events).toBe(1);

    before = await statementsBySubgraph();
    const scoped = await federation.query(
      `{ grid(code: "449900") { children { children { children { code events(first: 3) { edges { node { id title } } } } } } } }`,
    );
    after = await statementsBySubgraph();
    expect(scoped.body.errors).toBeUndefined();
    // Every base grid of the city, each with its own page of events: one LATERAL statement for all.
    const grids = scoped.body.data.grid.children.flatMap((town: any) => town.children).flatMap((community: any) => community.children);
    expect(grids.length).toBeGreaterThan(3);
    expect(grids.filter((g: any) => g.events.edges.length > 0).length).toBeGreaterThan(3);
    expect(after.events - before.events).toBe(1);
  });

  it("serves each subgraph's statement counter on the process's metrics listener in Prometheus format", async () => {
    const text = await (await fetch(federation.system.metricsUrl)).text();
    expect(text).toMatch(/# TYPE gridshare_sql_statements_total counter/);
    expect(text).toMatch(/gridshare_sql_statements_total\{[^}]*subgraph="population"[^}]*\} [1-9]/);
  });
});
