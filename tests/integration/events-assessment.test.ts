import { testBackends } from '../helpers/federation';
import { as, newKey, step, useEventsCity } from '../helpers/events';

/**
 * Rankings through the gateway against a hand-computed fixture: four events driven through the
 * workflow in November 2026 (no holidays; the seed's events lie in March-June, outside the month).
 *
 *  E1 fire.illegal-wiring      fire-rescue: dispatched Mon 2 Nov 10:00, handled Wed 4 Nov 10:00
 *                              (2 working days, on time), closed, rated 5.
 *  E2 road.pothole             urban-management: dispatched Mon 2 Nov 10:00, handled Tue 10 Nov
 *                              10:00 (6 working days; the limit of 5 ended Mon 9 Nov 10:00: late),
 *                              closed, rated 3.
 *  E3 sanitation.garbage-...   urban-management returns it (Tue 3 Nov 10:30); housing gets it at
 *                              11:00, handles it at 17:00 (0.25 day, on time), closed, unrated.
 *  E4 road.streetlight         urban-management: dispatched Wed 4 Nov 10:00, accepted, still open
 *                              when assessed (limit 3 ended Mon 9 Nov 10:00: overdue).
 * Assessed on Mon 16 Nov 12:00.
 */
describe.each(testBackends())('event assessment on %s', (backend) => {
  const city = useEventsCity('2026-11-02T09:00', backend);

  async function dispatched(categoryCode: string, at: string): Promise<string> {
    city.clock.set(at);
    const worker = as.gridWorker(city.base.gridCode);
    const event = await step(city.federation, worker, 'reportEvent', {
      idempotencyKey: newKey('assess'),
      categoryCode,
      description: '考核样例',
      gridCode: city.base.gridCode,
    });
    await step(city.federation, as.dispatcher(), 'registerEvent', { id: event.id, expectedVersion: 1 });
    await step(city.federation, as.dispatcher(), 'dispatchEvent', { id: event.id, expectedVersion: 2 });
    return event.id;
  }

  async function finish(id: string, department: string, version: number, handledAt: string, satisfaction?: number): Promise<void> {
    await step(city.federation, as.handler(department), 'acceptEvent', { id, expectedVersion: version });
    city.clock.set(handledAt);
    await step(city.federation, as.handler(department), 'submitHandling', { id, expectedVersion: version + 1, result: '已处置' });
    await step(city.federation, as.gridWorker(city.base.gridCode), 'verifyEvent', { id, expectedVersion: version + 2, passed: true });
    if (satisfaction) await step(city.federation, as.gridWorker(city.base.gridCode), 'evaluateEvent', { id, expectedVersion: version + 3, satisfaction });
  }

  beforeAll(async () => {
    const e1 = await dispatched('fire.illegal-wiring', '2026-11-02T10:00');
    const e2 = await dispatched('road.pothole', '2026-11-02T10:00');
    await finish(e1, 'fire-rescue', 3, '2026-11-04T10:00', 5);
    await finish(e2, 'urban-management', 3, '2026-11-10T10:00', 3);

    const e3 = await dispatched('sanitation.garbage-overflow', '2026-11-03T10:00');
    city.clock.set('2026-11-03T10:30');
    await step(city.federation, as.handler('urban-management'), 'returnEvent', { id: e3, expectedVersion: 3, reason: '小区内部，物业负责' });
    city.clock.set('2026-11-03T11:00');
    await step(city.federation, as.dispatcher(), 'dispatchEvent', { id: e3, expectedVersion: 4 });
    await finish(e3, 'housing', 5, '2026-11-03T17:00');

    const e4 = await dispatched('road.streetlight', '2026-11-04T10:00');
    await step(city.federation, as.handler('urban-management'), 'acceptEvent', { id: e4, expectedVersion: 3 });
    city.clock.set('2026-11-16T12:00');
  });

  const FIELDS = 'unit received closed closureRate onTime onTimeRate overdue averageHandlingWorkingDays returns evaluated averageSatisfaction';

  it('ranks departments for the month as computed by hand, flagging the bottom only once the month is over', async () => {
    const ranking = async () =>
      (
        await city.federation.queryAs(
          as.dispatcher(),
          `{ eventRanking(month: "2026-11", groupBy: DEPARTMENT) { rank score flagged assessment { ${FIELDS} } } }`,
        )
      ).body;
    expect((await ranking()).data.eventRanking.map((e: { flagged: boolean }) => e.flagged)).toEqual([false, false, false]);
    city.clock.set('2026-12-01T00:00');
    const body = await ranking();
    city.clock.set('2026-11-16T12:00');
    expect(body.errors).toBeUndefined();
    expect(body.data.eventRanking).toEqual([
      {
        rank: 1,
        score: 100,
        flagged: false,
        assessment: {
          unit: 'fire-rescue',
          received: 1,
          closed: 1,
          closureRate: 1,
          onTime: 1,
          onTimeRate: 1,
          overdue: 0,
          averageHandlingWorkingDays: 2,
          returns: 0,
          evaluated: 1,
          averageSatisfaction: 5,
        },
      },
      {
        // 40 + 40 + 20 × 0.5 (unrated)
        rank: 2,
        score: 90,
        flagged: true,
        assessment: {
          unit: 'housing',
          received: 1,
          closed: 1,
          closureRate: 1,
          onTime: 1,
          onTimeRate: 1,
          overdue: 0,
          averageHandlingWorkingDays: 0.25,
          returns: 0,
          evaluated: 0,
          averageSatisfaction: null,
        },
      },
      {
        // 40 × 1/3 + 40 × 0/3 + 20 × (3 − 1) / 4 = 13.33 + 10
        rank: 3,
        score: 23.33,
        flagged: true,
        assessment: {
          unit: 'urban-management',
          received: 3,
          closed: 1,
          closureRate: 0.3333,
          onTime: 0,
          onTimeRate: 0,
          overdue: 2,
          averageHandlingWorkingDays: 6,
          returns: 1,
          evaluated: 1,
          averageSatisfaction: 3,
        },
      },
    ]);
  });

  it('assesses the town over a period of dates, with the town resolved by the address subgraph', async () => {
    const { body } = await city.federation.queryAs(
      as.dispatcher(),
      `{ eventAssessment(from: "2026-11-01", to: "2026-11-30", groupBy: TOWN) { town { code level } ${FIELDS} } }`,
    );
    expect(body.errors).toBeUndefined();
    // Four events registered; E1, E2, E3 closed (E1 and E3 on time); E2 late and E4 overdue;
    // handling (2 + 6 + 0.25) / 3 = 2.75 days; one return; ratings 5 and 3.
    expect(body.data.eventAssessment).toEqual([
      {
        town: { code: city.base.townCode, level: 'TOWN' },
        unit: city.base.townCode,
        received: 4,
        closed: 3,
        closureRate: 0.75,
        onTime: 2,
        onTimeRate: 0.6667,
        overdue: 2,
        averageHandlingWorkingDays: 2.75,
        returns: 1,
        evaluated: 2,
        averageSatisfaction: 4,
      },
    ]);
  });

  it('refuses malformed periods', async () => {
    const bad = await city.federation.queryAs(as.dispatcher(), `{ a: eventRanking(month: "2026-13", groupBy: TOWN) { rank } }`);
    expect(bad.body.errors?.[0]).toMatchObject({
      message: 'month must be a month YYYY-MM from 2000-01 to 2099-12, got "2026-13"',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const reversed = await city.federation.queryAs(as.dispatcher(), `{ eventAssessment(from: "2026-11-30", to: "2026-11-01", groupBy: TOWN) { unit } }`);
    expect(reversed.body.errors?.[0]?.message).toBe('to (2026-11-01) is before from (2026-11-30)');
  });
});
