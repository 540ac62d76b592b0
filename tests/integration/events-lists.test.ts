import { counterTotal } from '../../platform/metrics';
import { testBackends } from '../helpers/federation';
import { as, useEventsCity } from '../helpers/events';

/**
 * Lists over the seeded events (every state, March to June 2026): the SQL light filters agree with
 * each event's computed light, work lists page in deadline order, contributed fields batch, and
 * rows outside a caller's jurisdiction never appear.
 */
describe.each(testBackends())('event lists on %s', (backend) => {
  // The seed's "now" is 30 June 2026 18:00; look a few working days later, when more is overdue.
  const city = useEventsCity('2026-07-02T10:00', backend);

  const query = (q: string, variables?: Record<string, unknown>) => city.federation.queryAs(as.dispatcher(), q, variables);

  it('seeds every state of the loop', async () => {
    const statuses = ['REPORTED', 'REGISTERED', 'REJECTED', 'DISPATCHED', 'ACCEPTED', 'EXTENSION_REQUESTED', 'RETURNED', 'HANDLED', 'CLOSED', 'EVALUATED'];
    const { body } = await query(`{ ${statuses.map((s) => `${s}: events(filter: { status: [${s}] }) { totalCount }`).join(' ')} }`);
    for (const status of statuses) expect(body.data[status].totalCount).toBeGreaterThan(0);
  });

  it.each(['2026-06-30T18:00', '2026-07-02T10:00', '2026-07-20T10:00'])('filters lights in SQL exactly as it computes them (at %s)', async (at) => {
    city.clock.set(at);
    const all = await query(`{ events(first: 500) { totalCount edges { node { id light } } } }`);
    const nodes: { id: string; light: string | null }[] = all.body.data.events.edges.map((e: any) => e.node);
    expect(nodes.length).toBe(all.body.data.events.totalCount);
    // One list per request: together they would exceed the gateway's operation cost limit.
    const list = async (field: string) => {
      const { body } = await query(`{ list: ${field} { edges { node { id light status } } } }`);
      expect(body.errors).toBeUndefined();
      return body.data.list.edges.map((e: any) => e.node) as { id: string; light: string; status: string }[];
    };
    for (const light of ['RED', 'YELLOW', 'GREEN']) {
      const expected = nodes
        .filter((n) => n.light === light)
        .map((n) => n.id)
        .sort();
      expect((await list(`events(filter: { light: ${light} }, first: 500)`)).map((n) => n.id).sort()).toEqual(expected);
    }
    for (const node of await list('overdueEvents(first: 500)')) {
      expect(node.light).toBe('RED');
      expect(['DISPATCHED', 'ACCEPTED', 'EXTENSION_REQUESTED']).toContain(node.status);
    }
    for (const node of await list('dueSoonEvents(first: 500)')) expect(node.light).toBe('YELLOW');
    city.clock.set('2026-07-02T10:00');
  });

  it('pages the overdue list by deadline without skipping or repeating', async () => {
    city.clock.set('2026-07-20T10:00');
    const seen: { id: string; handleDeadline: string }[] = [];
    let after: string | undefined;
    let total = 0;
    for (let i = 0; i < 100; i++) {
      const { body } = await query(
        `query ($after: String) { overdueEvents(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id handleDeadline } } } }`,
        { after },
      );
      total = body.data.overdueEvents.totalCount;
      seen.push(...body.data.overdueEvents.edges.map((e: any) => e.node));
      if (!body.data.overdueEvents.pageInfo.hasNextPage) break;
      after = body.data.overdueEvents.pageInfo.endCursor;
    }
    expect(total).toBeGreaterThan(2);
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((s) => s.id)).size).toBe(total);
    const deadlines = seen.map((s) => s.handleDeadline);
    expect([...deadlines].sort()).toEqual(deadlines);
    city.clock.set('2026-07-02T10:00');
  });

  it('answers Grid.events for every grid of a town with a bounded number of statements', async () => {
    const events = city.federation.system.subgraphs.events!;
    const before = await counterTotal(events.metrics.sqlStatements);
    const { body } = await query(
      `query ($town: ID!) { grid(code: $town) {
        events(first: 1) { totalCount }
        children { children { code events(first: 3, status: [EVALUATED, CLOSED]) { totalCount edges { node { id status grid { code } category { name } } } } } }
      } }`,
      { town: city.base.townCode },
    );
    const used = (await counterTotal(events.metrics.sqlStatements)) - before;
    expect(body.errors).toBeUndefined();
    const grids = body.data.grid.children.flatMap((c: any) => c.children);
    expect(grids.length).toBeGreaterThan(2);
    let listed = 0;
    for (const grid of grids) {
      for (const edge of grid.events.edges) {
        expect(edge.node.grid.code).toBe(grid.code);
        expect(['EVALUATED', 'CLOSED']).toContain(edge.node.status);
        listed++;
      }
    }
    expect(listed).toBeGreaterThan(grids.length);
    const closedInTown = await query(`query ($town: ID!) { events(filter: { gridCode: $town, status: [CLOSED, EVALUATED] }) { totalCount } }`, {
      town: city.base.townCode,
    });
    expect(grids.reduce((sum: number, g: any) => sum + g.events.totalCount, 0)).toBe(closedInTown.body.data.events.totalCount);
    // Town: page, rows, count. Grids: page, rows, count. N+1 would be one per grid and more.
    expect(used).toBeLessThanOrEqual(6);
  });

  it('shows a town-level department only its own town', async () => {
    const elsewhere = { department: 'urban-management', user: 'um-town-2', role: 'handler', level: 'town' as const, jurisdiction: ['449900102000'] };
    const { body } = await city.federation.queryAs(elsewhere, `{ events { totalCount } overdueEvents { totalCount } }`);
    expect(body.data).toEqual({ events: { totalCount: 0 }, overdueEvents: { totalCount: 0 } });
    const [{ id }] = (await city.federation.system.subgraphs.events!.db.sql.query<{ id: string }>(`SELECT id FROM event LIMIT 1`)).rows;
    const direct = await city.federation.queryAs(elsewhere, `query ($id: ID!) { event(id: $id) { id } }`, { id });
    expect(direct.body.data.event).toBeNull();
    expect(direct.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUT_OF_JURISDICTION' });
    const home = { ...elsewhere, jurisdiction: [city.base.townCode] };
    expect((await city.federation.queryAs(home, `{ events { totalCount } }`)).body.data.events.totalCount).toBeGreaterThan(0);
  });

  it('refuses unknown filter values and foreign cursors', async () => {
    const bad = await query(`{
      a: events(filter: { department: "fire-brigade" }) { totalCount }
    }`);
    expect(bad.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^department must be one of public-security, .*, got "fire-brigade"$/),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const category = await query(`{ events(filter: { categoryCode: "fire.dragon" }) { totalCount } }`);
    expect(category.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const cursor = await query(`{ overdueEvents(after: "Z3MxOlAwMDAwMDAwMDE") { totalCount } }`);
    expect(cursor.body.errors?.[0]?.message).toBe('after is not a cursor of this list');
    const catalogue = await query(`{ eventCategories { code managingDepartment enforcingDepartment handleWorkingDays } }`);
    expect(catalogue.body.data.eventCategories.length).toBeGreaterThanOrEqual(40);
  });
});
