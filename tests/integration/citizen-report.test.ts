import type { TestFederation } from '../helpers/federation';
import { testBackends } from '../helpers/federation';
import { PolicyFixtures, startPolicyFederation } from '../policies/fixtures';

const AUDITOR = { department: 'audit-office', user: 'auditor-1' };
const REPORT = `query ($id: String!) { citizenAccessReport(idNumber: $id) { html generatedAt entries withheld } }`;
const PERSON = 'query Card($id: ID!) { person(id: $id) { name idNumber phone birthDate householdRegistration } }';
const DAY_MS = 86_400_000;

/**
 * A citizen's access report on the seeded city, through the gateway: real reads of a person by
 * health, by public security under case investigation, and a refused one by education; the clock
 * is the test's, so the withholding period can pass.
 */
describe.each(testBackends())("a citizen's access report (%s)", (backend) => {
  let federation: TestFederation;
  let fixtures: PolicyFixtures;
  let clock = Date.parse('2026-03-11T02:05:00Z');
  beforeAll(async () => {
    ({ federation, fixtures } = await startPolicyFederation({ backend, now: () => new Date(clock), auditNow: () => new Date(clock) }));
    const id = fixtures.personA.id;
    expect(
      (await federation.queryAs({ department: 'health', user: 'dr-wang', purpose: 'epidemic-prevention' }, PERSON, { id })).body.data.person,
    ).not.toBeNull();
    expect(
      (await federation.queryAs({ department: 'public-security', user: 'ps-li', purpose: 'case-investigation' }, PERSON, { id })).body.data.person,
    ).not.toBeNull();
    expect((await federation.queryAs({ department: 'education', user: 'edu-zhao' }, PERSON, { id })).status).toBe(400);
  });
  afterAll(() => federation?.stop());

  const report = async () => {
    const answer = await federation.queryAs(AUDITOR, REPORT, { id: fixtures.personA.idNumber });
    expect(answer.body.errors).toBeUndefined();
    return { ...answer.body.data.citizenAccessReport, requestId: answer.headers.get('x-request-id') };
  };
  const lines = (html: string) => [...html.matchAll(/<tr data-line>(.*?)<\/tr>/g)].map((m) => m[1]!.replace(/<\/td><td>/g, ' | ').replace(/<\/?td>/g, ''));

  it('lists who read which kinds of data, when in China time and why, in Chinese; withholds the investigation', async () => {
    const { html, entries, withheld } = await report();
    expect([entries, withheld]).toEqual([1, 1]);
    expect(lines(html)).toEqual(['2026-03-11 10:05 | 卫生健康局 | 查询 | 疫情防控 | 姓名、身份证号、出生日期、联系电话、户籍地']);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('@page');
    // The document says that investigations are withheld, never how many.
    expect(html).toMatch(/以“案件侦查”为事由的查询在180日内不列入本告知书/);
  });

  it('holds no value of the person, raw or as the auditor would see it masked', async () => {
    const { html } = await report();
    const person = fixtures.personA;
    const values = [
      person.name,
      person.idNumber,
      person.phone,
      person.birthDate,
      person.idNumber.slice(0, 6),
      person.idNumber.slice(-4),
      person.phone.slice(-4),
    ];
    // What the audit office itself may read of the person: nothing of its own policy's masked or raw values may be in the report either.
    const asAuditor = await federation.queryAs(AUDITOR, PERSON, { id: person.id });
    const auditorView = Object.values(asAuditor.body.data?.person ?? {}).filter((v): v is string => typeof v === 'string' && v.length >= 4);
    for (const value of [...values, ...auditorView]) expect(html).not.toContain(value);
  });

  it('lists the investigation once the policy period has passed', async () => {
    clock += 181 * DAY_MS;
    try {
      const { html, entries, withheld } = await report();
      expect([entries, withheld]).toEqual([2, 0]);
      expect(lines(html)).toContainEqual(expect.stringMatching(/^2026-03-11 10:05 \| 公安局 \| 查询 \| 案件侦查 \| /));
    } finally {
      clock -= 181 * DAY_MS;
    }
  });

  it('puts its own production on the trail, without the ID number', async () => {
    const { requestId } = await report();
    const { body } = await federation.queryAs(AUDITOR, `query ($r: ID) { auditRecord(requestId: $r) { department userId rootFields line } }`, { r: requestId });
    expect(body.data.auditRecord).toMatchObject({ department: 'audit-office', userId: 'auditor-1', rootFields: ['Query.citizenAccessReport'] });
    expect(body.data.auditRecord.line).not.toContain(fixtures.personA.idNumber);
  });

  it('is refused to any other department', async () => {
    const answer = await federation.queryAs({ department: 'public-security', user: 'ps-li' }, REPORT, { id: fixtures.personA.idNumber });
    expect(answer.body.data?.citizenAccessReport ?? null).toBeNull();
    expect(answer.body.errors?.length).toBeGreaterThan(0);
  });
});
