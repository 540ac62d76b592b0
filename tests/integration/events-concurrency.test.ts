import { testBackends } from '../helpers/federation';
import { as, firstError, mutate, newKey, step, useEventsCity } from '../helpers/events';

/**
 * Optimistic concurrency and idempotency, where races really happen: on PostgreSQL the two
 * transactions overlap and the conditional UPDATE decides; on PGlite they queue and the version
 * check decides. Either way exactly one writer wins and the loser changes nothing.
 */
describe.each(testBackends())('events under concurrency on %s', (backend) => {
  const city = useEventsCity('2026-11-02T09:00', backend);

  const sql = () => city.federation.system.subgraphs.events!.db.sql;

  async function registered(): Promise<string> {
    const event = await step(city.federation, as.gridWorker(city.base.gridCode), 'reportEvent', {
      idempotencyKey: newKey('race'),
      categoryCode: 'sanitation.garbage-overflow',
      description: '垃圾桶满溢',
      gridCode: city.base.gridCode,
    });
    await step(city.federation, as.dispatcher(), 'registerEvent', { id: event.id, expectedVersion: 1 });
    return event.id;
  }

  it('leaves exactly one winner of concurrent dispatches, with one timeline entry and one dispatch', async () => {
    for (let round = 0; round < 5; round++) {
      const id = await registered();
      const results = await Promise.all([
        mutate(city.federation, as.dispatcher('cmd-a'), 'dispatchEvent', { id, expectedVersion: 2 }),
        mutate(city.federation, as.dispatcher('cmd-b'), 'dispatchEvent', { id, expectedVersion: 2, department: 'housing', note: '涉及小区物业' }),
      ]);
      const winners = results.filter((r) => !r.body.errors);
      const losers = results.filter((r) => r.body.errors);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      expect(firstError(losers[0]!)).toEqual({
        code: 'CONFLICT',
        message: expect.stringMatching(/changed since you read it: it is at version 3 \(DISPATCHED\)/),
      });

      const { rows: timeline } = await sql().query<{ n: number }>(`SELECT count(*)::int AS n FROM event_transition WHERE event_id = $1`, [id]);
      const { rows: dispatches } = await sql().query<{ department: string }>(`SELECT department FROM event_dispatch WHERE event_id = $1`, [id]);
      const {
        rows: [event],
      } = await sql().query<{ version: number; department: string }>(`SELECT version, department FROM event WHERE id = $1`, [id]);
      expect(timeline[0]!.n).toBe(3);
      expect(dispatches).toEqual([{ department: event!.department }]);
      expect(event!.version).toBe(3);
      expect(winners[0]!.body.data.dispatchEvent.event.department).toBe(event!.department);
    }
  });

  it('refuses a write based on a stale read and says what the event is now', async () => {
    const id = await registered();
    await step(city.federation, as.dispatcher(), 'dispatchEvent', { id, expectedVersion: 2 });
    const stale = await mutate(city.federation, as.dispatcher(), 'rejectEvent', { id, expectedVersion: 2, reason: '重复' });
    expect(stale.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 3, currentStatus: 'DISPATCHED' });
  });

  it('returns the original event when a report is retried, even concurrently', async () => {
    const input = { idempotencyKey: newKey('retry'), categoryCode: 'road.pothole', description: '路面塌陷约半米', gridCode: city.base.gridCode };
    const worker = as.gridWorker(city.base.gridCode);
    const results = await Promise.all([1, 2, 3].map(() => mutate(city.federation, worker, 'reportEvent', input, 'replayed event { id version }')));
    for (const r of results) expect(r.body.errors).toBeUndefined();
    const ids = new Set(results.map((r) => r.body.data.reportEvent.event.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => !r.body.data.reportEvent.replayed)).toHaveLength(1);
    const again = await mutate(city.federation, worker, 'reportEvent', input, 'replayed event { id }');
    expect(again.body.data.reportEvent).toEqual({ replayed: true, event: { id: [...ids][0] } });
    const { rows } = await sql().query<{ n: number }>(`SELECT count(*)::int AS n FROM event WHERE idempotency_key = $1`, [input.idempotencyKey]);
    expect(rows[0]!.n).toBe(1);

    const changed = await mutate(city.federation, worker, 'reportEvent', { ...input, description: '另一处' });
    expect(firstError(changed)).toEqual({ code: 'CONFLICT', message: expect.stringMatching(/already used for a different report/) });
  });
});
