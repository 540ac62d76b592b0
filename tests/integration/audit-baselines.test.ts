import type { AuditPrisma } from '../../subgraphs/audit/src/prisma';
import { chainSpecs, insertTrail, RecordSpec } from '../helpers/audit-fixtures';
import { startTestFederation, testBackends, TestFederation } from '../helpers/federation';

const AUDITOR = { department: 'audit-office', user: 'auditor-1' };
const ANOMALIES = `query ($from: String!, $to: String!, $d: ID) {
  anomalies(from: $from, to: $to, department: $d) { kind department windowStart windowEnd reason reasonZh recordCount }
}`;

/** `count` operations of a department on a local day, a minute apart from 10:00 (or `hour`), China time. */
const day = (department: string, date: string, count: number, hour = '10'): RecordSpec[] =>
  Array.from({ length: count }, (_, i) => ({ at: new Date(Date.parse(`${date}T${hour}:00:00+08:00`) + i * 60_000).toISOString(), department }));
const everyWeek = (department: string, dates: string[], count: number) => dates.flatMap((d) => day(department, d, count));

/**
 * Volume baselines on a trail whose every timestamp the test sets (the clock is the records'):
 * 2026-03-03 is a Tuesday; Qingming makes Monday 2026-04-06 a public holiday.
 */
function trail(): RecordSpec[] {
  return [
    // A fresh city: public security's first day is busy and has nothing to compare with.
    ...day('public-security', '2026-06-02', 134),
    // Health: 10 on each Tuesday and 12 on each Wednesday of March, then 31 on both of the next.
    ...everyWeek('health', ['2026-03-03', '2026-03-10', '2026-03-17', '2026-03-24'], 10),
    ...everyWeek('health', ['2026-03-04', '2026-03-11', '2026-03-18', '2026-03-25'], 12),
    ...day('health', '2026-03-31', 31),
    ...day('health', '2026-04-01', 31),
    // Education connected on 7 April: 40 a week later is within its warm-up.
    ...day('education', '2026-04-07', 10),
    ...day('education', '2026-04-14', 40),
    // Civil affairs: 10 on ordinary Mondays, none on the Qingming Monday, 25 on 20 April.
    ...everyWeek('civil-affairs', ['2026-03-23', '2026-03-30', '2026-04-13'], 10),
    ...day('civil-affairs', '2026-04-20', 25),
    // Housing: a quiet 10:00 (10) and a busy 15:00 (50) each Tuesday of March; on 31 March 10:00 has
    // 31 and 15:00 its usual 50. The day (81 against 60) is ordinary; its 10:00 hour is not.
    ...everyWeek('housing', ['2026-03-03', '2026-03-10', '2026-03-17', '2026-03-24', '2026-03-31'], 10),
    ...['2026-03-03', '2026-03-10', '2026-03-17', '2026-03-24', '2026-03-31'].flatMap((d) => day('housing', d, 50, '15')),
    ...day('housing', '2026-03-31', 21, '10').map((r) => ({ ...r, at: new Date(Date.parse(r.at) + 20 * 60_000).toISOString() })),
  ];
}

describe.each(testBackends())('volume baselines that learn (%s)', (backend) => {
  let federation: TestFederation;
  beforeAll(async () => {
    federation = await startTestFederation({
      backend,
      seed: false,
      prepare: async (databases) => insertTrail(databases.audit!.prisma as AuditPrisma, chainSpecs(trail())),
    });
  });
  afterAll(() => federation?.stop());

  const volume = async (from: string, to: string, d?: string) => {
    const { body } = await federation.queryAs(AUDITOR, ANOMALIES, { from, to, d });
    expect(body.errors).toBeUndefined();
    return (body.data.anomalies as any[]).filter((a) => a.kind === 'VOLUME_ABOVE_BASELINE');
  };

  it('raises nothing on day one of a fresh city, however busy', async () => {
    expect(await volume('2026-06-02', '2026-06-02', 'public-security')).toEqual([]);
  });

  it('raises nothing while a department is still in its warm-up', async () => {
    expect(await volume('2026-04-14', '2026-04-14', 'education')).toEqual([]);
  });

  it('raises one finding when a department triples its usual Tuesday, and none for a Wednesday that does not', async () => {
    const found = await volume('2026-03-31', '2026-04-01', 'health');
    expect(found).toEqual([
      expect.objectContaining({ department: 'health', windowStart: '2026-03-31T02:00:00.000Z', windowEnd: '2026-03-31T03:00:00.000Z', recordCount: 31 }),
    ]);
    expect(found[0].reason).toMatch(
      /on 2026-03-31 \(China time\): 31 operations in 10:00–11:00 against a mean of 10\.0 \(3\.1×\), the same hour on the previous 4 Tuesdays/,
    );
    expect(found[0].reasonZh).toMatch(/10:00至11:00操作31次（此前平均10\.0次）/);
    expect(found[0].reasonZh).toMatch(/4个周二/);
    // One language per message.
    expect(found[0].reasonZh).not.toMatch(/[A-Za-z]{3,}/);
  });

  it('raises one finding when a department triples its usual Tuesday 10:00, though its day is ordinary', async () => {
    const found = await volume('2026-03-31', '2026-03-31', 'housing');
    expect(found).toEqual([
      expect.objectContaining({ department: 'housing', windowStart: '2026-03-31T02:00:00.000Z', windowEnd: '2026-03-31T03:00:00.000Z', recordCount: 31 }),
    ]);
    // Its busy 15:00 is its habit, not a finding.
    expect(found[0].reason).not.toMatch(/15:00/);
    // The same Tuesdays before were the baseline, not findings.
    expect(await volume('2026-03-10', '2026-03-24', 'housing')).toEqual([]);
  });

  it('leaves public holidays out of the baseline: a holiday Monday is not a quiet Monday', async () => {
    // With the Qingming Monday counted as 0 the mean would be 7.5 and 25 would be above 3×.
    expect(await volume('2026-04-20', '2026-04-20', 'civil-affairs')).toEqual([]);
  });
});
