import { testBackends } from '../helpers/federation';
import { as, cst, firstError, mutate, newKey, step, useEventsCity } from '../helpers/events';

/**
 * The loop's missing steps through the gateway, on an injected clock in November 2026: redo after a
 * dissatisfied rating and escalation after a second; a dispatcher's direct answer to a consultation;
 * joint handling (一事双责) with a co-handler's part and deadline; duplicate suggestions at
 * registration; the 1-5-10 progress report; and the grid-worker layer (roster, business grids,
 * monthly rankings of grid workers and communities).
 */
describe.each(testBackends())('steps beside the loop on %s', (backend) => {
  const city = useEventsCity('2026-11-02T09:00', backend);
  const grid = () => city.base.gridCode;
  const worker = () => as.gridWorker(grid());
  const query = async (q: string, variables?: Record<string, unknown>, who = as.dispatcher()) => {
    const { body } = await city.federation.queryAs(who, q, variables);
    expect(body.errors).toBeUndefined();
    return body.data;
  };

  async function report(categoryCode: string, at: string, extra: Record<string, unknown> = {}, who = worker()) {
    city.clock.set(at);
    return step(city.federation, who, 'reportEvent', { idempotencyKey: newKey('steps'), categoryCode, description: '测试', gridCode: grid(), ...extra });
  }

  /** Reported, registered, dispatched, accepted, handled and checked: CLOSED at version 6. */
  async function closedEvent(categoryCode: string, day: string): Promise<{ id: string; department: string }> {
    const { id } = await report(categoryCode, `${day}T09:00`);
    await step(city.federation, as.dispatcher(), 'registerEvent', { id, expectedVersion: 1 });
    const { department } = await step(city.federation, as.dispatcher(), 'dispatchEvent', { id, expectedVersion: 2 });
    await step(city.federation, as.handler(department), 'acceptEvent', { id, expectedVersion: 3 });
    city.clock.set(`${day}T15:00`);
    await step(city.federation, as.handler(department), 'submitHandling', { id, expectedVersion: 4, result: '已处置' });
    await step(city.federation, worker(), 'verifyEvent', { id, expectedVersion: 5, passed: true });
    return { id, department };
  }

  it('redoes a dissatisfying result with the same department once, then escalates', async () => {
    const { id, department } = await closedEvent('road.pothole', '2026-11-03');
    city.clock.set('2026-11-04T09:00');
    const redone = await step(city.federation, worker(), 'evaluateEvent', { id, expectedVersion: 6, satisfaction: 2, comment: '坑仍未补平' });
    expect(redone).toMatchObject({ status: 'DISPATCHED', department, handleDeadline: cst('2026-11-11T09:00').toISOString() });
    await step(city.federation, as.handler(department), 'acceptEvent', { id, expectedVersion: 7 });
    await step(city.federation, as.handler(department), 'submitHandling', { id, expectedVersion: 8, result: '已重新修补' });
    await step(city.federation, worker(), 'verifyEvent', { id, expectedVersion: 9, passed: true });
    const escalated = await step(city.federation, worker(), 'evaluateEvent', { id, expectedVersion: 10, satisfaction: 1 });
    expect(escalated).toMatchObject({ status: 'REGISTERED', department: null, light: 'GREEN' });
    const data = await query(
      `query ($id: ID!) { event(id: $id) { redoCount escalationCount commandLevel dispatches { sequence department handledLate } timeline { action toStatus } } }`,
      { id },
    );
    expect(data.event).toMatchObject({ redoCount: 1, escalationCount: 1, commandLevel: 'CITY' });
    expect(data.event.dispatches.map((d: { sequence: number; department: string }) => [d.sequence, d.department])).toEqual([
      [1, department],
      [2, department],
    ]);
    expect(data.event.timeline.slice(-6).map((t: { action: string; toStatus: string }) => `${t.action}>${t.toStatus}`)).toEqual([
      'VERIFY>CLOSED',
      'EVALUATE>DISPATCHED',
      'ACCEPT>ACCEPTED',
      'SUBMIT_HANDLING>HANDLED',
      'VERIFY>CLOSED',
      'EVALUATE>REGISTERED',
    ]);
  });

  it('answers a consultation at once; a dispatched item cannot be answered directly', async () => {
    const { id } = await report('labour.policy-consultation', '2026-11-05T09:00', {}, as.police110());
    city.clock.set('2026-11-05T09:20');
    const answered = await step(city.federation, as.dispatcher(), 'answerEventDirectly', {
      id,
      expectedVersion: 1,
      answer: '已告知社保补缴政策与12333咨询电话',
    });
    expect(answered).toMatchObject({ status: 'CLOSED', light: 'GREEN', department: null });
    const rated = await step(city.federation, as.police110(), 'evaluateEvent', { id, expectedVersion: 2, satisfaction: 5 });
    expect(rated.status).toBe('EVALUATED');
    const other = await report('road.pothole', '2026-11-05T10:00');
    const refused = await mutate(city.federation, as.dispatcher(), 'answerEventDirectly', { id: other.id, expectedVersion: 1, answer: '已答复' });
    expect(firstError(refused)).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/not a consultation/) });
  });

  it('handles jointly: the co-handler submits its part by its deadline, then the lead', async () => {
    const { id } = await report('fire.illegal-wiring', '2026-11-09T09:00');
    await step(city.federation, as.dispatcher(), 'registerEvent', { id, expectedVersion: 1 });
    city.clock.set('2026-11-09T10:00');
    const dispatched = await step(city.federation, as.dispatcher(), 'dispatchEvent', {
      id,
      expectedVersion: 2,
      coHandlers: [{ department: 'housing', part: '核查房屋用电线路安全', workingDays: 2 }],
    });
    expect(dispatched.department).toBe('fire-rescue');
    await step(city.federation, as.handler('fire-rescue'), 'acceptEvent', { id, expectedVersion: 3 });
    const early = await mutate(city.federation, as.handler('fire-rescue'), 'submitHandling', { id, expectedVersion: 4, result: '已拆除' });
    expect(firstError(early)?.message).toMatch(/waits for its co-handlers' parts \(housing\)/);
    expect(firstError(await mutate(city.federation, as.handler('education'), 'submitCoHandling', { id, expectedVersion: 4, result: 'x' }))?.code).toBe(
      'FORBIDDEN',
    );
    city.clock.set('2026-11-12T09:00'); // the part's 2 working days ended Wed 11 Nov 10:00
    await step(city.federation, as.handler('housing'), 'submitCoHandling', { id, expectedVersion: 4, result: '线路已由电工整改' });
    await step(city.federation, as.handler('fire-rescue'), 'submitHandling', { id, expectedVersion: 5, result: '私拉电线已拆除' });
    const data = await query(`query ($id: ID!) { event(id: $id) { status coHandlers { department part deadline submittedAt late result } } }`, { id });
    expect(data.event).toEqual({
      status: 'HANDLED',
      coHandlers: [
        {
          department: 'housing',
          part: '核查房屋用电线路安全',
          deadline: cst('2026-11-11T10:00').toISOString(),
          submittedAt: cst('2026-11-12T09:00').toISOString(),
          late: true,
          result: '线路已由电工整改',
        },
      ],
    });
  });

  it('suggests earlier reports of the same category at the same address as duplicates', async () => {
    const first = await report('sanitation.garbage-overflow', '2026-11-10T09:00', { addressCode: city.base.addressCode });
    await report('road.pothole', '2026-11-10T10:00', { addressCode: city.base.addressCode });
    const second = await report('sanitation.garbage-overflow', '2026-11-12T09:00', { addressCode: city.base.addressCode });
    const data = await query(`query ($id: ID!) { event(id: $id) { duplicateCandidates { id categoryCode: category { code } } } }`, { id: second.id });
    expect(data.event.duplicateCandidates.map((e: { id: string }) => e.id)).toEqual([first.id]);
    const rejected = await step(city.federation, as.dispatcher(), 'rejectEvent', {
      id: second.id,
      expectedVersion: 1,
      reason: '重复上报',
      duplicateOfId: first.id,
    });
    expect(rejected.status).toBe('REJECTED');
    // Outside the window (7 days) nothing is suggested.
    const later = await report('sanitation.garbage-overflow', '2026-11-20T09:00', { addressCode: city.base.addressCode });
    expect((await query(`query ($id: ID!) { event(id: $id) { duplicateCandidates { id } } }`, { id: later.id })).event.duplicateCandidates).toEqual([]);
  });

  it('asks an extended item for its progress report within 10 working days of dispatch', async () => {
    const { id } = await report('fire.illegal-wiring', '2026-11-16T09:00');
    await step(city.federation, as.dispatcher(), 'registerEvent', { id, expectedVersion: 1 });
    city.clock.set('2026-11-16T10:00');
    await step(city.federation, as.dispatcher(), 'dispatchEvent', { id, expectedVersion: 2 });
    await step(city.federation, as.handler('fire-rescue'), 'acceptEvent', { id, expectedVersion: 3 });
    city.clock.set('2026-11-19T10:00');
    await step(city.federation, as.handler('fire-rescue'), 'requestExtension', { id, expectedVersion: 4, workingDays: 5, reason: '需停电整改' });
    await step(city.federation, as.leader('fire-rescue'), 'decideExtension', { id, expectedVersion: 5, approve: true });
    city.clock.set('2026-11-27T10:00');
    await step(city.federation, as.handler('fire-rescue'), 'reportEventProgress', { id, expectedVersion: 6, progress: '已完成主线路改造，待验收' });
    const data = await query(`query ($id: ID!) { event(id: $id) { progressReportDeadline progressReportedAt timeline { action } } }`, { id });
    expect(data.event).toMatchObject({
      progressReportDeadline: cst('2026-11-30T10:00').toISOString(),
      progressReportedAt: cst('2026-11-27T10:00').toISOString(),
    });
    expect(data.event.timeline.at(-1).action).toBe('REPORT_PROGRESS');
  });

  it('keeps a roster of who works each grid (一格多员) and the business grids over it', async () => {
    city.clock.set('2026-11-20T09:00');
    const roster = async () =>
      (
        await query(`query ($grid: ID!) { grid(code: $grid) { gridWorkers { id user department duty } businessGrids { code kind department } } }`, {
          grid: grid(),
        })
      ).grid;
    const seeded = await roster();
    expect(seeded.gridWorkers).toEqual([
      expect.objectContaining({ user: `gw-${grid()}`, department: 'grid-command', duty: 'FULL_TIME' }),
      expect.objectContaining({ department: 'public-security', duty: 'DEPARTMENT_MEMBER' }),
    ]);
    expect(seeded.businessGrids).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'POLICE_DISTRICT', department: 'public-security' })]));
    const member = await query(
      `mutation ($input: AssignGridWorkerInput!) { assignGridWorker(input: $input) { assignment { user department duty since } } }`,
      { input: { gridCode: grid(), user: 'um-inspector-07', duty: 'DEPARTMENT_MEMBER' } },
      as.leader('urban-management'),
    );
    expect(member.assignGridWorker.assignment).toEqual({
      user: 'um-inspector-07',
      department: 'urban-management',
      duty: 'DEPARTMENT_MEMBER',
      since: cst('2026-11-20T09:00').toISOString(),
    });
    const second = await city.federation.queryAs(
      as.leader('grid-command'),
      `mutation ($input: AssignGridWorkerInput!) { assignGridWorker(input: $input) { assignment { id } } }`,
      {
        input: { gridCode: grid(), user: 'gw-new', duty: 'FULL_TIME' },
      },
    );
    expect(second.body.errors?.[0]).toMatchObject({
      extensions: { code: 'CONFLICT' },
      message: expect.stringMatching(/already has its full-time grid worker/),
    });
    const fullTime = seeded.gridWorkers.find((w: { duty: string }) => w.duty === 'FULL_TIME');
    await query(`mutation ($id: ID!) { endGridWorkerAssignment(input: { id: $id }) { assignment { until } } }`, { id: fullTime.id }, as.leader('grid-command'));
    await query(
      `mutation ($input: AssignGridWorkerInput!) { assignGridWorker(input: $input) { assignment { id } } }`,
      { input: { gridCode: grid(), user: 'gw-new', duty: 'FULL_TIME' } },
      as.leader('grid-command'),
    );
    expect((await roster()).gridWorkers.map((w: { user: string }) => w.user)).toEqual(['gw-new', `ps-officer-${grid().slice(0, 12)}`, 'um-inspector-07']);

    const defined = await query(
      `mutation ($input: DefineBusinessGridInput!) { defineBusinessGrid(input: $input) { businessGrid { code kind department grids { code } } } }`,
      { input: { code: 'market-area-1', kind: 'MARKET_AREA', name: '第一市场监管片区', gridCodes: [grid()] } },
      as.leader('market-regulation'),
    );
    expect(defined.defineBusinessGrid.businessGrid).toEqual({
      code: 'market-area-1',
      kind: 'MARKET_AREA',
      department: 'market-regulation',
      grids: [{ code: grid() }],
    });
    const police = seeded.businessGrids.find((b: { kind: string }) => b.kind === 'POLICE_DISTRICT').code;
    const foreign = await city.federation.queryAs(
      as.leader('housing'),
      `mutation ($input: DefineBusinessGridInput!) { defineBusinessGrid(input: $input) { businessGrid { code } } }`,
      {
        input: { code: police, kind: 'POLICE_DISTRICT', name: '改名', gridCodes: [grid()] },
      },
    );
    expect(foreign.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'WRONG_DEPARTMENT' });
  });

  it('ranks grid workers and communities by valid reports and on-time checks, flagging only a month that has ended', async () => {
    const me = as.gridWorker(grid(), 'gw-assessed');
    const checker = as.gridWorker(grid(), 'gw-checker');
    const valid = await report('road.pothole', '2026-11-23T09:00', {}, me);
    const invalid = await report('road.pothole', '2026-11-23T09:05', {}, me);
    await step(city.federation, as.dispatcher(), 'rejectEvent', { id: invalid.id, expectedVersion: 1, reason: '经核实不属实' });
    // The checker verifies one handling within a working day and one a day late.
    const handled = async (id: string, at: string) => {
      city.clock.set(at);
      await step(city.federation, as.dispatcher(), 'registerEvent', { id, expectedVersion: 1 });
      const { department } = await step(city.federation, as.dispatcher(), 'dispatchEvent', { id, expectedVersion: 2 });
      await step(city.federation, as.handler(department), 'acceptEvent', { id, expectedVersion: 3 });
      await step(city.federation, as.handler(department), 'submitHandling', { id, expectedVersion: 4, result: '已处置' });
    };
    await handled(valid.id, '2026-11-23T09:30');
    city.clock.set('2026-11-24T09:00');
    await step(city.federation, checker, 'verifyEvent', { id: valid.id, expectedVersion: 5, passed: true });
    const another = await report('road.pothole', '2026-11-24T10:00', {}, me);
    await handled(another.id, '2026-11-24T10:30');
    city.clock.set('2026-11-26T09:00');
    await step(city.federation, checker, 'verifyEvent', { id: another.id, expectedVersion: 5, passed: true });

    const ranking = async (groupBy: string) =>
      (
        await query(
          `{ gridWorkRanking(month: "2026-11", groupBy: ${groupBy}) { rank score flagged assessment { unit community { code } reports validReports validRate verifications verificationsOnTime verificationOnTimeRate collectionRequestsApproved } } }`,
        )
      ).gridWorkRanking;
    const workers = await ranking('WORKER');
    expect(workers.find((e: { assessment: { unit: string } }) => e.assessment.unit === 'gw-assessed')).toMatchObject({
      score: 58.33, // 50 × 2/3 valid + 50 × 0.5 (no checks of its own)
      flagged: false,
      assessment: { reports: 3, validReports: 2, validRate: 0.6667, verifications: 0, verificationOnTimeRate: null, collectionRequestsApproved: 0 },
    });
    expect(workers.find((e: { assessment: { unit: string } }) => e.assessment.unit === 'gw-checker').assessment).toMatchObject({
      reports: 0,
      verifications: 2,
      verificationsOnTime: 1,
      verificationOnTimeRate: 0.5,
    });
    expect(workers.every((e: { flagged: boolean }) => !e.flagged)).toBe(true);
    const communities = await ranking('COMMUNITY');
    expect(communities.map((e: { assessment: { community: { code: string } } }) => e.assessment.community.code)).toContain(grid().slice(0, 12));

    city.clock.set('2026-12-01T00:00');
    const ended = await ranking('WORKER');
    expect(ended.filter((e: { flagged: boolean }) => e.flagged).length).toBeGreaterThanOrEqual(1);
    expect(ended.filter((e: { flagged: boolean; rank: number }) => e.flagged && e.rank === 1)).toEqual([]);
    const refused = await city.federation.queryAs(as.leader('housing'), `{ gridWorkRanking(month: "2026-11", groupBy: WORKER) { rank } }`);
    expect(refused.body.errors?.[0]?.extensions?.code).toBeDefined();
  });
});
