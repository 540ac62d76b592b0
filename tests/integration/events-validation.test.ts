import type { TokenClaims } from '../../gateway/src/dev-tokens';
import { as, firstError, mutate, newKey, useEventsCity } from '../helpers/events';

/** Bad input and the wrong people get clear errors and change nothing (each mutation is one transaction). */
describe('events refuse bad input and the wrong callers', () => {
  const city = useEventsCity('2026-11-02T09:00');

  const police = as.police110();
  const dispatcher = as.dispatcher();
  const handler = as.handler;

  /** A base grid of the city other than the one reports go to. */
  const otherGrid = () => (city.base.gridCode.endsWith('001') ? `${city.base.gridCode.slice(0, 12)}002` : `${city.base.gridCode.slice(0, 12)}001`);

  const counts = async () => {
    const sql = city.federation.system.subgraphs.events!.db.sql;
    const { rows } = await sql.query<{ events: number; transitions: number; dispatches: number; versions: number }>(
      `SELECT (SELECT count(*) FROM event)::int AS events, (SELECT count(*) FROM event_transition)::int AS transitions,
              (SELECT count(*) FROM event_dispatch)::int AS dispatches, (SELECT sum(version) FROM event)::int AS versions`,
    );
    return rows[0];
  };
  const report = (caller: TokenClaims, input: Record<string, unknown>) =>
    mutate(city.federation, caller, 'reportEvent', {
      idempotencyKey: newKey('bad'),
      categoryCode: 'road.pothole',
      description: '路面破损',
      gridCode: city.base.gridCode,
      ...input,
    });

  it.each([
    [
      'an unknown category',
      { categoryCode: 'fire.dragon' },
      /categoryCode must be a category of the responsibility catalogue \(see eventCategories\), got "fire\.dragon"/,
    ],
    ['a grid that does not exist', { gridCode: '449900101201099' }, /outside every grid of the city: there is no grid 449900101201099/],
    ['an address in no known grid', { gridCode: undefined, addressCode: '4499001019990010001' }, /outside every grid/],
    ['a town instead of a grid', { gridCode: '449900101000' }, /is a town; an event lies in a base grid/],
    ['a malformed grid code', { gridCode: '44990x' }, /gridCode "44990x" is not a grid code/],
    [
      'an address in another grid than the one given',
      { addressCode: '4499001012010020001', gridCode: '449900101201003' },
      /lies in grid 449900101201002, not in the given gridCode 449900101201003/,
    ],
    ['no location at all', { gridCode: undefined }, /needs a location/],
    ['an empty description', { description: '   ' }, /description must not be empty/],
    ['an oversized description', { description: '长'.repeat(2001) }, /description is 2001 characters; at most 2000 are allowed/],
    ['an oversized title', { title: 't'.repeat(101) }, /title is 101 characters; at most 100/],
    ['a malformed person id', { involvedPersonIds: ['P12'] }, /involvedPersonIds\[0\] "P12" is not a person id/],
    ['an involved person who does not exist', { involvedPersonIds: ['P999999999'] }, /there is no person P999999999 in the city/],
    ['an involved entity that does not exist', { involvedLegalEntityUsccs: ['91350100M000100Y43'] }, /there is no legal entity 91350100M000100Y43 in the city/],
    [
      'a credit code with a wrong check character',
      { involvedLegalEntityUsccs: ['91449900MA4UXXXXX1'] },
      /involvedLegalEntityUsccs\[0\] .* is not a unified social credit code/,
    ],
    [
      'a house in a grid that does not exist',
      { involvedHouseCodes: ['4499001012010990001010101'] },
      /house 4499001012010990001010101 would lie in grid 449900101201099/,
    ],
    ['a bad phone number', { contactPhone: '12345' }, /contactPhone must be a mobile number/],
    ['a bad idempotency key', { idempotencyKey: 'x' }, /idempotencyKey must be 8-100 characters/],
  ])('refuses %s', async (_, input, message) => {
    const before = await counts();
    const result = await report(police, input);
    expect(firstError(result)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringMatching(message) });
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['a department with no channel', () => ({ user: 'x', department: 'education', role: 'handler' }), /reportEvent needs a grid worker/],
    ['a caller without a role', () => ({ user: 'x', department: 'public-security' }), /you are no role of public-security/],
    ['a grid worker outside their grid', () => as.gridWorker(otherGrid()), /outside your jurisdiction/],
  ] as [string, () => TokenClaims, RegExp][])('forbids a report by %s', async (_, caller, message) => {
    const before = await counts();
    expect(firstError(await report(caller(), {}))).toEqual({ code: 'FORBIDDEN', message: expect.stringMatching(message) });
    expect(await counts()).toEqual(before);
  });

  it('keeps each workflow step to its role and department, and says what may come next', async () => {
    const { body } = await report(police, {});
    const id = body.data.reportEvent.event.id;
    const before = await counts();
    expect(firstError(await mutate(city.federation, police, 'registerEvent', { id, expectedVersion: 1 }))).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/registerEvent needs the role dispatcher; you are reporter-service of public-security/),
    });
    expect(firstError(await mutate(city.federation, dispatcher, 'submitHandling', { id, expectedVersion: 1, result: 'x' }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(firstError(await mutate(city.federation, dispatcher, 'dispatchEvent', { id, expectedVersion: 1 }))).toEqual({
      code: 'BAD_USER_INPUT',
      message: `Cannot dispatchEvent: event ${id} is REPORTED; allowed next steps: registerEvent, rejectEvent, answerEventDirectly`,
    });
    expect(
      firstError(await mutate(city.federation, dispatcher, 'rejectEvent', { id, expectedVersion: 1, reason: '重复', duplicateOfId: 'E20990101000001' })),
    ).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'duplicateOfId: event E20990101000001 does not exist',
    });
    expect(firstError(await mutate(city.federation, dispatcher, 'registerEvent', { id: 'E20990101000001', expectedVersion: 1 }))?.code).toBe('NOT_FOUND');
    expect(await counts()).toEqual(before);

    await mutate(city.federation, dispatcher, 'registerEvent', { id, expectedVersion: 1 });
    await mutate(city.federation, dispatcher, 'dispatchEvent', { id, expectedVersion: 2 });
    expect(firstError(await mutate(city.federation, handler('housing'), 'acceptEvent', { id, expectedVersion: 3 }))).toEqual({
      code: 'FORBIDDEN',
      message: `acceptEvent: event ${id} is assigned to urban-management, not housing`,
    });
  });

  it('refuses a double submission and an evaluation outside 1-5, leaving the event as it was', async () => {
    const um = handler('urban-management');
    const { body } = await report(police, {});
    const id = body.data.reportEvent.event.id;
    await mutate(city.federation, dispatcher, 'registerEvent', { id, expectedVersion: 1 });
    await mutate(city.federation, dispatcher, 'dispatchEvent', { id, expectedVersion: 2 });
    await mutate(city.federation, um, 'acceptEvent', { id, expectedVersion: 3 });
    expect((await mutate(city.federation, um, 'submitHandling', { id, expectedVersion: 4, result: '已修补' })).body.errors).toBeUndefined();
    const before = await counts();
    // The same request again (stale version), and again after re-reading (fresh version).
    expect(firstError(await mutate(city.federation, um, 'submitHandling', { id, expectedVersion: 4, result: '已修补' }))?.code).toBe('CONFLICT');
    expect(firstError(await mutate(city.federation, um, 'submitHandling', { id, expectedVersion: 5, result: '已修补' }))).toEqual({
      code: 'BAD_USER_INPUT',
      message: `Cannot submitHandling: event ${id} is HANDLED; allowed next steps: verifyEvent`,
    });
    expect(await counts()).toEqual(before);

    const worker = as.gridWorker(city.base.gridCode);
    await mutate(city.federation, worker, 'verifyEvent', { id, expectedVersion: 5, passed: true });
    for (const satisfaction of [0, 6]) {
      const result = await mutate(city.federation, police, 'evaluateEvent', { id, expectedVersion: 6, satisfaction });
      expect(firstError(result)).toEqual({ code: 'BAD_USER_INPUT', message: `satisfaction must be a whole number from 1 to 5, got ${satisfaction}` });
    }
    const good = await mutate(city.federation, police, 'evaluateEvent', { id, expectedVersion: 6, satisfaction: 5 });
    expect(good.body.data.evaluateEvent.event).toMatchObject({ status: 'EVALUATED', version: 7 });
  });
});
