import { GraphQLResult, testBackends } from '../helpers/federation';
import { as, newKey, step, useEventsCity } from '../helpers/events';

/**
 * Inputs that reached a server error (INTERNAL_SERVER_ERROR, nothing said about what was wrong):
 * months and dates outside what PostgreSQL or the calendar can take, forged cursors, text that
 * PostgreSQL refuses (NUL), malformed case numbers. Each must be a BAD_USER_INPUT naming the argument
 * and what is allowed, answered without a 5xx, and must change nothing.
 */
const cursor = (key: string) => Buffer.from(`gs1:${key}`, 'utf8').toString('base64url');

/**
 * An input object written into the document rather than sent as variables: the audit trail keeps
 * short variables verbatim, and a NUL there is refused by the trail's own store (503, reported as an
 * audit-trail issue); in the document it reaches the events subgraph, whose refusal this tests.
 */
const literal = (input: Record<string, unknown>): string =>
  `{ ${Object.entries(input)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join(', ')} }`;

describe.each(testBackends())('events arguments never reach a server error, on %s', (backend) => {
  const city = useEventsCity('2026-11-02T09:00', backend);
  const dispatcher = as.dispatcher();
  let id: string;

  beforeAll(async () => {
    const reported = await step(city.federation, as.police110(), 'reportEvent', {
      idempotencyKey: newKey('input'),
      categoryCode: 'road.pothole',
      description: '路面破损',
      gridCode: city.base.gridCode,
    });
    id = reported.id;
  });

  const snapshot = async () => {
    const { rows } = await city.federation.system.subgraphs.events!.db.sql.query<{ n: number; versions: number; transitions: number }>(
      `SELECT (SELECT count(*) FROM event)::int AS n, (SELECT sum(version) FROM event)::int AS versions,
              (SELECT count(*) FROM event_transition)::int AS transitions`,
    );
    return rows[0];
  };

  function expectBadInput(result: GraphQLResult<unknown>, message: RegExp) {
    expect(result.status).toBeLessThan(500);
    const error = result.body.errors?.[0];
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error?.message).toMatch(message);
  }

  it.each([
    [
      'a month past year 9999',
      `{ eventRanking(month: "9999-12", groupBy: DEPARTMENT) { rank } }`,
      /^month must be a month YYYY-MM from 2000-01 to 2099-12, got "9999-12"$/,
    ],
    ['year 0000', `{ eventRanking(month: "0000-01", groupBy: TOWN) { rank } }`, /^month must be a month YYYY-MM from 2000-01 to 2099-12/],
    [
      'a malformed month',
      `{ eventRanking(month: "2026-13", groupBy: TOWN) { rank } }`,
      /^month must be a month YYYY-MM from 2000-01 to 2099-12, got "2026-13"$/,
    ],
    [
      'an over-long month',
      `{ eventRanking(month: "${'2'.repeat(5000)}", groupBy: TOWN) { rank } }`,
      /^month must be a month YYYY-MM from 2000-01 to 2099-12, got "2{40}…"$/,
    ],
    [
      'a period in year 0',
      `{ eventAssessment(from: "0000-01-01", to: "0000-01-31", groupBy: TOWN) { unit } }`,
      /^from must be a date YYYY-MM-DD from 2000-01-01 to 2099-12-31, got "0000-01-01"$/,
    ],
    [
      'a period ending past 9999',
      `{ eventAssessment(from: "9999-12-01", to: "9999-12-31", groupBy: DEPARTMENT) { unit } }`,
      /^from must be a date YYYY-MM-DD from 2000-01-01 to 2099-12-31/,
    ],
    [
      'a date that does not exist',
      `{ eventAssessment(from: "2026-02-30", to: "2026-03-01", groupBy: TOWN) { unit } }`,
      /^from must be a date YYYY-MM-DD from 2000-01-01 to 2099-12-31, got "2026-02-30"$/,
    ],
    [
      'a deadline cursor past year 9999',
      `{ overdueEvents(after: "${cursor('999999999999999_E20261102000001')}") { totalCount } }`,
      /^after is not a cursor of this list$/,
    ],
    ['a list cursor carrying NUL', `{ events(after: "${cursor('\u0000')}") { totalCount } }`, /^after is not a cursor of this list$/],
    [
      'a grid list cursor carrying NUL',
      `{ grid(code: "449900") { events(after: "${cursor('E\u0000')}") { totalCount } } }`,
      /^after is not a cursor of this list$/,
    ],
    ['a page size of 0', `{ events(first: 0) { totalCount } }`, /^first must be between 1 and 500, got 0$/],
    [
      'a malformed case number',
      `{ event(id: "E2026\\u0000") { id } }`,
      /^id must be a case number: E, the 8-digit report date and a 6-digit number \(E20261102000001\), got "E2026\\u0000"$/,
    ],
    ['an over-long case number', `{ event(id: "${'E'.repeat(100000)}") { id } }`, /^id must be a case number.*, got "E{40}…"$/],
    [
      'an unknown department',
      `{ overdueEvents(department: "${'x'.repeat(3000)}") { totalCount } }`,
      /^department must be one of public-security, .*, got "x{40}…"$/,
    ],
    [
      'an over-long grid code',
      `{ events(filter: { gridCode: "${'1'.repeat(3000)}" }) { totalCount } }`,
      /^gridCode must be a grid code of 6, 12 or 15 digits, got 3000 characters$/,
    ],
  ])('answers %s with BAD_USER_INPUT naming the argument', async (_, query, message) => {
    expectBadInput(await city.federation.queryAs(dispatcher, query), message);
  });

  it.each([
    ['a case number carrying NUL', 'registerEvent', { expectedVersion: 1, id: 'E2026\u0000' }, /^id must be a case number/],
    ['expectedVersion 0', 'registerEvent', { expectedVersion: 0 }, /^expectedVersion must be a whole number from 1 \(the version you read\), got 0$/],
    ['a note carrying NUL', 'registerEvent', { expectedVersion: 1, note: 'bad\u0000note' }, /^note must not contain control characters/],
    ['a duplicateOfId carrying NUL', 'rejectEvent', { expectedVersion: 1, reason: '重复', duplicateOfId: 'E\u0000' }, /^duplicateOfId must be a case number/],
    ['a reason carrying NUL', 'rejectEvent', { expectedVersion: 1, reason: '重复\u0000' }, /^reason must not contain control characters/],
    ['a description carrying NUL', 'reportEvent', { description: '路面\u0000破损' }, /^description must not contain control characters/],
    ['a contact name carrying NUL', 'reportEvent', { contactName: '张\u0000三' }, /^contactName must not contain control characters/],
    ['a 3000-character grid code', 'reportEvent', { gridCode: 'x'.repeat(3000) }, /^gridCode must be a grid code of 6, 12 or 15 digits, got 3000 characters$/],
    [
      'a 3000-character category',
      'reportEvent',
      { categoryCode: 'c'.repeat(3000) },
      /^categoryCode must be a category of the responsibility catalogue \(see eventCategories\), got "c{40}…"$/,
    ],
  ] as [string, string, Record<string, unknown>, RegExp][])('refuses %s in %s and changes nothing', async (_, mutation, input, message) => {
    const before = await snapshot();
    const defaults =
      mutation === 'reportEvent'
        ? { idempotencyKey: newKey('input'), categoryCode: 'road.pothole', description: '路面破损', gridCode: city.base.gridCode }
        : { id };
    const who = mutation === 'reportEvent' ? as.police110() : dispatcher;
    expectBadInput(await city.federation.queryAs(who, `mutation { ${mutation}(input: ${literal({ ...defaults, ...input })}) { event { id } } }`), message);
    expect(await snapshot()).toEqual(before);
  });
});
