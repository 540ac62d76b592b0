import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { seedCity } from '../../runner/system/seed';
import { openDatabase, SubgraphDatabase } from '../../platform/database/open-database';
import { assess, rank } from '../../subgraphs/events/src/assessment/assess';
import { cohortRows, periodOfMonth } from '../../subgraphs/events/src/assessment/cohorts';
import { eventsDomain } from '../../subgraphs/events/src/domain';
import { countEvents } from '../../subgraphs/events/src/lists/event-pages';
import { createEventsPrisma, EventsPrisma } from '../../subgraphs/events/src/prisma';
import { SupervisionSweep } from '../../subgraphs/events/src/supervision/sweep';
import { lightAt } from '../../subgraphs/events/src/workflow/deadlines';
import { addWorkingDays, DAY_MS } from '../../subgraphs/kit/src/calendar/working-calendar';
import { testBackends } from '../helpers/federation';
import { cst } from '../helpers/events';

/**
 * The seeded events are dated from the instant the city is seeded (the CLI passes the real time; here
 * an injected one, so nothing depends on today): reports over the four months before it, histories
 * played up to it, the supervision the rules raised on the way. Whatever the day, a fresh city shows
 * GREEN, YELLOW and RED events and rankings for the months just past.
 */
describe.each(testBackends())('a city seeded at an injected instant, on %s', (backend) => {
  // A Wednesday in a year holidays.yaml does not list, and a Sunday in the National Day holiday.
  describe.each([['2031-03-12T10:00'], ['2026-10-04T08:00']])('seeded at %s', (at) => {
    const seededAt = cst(at);
    const domain = eventsDomain();
    let db: SubgraphDatabase<EventsPrisma>;
    let database: string | undefined;
    beforeAll(async () => {
      const serverUrl = process.env.GRIDSHARE_TEST_POSTGRES_URL;
      database = backend === 'postgres' ? `gridshare_events_seed_${randomBytes(4).toString('hex')}` : undefined;
      db = await openDatabase({
        subgraph: 'events',
        location: backend === 'postgres' ? { kind: 'postgres', serverUrl: serverUrl!, database } : { kind: 'pglite' },
        createPrisma: createEventsPrisma,
      });
      await seedCity({ events: db.sql }, { scale: 'tiny', seed: 7, seededAt });
    });
    afterAll(async () => {
      await db?.close();
      if (database) {
        const pool = new Pool({ connectionString: process.env.GRIDSHARE_TEST_POSTGRES_URL, max: 1 });
        await pool.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).finally(() => pool.end());
      }
    });

    it('reports over the four months up to the seeding instant and never after it', async () => {
      const { _min, _max } = await db.prisma.event.aggregate({ _min: { reportedAt: true }, _max: { reportedAt: true, updatedAt: true } });
      expect(_max.reportedAt!.getTime()).toBeLessThan(seededAt.getTime());
      expect(_max.updatedAt!.getTime()).toBeLessThanOrEqual(seededAt.getTime());
      expect(_min.reportedAt!.getTime()).toBeGreaterThan(seededAt.getTime() - 123 * DAY_MS);
      expect(seededAt.getTime() - _max.reportedAt!.getTime()).toBeLessThan(4 * DAY_MS);
      const supervision = await db.prisma.eventSupervision.aggregate({ _max: { raisedAt: true }, _count: true });
      expect(supervision._count).toBeGreaterThan(0);
      expect(supervision._max.raisedAt!.getTime()).toBeLessThanOrEqual(seededAt.getTime());
    });

    it('shows GREEN, YELLOW and RED events at the seeding instant, in SQL as computed', async () => {
      const rows = await db.prisma.event.findMany();
      for (const light of ['GREEN', 'YELLOW', 'RED'] as const) {
        const computed = rows.filter((row) => lightAt(row, seededAt) === light).length;
        expect(computed).toBeGreaterThan(0);
        expect(await countEvents(db.prisma, { light }, seededAt)).toBe(computed);
      }
    });

    it('ranks departments for the month before the seeding month', async () => {
      const [year, month] = at.slice(0, 7).split('-').map(Number) as [number, number];
      const previous = month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
      const period = periodOfMonth(previous);
      const ranking = rank(assess(await cohortRows(db.prisma, 'DEPARTMENT', period), seededAt, domain.calendar), seededAt >= period.end);
      expect(ranking.length).toBeGreaterThan(1);
      expect(ranking.some((entry) => entry.flagged)).toBe(true);
    });

    it('leaves the sweep nothing at the seeding instant, and the rules their instants after it', async () => {
      expect(await new SupervisionSweep({ prisma: db.prisma, domain, now: () => seededAt }).run()).toMatchObject({ supervisions: 0, alerts: 0 });
      const later = addWorkingDays(domain.calendar, seededAt, 3);
      const result = await new SupervisionSweep({ prisma: db.prisma, domain, now: () => later }).run();
      expect(result.supervisions + result.alerts).toBeGreaterThan(0);
      expect(await new SupervisionSweep({ prisma: db.prisma, domain, now: () => later }).run()).toMatchObject({ supervisions: 0, alerts: 0 });
    });
  });
});
