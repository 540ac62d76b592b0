import { eventRowFromSql, EVENT_ROW_COLUMNS } from '../../subgraphs/events/src/lists/event-rows';
import type { EventsPrisma } from '../../subgraphs/events/src/prisma';
import { testBackends } from '../helpers/federation';
import { startTestSubgraph, TestSubgraph } from '../helpers/subgraph';

describe.each(testBackends())("event rows read by the lists' own SQL on %s", (backend) => {
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    // An injected clock keeps the supervision sweep from changing rows between the two reads.
    subgraph = await startTestSubgraph('events', { backend, now: () => new Date('2026-07-01T04:00:00Z') });
  });
  afterAll(() => subgraph?.stop());

  it('are the rows Prisma reads, field for field and type for type, for every seeded event', async () => {
    const prisma = (subgraph.db as unknown as { prisma: EventsPrisma }).prisma;
    const raw = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT ${EVENT_ROW_COLUMNS} FROM "event" e ORDER BY e.id`);
    const mapped = raw.map(eventRowFromSql);
    const expected = await prisma.event.findMany({ orderBy: { id: 'asc' } });
    expect(mapped.length).toBeGreaterThan(20);
    expect(mapped.length).toBe(expected.length);
    expect(Object.keys(mapped[0]!).sort()).toEqual(Object.keys(expected[0]!).sort());
    expect(mapped).toStrictEqual(expected);
  });
});
