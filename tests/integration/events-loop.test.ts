import { testBackends } from '../helpers/federation';
import { as, cst, mutate, newKey, step, useEventsCity } from '../helpers/events';

/**
 * One report through the whole closed loop, through the gateway with real department tokens:
 * report → register → dispatch (managing) → return → dispatch (enforcing) → accept → extension →
 * submit → failed check (reopen) → submit late → check passed → evaluation; the lights follow the
 * injected clock in working days (November 2026, Monday 2nd onwards).
 */
describe.each(testBackends())('the events closed loop on %s', (backend) => {
  const city = useEventsCity('2026-11-02T09:00', backend);

  const light = async (id: string) =>
    (await city.federation.queryAs(as.dispatcher(), `query ($id: ID!) { event(id: $id) { light } }`, { id })).body.data.event.light;

  it('travels report to evaluation with one return and one extension, and shows the right lights', async () => {
    const worker = as.gridWorker(city.base.gridCode);
    const housing = as.handler('housing');

    const reported = await step(city.federation, worker, 'reportEvent', {
      idempotencyKey: newKey(),
      categoryCode: 'fire.illegal-wiring',
      description: '三楼楼道私拉电线给电动车充电',
      addressCode: city.base.addressCode,
      involvedHouseCodes: [city.base.houseCode],
      involvedPersonIds: [city.base.personId],
    });
    // nextActions is the caller's: the reporting worker has no step now, the dispatcher registers or rejects.
    // The command centre's own clock runs from the report: half a working day to register it.
    expect(reported).toMatchObject({ status: 'REPORTED', version: 1, light: 'GREEN', nextActions: [] });
    expect(reported.id).toMatch(/^E20261102\d{6}$/);
    const id = reported.id;
    const offered = await city.federation.queryAs(as.dispatcher(), `query ($id: ID!) { event(id: $id) { nextActions } }`, { id });
    expect(offered.body.data.event.nextActions).toEqual(['REGISTER', 'REJECT', 'HAND_DOWN', 'SUPERVISE']);

    city.clock.set('2026-11-02T10:00');
    await step(city.federation, as.dispatcher(), 'registerEvent', { id, expectedVersion: 1 });
    city.clock.set('2026-11-02T11:00');
    const first = await step(city.federation, as.dispatcher(), 'dispatchEvent', { id, expectedVersion: 2 });
    expect(first).toMatchObject({ status: 'DISPATCHED', department: 'fire-rescue', light: 'GREEN' });

    city.clock.set('2026-11-02T13:00');
    const returned = await step(city.federation, as.handler('fire-rescue'), 'returnEvent', {
      id,
      expectedVersion: 3,
      reason: '属于燃气和房屋安全，非消防职责',
    });
    // Back with the command centre, whose clock to re-dispatch runs now.
    expect(returned).toMatchObject({ status: 'RETURNED', department: null, light: 'GREEN' });

    city.clock.set('2026-11-02T14:00');
    const second = await step(city.federation, as.dispatcher(), 'dispatchEvent', { id, expectedVersion: 4 });
    // The enforcing department; the clock restarts: contact by Tue 14:00, handling by Mon 9 Nov 14:00.
    expect(second).toMatchObject({
      department: 'housing',
      contactDeadline: cst('2026-11-03T14:00').toISOString(),
      handleDeadline: cst('2026-11-09T14:00').toISOString(),
    });

    city.clock.set('2026-11-03T10:00'); // past 80 % of the contact day (Tue 09:12), not accepted
    expect(await light(id)).toBe('YELLOW');
    const dueSoon = await city.federation.queryAs(housing, `{ dueSoonEvents(department: "housing") { edges { node { id } } } }`);
    expect(dueSoon.body.data.dueSoonEvents.edges.map((e: any) => e.node.id)).toContain(id);

    city.clock.set('2026-11-03T15:00'); // contact limit missed
    expect(await light(id)).toBe('RED');
    const overdue = await city.federation.queryAs(housing, `query ($town: ID!) { overdueEvents(gridCode: $town) { edges { node { id light } } } }`, {
      town: city.base.townCode,
    });
    expect(overdue.body.data.overdueEvents.edges).toContainEqual({ node: { id, light: 'RED' } });

    const accepted = await step(city.federation, housing, 'acceptEvent', { id, expectedVersion: 5 });
    expect(accepted).toMatchObject({ status: 'ACCEPTED', light: 'GREEN' });

    city.clock.set('2026-11-06T15:00'); // past 4 of 5 working days
    expect(await light(id)).toBe('YELLOW');
    await step(city.federation, housing, 'requestExtension', { id, expectedVersion: 6, workingDays: 3, reason: '需业主配合停电整改' });
    city.clock.set('2026-11-06T16:00');
    const extended = await step(city.federation, as.leader('housing'), 'decideExtension', { id, expectedVersion: 7, approve: true });
    // 5 + 3 working days from Mon 2 Nov 14:00 is Thu 12 Nov 14:00; 80 % of 8 falls on Tue 10 Nov 23:36.
    expect(extended).toMatchObject({ status: 'ACCEPTED', extensionWorkingDays: 3, light: 'GREEN', handleDeadline: cst('2026-11-12T14:00').toISOString() });

    city.clock.set('2026-11-11T09:00');
    expect(await light(id)).toBe('YELLOW');
    const handled = await step(city.federation, housing, 'submitHandling', {
      id,
      expectedVersion: 8,
      result: '已拆除私拉线路',
      attachments: ['https://evidence.example/1.jpg'],
    });
    expect(handled).toMatchObject({ status: 'HANDLED', light: 'GREEN' });

    city.clock.set('2026-11-11T11:00');
    const reopened = await step(city.federation, worker, 'verifyEvent', { id, expectedVersion: 9, passed: false, note: '楼道仍有充电线' });
    expect(reopened).toMatchObject({ status: 'ACCEPTED', department: 'housing', light: 'YELLOW' });

    city.clock.set('2026-11-12T15:00'); // past the extended deadline
    expect(await light(id)).toBe('RED');
    const late = await step(city.federation, housing, 'submitHandling', { id, expectedVersion: 10, result: '已全部清除并设集中充电点' });
    expect(late).toMatchObject({ status: 'HANDLED', light: 'RED' });

    city.clock.set('2026-11-13T10:00');
    await step(city.federation, worker, 'verifyEvent', { id, expectedVersion: 11, passed: true });
    const evaluated = await step(city.federation, worker, 'evaluateEvent', { id, expectedVersion: 12, satisfaction: 4, comment: '整改到位' });
    expect(evaluated).toMatchObject({ status: 'EVALUATED', version: 13, nextActions: [], light: 'RED' });

    const { body } = await city.federation.queryAs(
      as.dispatcher(),
      `query ($id: ID!) { event(id: $id) {
        satisfaction returnCount grid { code name } location { fullText }
        involvedHouses { code roomNumber } involvedPersons { id }
        timeline { sequence action fromStatus toStatus department actor { user department role } }
        dispatches { sequence department returnedAt returnReason handledLate handleDeadline }
      } }`,
      { id },
    );
    expect(body.errors).toBeUndefined();
    const event = body.data.event;
    expect(event).toMatchObject({ satisfaction: 4, returnCount: 1, grid: { code: city.base.gridCode }, involvedHouses: [{ code: city.base.houseCode }] });
    expect(typeof event.grid.name).toBe('string');
    expect(event.location.fullText).toMatch(/示范市/);
    expect(event.timeline.map((t: any) => t.action)).toEqual([
      'REPORT',
      'REGISTER',
      'DISPATCH',
      'RETURN',
      'DISPATCH',
      'ACCEPT',
      'REQUEST_EXTENSION',
      'DECIDE_EXTENSION',
      'SUBMIT_HANDLING',
      'VERIFY',
      'SUBMIT_HANDLING',
      'VERIFY',
      'EVALUATE',
    ]);
    expect(event.timeline.map((t: any) => t.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(event.timeline[3]).toMatchObject({
      fromStatus: 'DISPATCHED',
      toStatus: 'RETURNED',
      department: null,
      actor: { department: 'fire-rescue', role: 'handler' },
    });
    expect(event.dispatches).toEqual([
      expect.objectContaining({ sequence: 1, department: 'fire-rescue', returnReason: '属于燃气和房屋安全，非消防职责', handledLate: null }),
      expect.objectContaining({
        sequence: 2,
        department: 'housing',
        returnedAt: null,
        handledLate: true,
        handleDeadline: cst('2026-11-12T14:00').toISOString(),
      }),
    ]);

    // The event shows on the base data it involves, through the subgraphs that own them.
    const related = await city.federation.queryAs(
      as.dispatcher(),
      `query ($grid: ID!, $house: ID!) {
        grid(code: $grid) { name events(status: [EVALUATED], first: 50) { totalCount edges { node { id } } } }
        house(code: $house) { events(light: RED) { edges { node { id } } } }
      }`,
      { grid: city.base.gridCode, house: city.base.houseCode },
    );
    expect(related.body.errors).toBeUndefined();
    expect(related.body.data.grid.events.edges.map((e: any) => e.node.id)).toContain(id);
    expect(related.body.data.house.events.edges.map((e: any) => e.node.id)).toContain(id);
  });

  it('lets the 110 transfer service report for a citizen and evaluate its own report', async () => {
    const police = { department: 'public-security', user: 'police-110-transfer', role: 'reporter-service' };
    const reported = await step(city.federation, police, 'reportEvent', {
      idempotencyKey: newKey(),
      categoryCode: 'public-order.night-noise',
      description: '群众报警称工地夜间施工噪声扰民',
      gridCode: city.base.gridCode,
      contactName: '张先生',
      contactPhone: '13800138000',
    });
    const { body } = await city.federation.queryAs(police, `query ($id: ID!) { event(id: $id) { channel contactPhone reporter { department role } } }`, {
      id: reported.id,
    });
    expect(body.data.event).toEqual({
      channel: 'NON_EMERGENCY_110',
      contactPhone: '13800138000',
      reporter: { department: 'public-security', role: 'reporter-service' },
    });
    // Another department in the jurisdiction sees the event, but not the citizen's contact.
    const other = await city.federation.queryAs(as.handler('education'), `query ($id: ID!) { event(id: $id) { id contactPhone } }`, { id: reported.id });
    expect(other.body.data.event).toEqual({ id: reported.id, contactPhone: null });
    const evaluateTooEarly = await mutate(city.federation, police, 'evaluateEvent', { id: reported.id, expectedVersion: 1, satisfaction: 5 });
    expect(evaluateTooEarly.body.errors?.[0]?.message).toMatch(/is REPORTED; allowed next steps: registerEvent, rejectEvent, answerEventDirectly/);
  });
});
