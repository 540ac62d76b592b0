import { MemoryLogDestination, createLogger } from '../../platform/logger';
import { startEventsBackground } from '../../subgraphs/events/src/background';
import type { EventsDb } from '../../subgraphs/events/src/loaders';
import { testBackends } from '../helpers/federation';
import { as, cst, eventsBackground, newKey, step, useEventsCity } from '../helpers/events';

/**
 * Supervision (督办) through the gateway on an injected clock: the sweep raises each level of
 * supervision.yaml at its instant (across a weekend), once; each is in the timeline with its response
 * deadline, answered by whoever holds the step (the leadership what was assigned to it); the command
 * centre's own register step has a light and is supervised too; the command-centre overview counts
 * open events by holder, town, light and level; /ready warns of a year the holiday calendar lacks.
 */
describe.each(testBackends())('supervision on %s', (backend) => {
  const city = useEventsCity('2026-11-06T09:00', backend);
  const sweep = () => eventsBackground(city.federation).sweep();
  const SUPERVISION = 'supervisionLevel light version supervisions { level byRule department dueAt responseDeadline status respondedBy raisedBy { user } }';
  const read = async (id: string) => {
    const { body } = await city.federation.queryAs(
      as.dispatcher(),
      `query ($id: ID!) { event(id: $id) { ${SUPERVISION} timeline { action actor { user } } } }`,
      { id },
    );
    expect(body.errors).toBeUndefined();
    return body.data.event;
  };

  it('raises the ladder at its instants across a weekend, once each, and lets the holder answer', async () => {
    city.clock.set('2026-11-06T09:00');
    const worker = as.gridWorker(city.base.gridCode);
    const { id } = await step(city.federation, worker, 'reportEvent', {
      idempotencyKey: newKey('sv'),
      categoryCode: 'road.pothole',
      description: '路面塌陷',
      gridCode: city.base.gridCode,
    });
    city.clock.set('2026-11-06T09:30');
    await step(city.federation, as.dispatcher(), 'registerEvent', { id, expectedVersion: 1 });
    city.clock.set('2026-11-06T10:00');
    await step(city.federation, as.dispatcher(), 'dispatchEvent', { id, expectedVersion: 2 });
    city.clock.set('2026-11-06T10:30');
    await step(city.federation, as.handler('urban-management'), 'acceptEvent', { id, expectedVersion: 3 });
    // Handling deadline Friday 13 November 10:00; the warning at 80 %: Thursday 12 November 10:00.
    const levelsAt = async (at: string) => {
      city.clock.set(at);
      await sweep();
      return (await read(id)).supervisions.map((s: { level: string }) => s.level);
    };
    expect(await levelsAt('2026-11-12T09:59')).toEqual([]);
    expect(await levelsAt('2026-11-12T10:00')).toEqual(['ELECTRONIC_REMINDER']);
    expect(await levelsAt('2026-11-12T18:00')).toEqual(['ELECTRONIC_REMINDER']);
    expect(await levelsAt('2026-11-13T10:00')).toEqual(['ELECTRONIC_REMINDER']);
    expect(await levelsAt('2026-11-13T10:01')).toEqual(['ELECTRONIC_REMINDER', 'OVERDUE_NOTICE']);
    // Two working days after the deadline is Tuesday, not Sunday.
    expect(await levelsAt('2026-11-15T12:00')).toEqual(['ELECTRONIC_REMINDER', 'OVERDUE_NOTICE']);
    expect(await levelsAt('2026-11-17T10:01')).toEqual(['ELECTRONIC_REMINDER', 'OVERDUE_NOTICE', 'RESPONSIBLE_UNIT_ASSIGNMENT']);

    let event = await read(id);
    expect(event).toMatchObject({ supervisionLevel: 'RESPONSIBLE_UNIT_ASSIGNMENT', light: 'RED', version: 7 });
    expect(event.supervisions[2]).toEqual({
      level: 'RESPONSIBLE_UNIT_ASSIGNMENT',
      byRule: true,
      department: 'urban-management',
      dueAt: cst('2026-11-17T10:00').toISOString(),
      // Raised at the sweep (Tue 17 Nov 10:01); the leadership has two working days to answer.
      responseDeadline: cst('2026-11-19T10:01').toISOString(),
      status: 'OPEN',
      respondedBy: null,
      raisedBy: { user: 'supervision-sweep' },
    });
    expect(event.timeline.slice(-3).map((t: { action: string; actor: { user: string } }) => [t.action, t.actor.user])).toEqual([
      ['SUPERVISE', 'supervision-sweep'],
      ['SUPERVISE', 'supervision-sweep'],
      ['SUPERVISE', 'supervision-sweep'],
    ]);

    // The handler answers what a handler may; the leadership's assignment waits for its leader.
    city.clock.set('2026-11-17T11:00');
    await step(city.federation, as.handler('urban-management'), 'respondToSupervision', { id, expectedVersion: 7, response: '已派人现场处置' });
    event = await read(id);
    expect(event.supervisions.map((s: { status: string }) => s.status)).toEqual(['RESPONDED', 'RESPONDED', 'OPEN']);
    const overview = await city.federation.queryAs(
      as.dispatcher(),
      `query ($town: ID!) { commandCentreOverview(gridCode: $town) { at rows { department commandLevel town { code } light supervisionLevel count supervisionResponseOverdue } } }`,
      { town: city.base.townCode },
    );
    expect(overview.body.errors).toBeUndefined();
    const cell = overview.body.data.commandCentreOverview.rows.find(
      (r: { department: string; supervisionLevel: string }) => r.department === 'urban-management' && r.supervisionLevel === 'RESPONSIBLE_UNIT_ASSIGNMENT',
    );
    expect(cell).toMatchObject({ commandLevel: 'CITY', town: { code: city.base.townCode }, light: 'RED', count: 1, supervisionResponseOverdue: 0 });
    city.clock.set('2026-11-19T10:02');
    const late = await city.federation.queryAs(
      as.dispatcher(),
      `{ commandCentreOverview { rows { department supervisionLevel supervisionResponseOverdue } } }`,
    );
    expect(late.body.data.commandCentreOverview.rows).toContainEqual({
      department: 'urban-management',
      supervisionLevel: 'RESPONSIBLE_UNIT_ASSIGNMENT',
      supervisionResponseOverdue: 1,
    });
    await step(city.federation, as.leader('urban-management'), 'respondToSupervision', { id, expectedVersion: 8, response: '分管领导已督促，本周内完成' });
    expect((await read(id)).supervisions.map((s: { status: string; respondedBy: string }) => [s.status, s.respondedBy])).toEqual([
      ['RESPONDED', 'urban-management-handler'],
      ['RESPONDED', 'urban-management-handler'],
      ['RESPONDED', 'urban-management-leader'],
    ]);
    // Handled: the step is over, nothing more is raised however late it gets.
    await step(city.federation, as.handler('urban-management'), 'submitHandling', { id, expectedVersion: 9, result: '已修复' });
    city.clock.set('2026-12-30T10:00');
    await sweep();
    expect((await read(id)).supervisions).toHaveLength(3);
  });

  it("lights and supervises the command centre's own register step, and supervises by hand", async () => {
    city.clock.set('2026-11-23T09:00');
    const { id } = await step(city.federation, as.gridWorker(city.base.gridCode), 'reportEvent', {
      idempotencyKey: newKey('sv'),
      categoryCode: 'sanitation.garbage-overflow',
      description: '垃圾桶满溢',
      gridCode: city.base.gridCode,
    });
    // Half a working day to register (21:00), warned at 80 % (18:36).
    city.clock.set('2026-11-23T18:36');
    await sweep();
    let event = await read(id);
    expect(event).toMatchObject({ light: 'YELLOW', supervisionLevel: 'ELECTRONIC_REMINDER', supervisions: [{ department: 'grid-command', byRule: true }] });
    const { body } = await city.federation.queryAs(
      as.dispatcher(),
      `{ commandCentreOverview { rows { department commandLevel light supervisionLevel count } } }`,
    );
    expect(body.data.commandCentreOverview.rows).toContainEqual(
      expect.objectContaining({ department: null, commandLevel: 'CITY', light: 'YELLOW', supervisionLevel: 'ELECTRONIC_REMINDER' }),
    );
    // A grid-command leader supervises on site by hand, with a note; it has its own response deadline.
    await step(city.federation, as.leader('grid-command'), 'superviseEvent', {
      id,
      expectedVersion: 2,
      level: 'ON_SITE_SUPERVISION',
      note: '指挥中心领导现场督办',
    });
    event = await read(id);
    expect(event.supervisions[1]).toMatchObject({
      level: 'ON_SITE_SUPERVISION',
      byRule: false,
      dueAt: null,
      responseDeadline: cst('2026-11-24T18:36').toISOString(),
    });
    expect(event.supervisionLevel).toBe('ON_SITE_SUPERVISION');
    await step(city.federation, as.dispatcher(), 'registerEvent', { id, expectedVersion: 3 });
    event = await read(id);
    // A new step: the ladder starts again, and what was not answered is overtaken.
    expect(event.supervisionLevel).toBeNull();
    expect(event.supervisions.map((s: { status: string }) => s.status)).toEqual(['OVERTAKEN', 'OVERTAKEN']);
  });

  it("reports the holiday calendar's coverage in /ready and warns at start of a missing year", async () => {
    const events = city.federation.system.subgraphs.events!;
    const ready = async () => (await fetch(events.url.replace(/\/graphql$/, '/ready'))).json() as Promise<any>;
    city.clock.set('2026-11-20T09:00');
    expect((await ready()).detail.calendar).toEqual({ coveredYears: [2026], missingYears: [], warning: null });
    city.clock.set('2026-12-15T09:00');
    const gap = await ready();
    expect(gap.status).toBe('ready');
    expect(gap.detail.calendar).toMatchObject({ missingYears: [2027], warning: expect.stringMatching(/holidays\.yaml has no public holidays for 2027/) });

    const logs = new MemoryLogDestination();
    const background = startEventsBackground({
      db: events.db as EventsDb,
      logger: createLogger({ level: 'info', destination: logs }),
      now: () => cst('2027-02-01T09:00'),
      timers: false,
    });
    await background.stop();
    expect(logs.events('events.calendar_gap')).toEqual([expect.objectContaining({ level: 'warn', missingYears: [2027] })]);
  });
});
