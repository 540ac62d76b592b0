import { createWorkingCalendar } from '../../../kit/src/calendar/working-calendar';
import { assess, CohortRow, rank } from './assess';

/**
 * A hand-computed fixture. November 2026 has no public holidays, so working days are Monday to
 * Friday; every number below is worked out in the comments.
 */
const cst = (dateTime: string) => new Date(`${dateTime}+08:00`);
const calendar = createWorkingCalendar({ holidays: [], makeUpWorkdays: [] });
const NOW = cst('2026-11-09T12:00'); // Monday

function row(unit: string, overrides: Partial<CohortRow>): CohortRow {
  return {
    unit,
    returns: 0,
    closed: false,
    open: false,
    dispatchedAt: cst('2026-11-02T00:00'),
    acceptedAt: cst('2026-11-02T08:00'),
    contactDeadline: cst('2026-11-03T00:00'),
    handleDeadline: cst('2026-11-09T00:00'),
    handledAt: null,
    handledLate: null,
    satisfaction: null,
    ...overrides,
  };
}

const closed = (unit: string, handledAt: string, late: boolean, satisfaction: number | null, dispatchedAt = '2026-11-02T00:00') =>
  row(unit, { closed: true, dispatchedAt: cst(dispatchedAt), handledAt: cst(handledAt), handledLate: late, satisfaction });

const FIXTURE: CohortRow[] = [
  // urban-management: 2.5 working days on time (5 stars); Mon→Mon = 5 days, late (3 stars);
  // one returned; one still open past its Friday deadline.
  closed('urban-management', '2026-11-04T12:00', false, 5),
  closed('urban-management', '2026-11-09T00:00', true, 3),
  row('urban-management', { returns: 1 }),
  row('urban-management', { open: true, handleDeadline: cst('2026-11-06T00:00') }),
  // housing: Thu 12:00 → Mon 12:00 = 12 h + 24 h + 12 h = 2 days (unrated); 6 h = 0.25 day (2 stars).
  closed('housing', '2026-11-09T12:00', false, null, '2026-11-05T12:00'),
  closed('housing', '2026-11-03T06:00', false, 2, '2026-11-03T00:00'),
  // fire-rescue: open, never accepted, contact deadline passed this morning.
  row('fire-rescue', { open: true, acceptedAt: null, contactDeadline: cst('2026-11-09T06:00'), handleDeadline: cst('2026-11-13T00:00') }),
  // health: three closed in one working day each, on time: 5, 5, 4 stars.
  closed('health', '2026-11-03T00:00', false, 5),
  closed('health', '2026-11-03T00:00', false, 5),
  closed('health', '2026-11-03T00:00', false, 4),
  // education: one closed in a day, on time, 5 stars.
  closed('education', '2026-11-03T00:00', false, 5),
];

describe('event assessment', () => {
  const assessments = assess(FIXTURE, NOW, calendar);
  const of = (unit: string) => assessments.find((a) => a.unit === unit)!;

  it('counts received, closed, on time, overdue, handling time, returns and satisfaction per unit', () => {
    expect(of('urban-management')).toEqual({
      unit: 'urban-management',
      received: 4,
      closed: 2,
      closureRate: 0.5,
      onTime: 1,
      onTimeRate: 0.5,
      overdue: 2, // the late one and the open one past its deadline
      averageHandlingWorkingDays: 3.75, // (2.5 + 5) / 2
      returns: 1,
      evaluated: 2,
      averageSatisfaction: 4,
    });
    expect(of('housing')).toMatchObject({
      received: 2,
      closed: 2,
      closureRate: 1,
      onTimeRate: 1,
      overdue: 0,
      averageHandlingWorkingDays: 1.13,
      evaluated: 1,
      averageSatisfaction: 2,
    });
    expect(of('fire-rescue')).toEqual({
      unit: 'fire-rescue',
      received: 1,
      closed: 0,
      closureRate: 0,
      onTime: 0,
      onTimeRate: null,
      overdue: 1, // past the contact limit without accepting
      averageHandlingWorkingDays: null,
      returns: 0,
      evaluated: 0,
      averageSatisfaction: null,
    });
    expect(of('health')).toMatchObject({ received: 3, onTime: 3, averageHandlingWorkingDays: 1, averageSatisfaction: 4.67 });
    expect(assessments.map((a) => a.unit)).toEqual(['education', 'fire-rescue', 'health', 'housing', 'urban-management']);
  });

  it('ranks by score and flags the bottom three', () => {
    // score = 40 × closed/received + 40 × onTime/received + 20 × (satisfaction − 1) / 4 (0.5 when unrated)
    // education 40 + 40 + 20 = 100; health 40 + 40 + 20 × 3.67/4 = 98.35; housing 40 + 40 + 5 = 85;
    // urban-management 20 + 10 + 15 = 45; fire-rescue 0 + 0 + 10 = 10.
    expect(rank(assessments, true).map((e) => [e.rank, e.assessment.unit, e.score, e.flagged])).toEqual([
      [1, 'education', 100, false],
      [2, 'health', 98.35, false],
      [3, 'housing', 85, true],
      [4, 'urban-management', 45, true],
      [5, 'fire-rescue', 10, true],
    ]);
  });

  it('flags nobody while the period is still running', () => {
    expect(rank(assessments, false).map((e) => [e.rank, e.flagged])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, false],
      [5, false],
    ]);
  });

  it('shares ranks on equal scores, flags ties with the third from bottom, and never flags the top', () => {
    const tied = assess(
      [
        closed('a', '2026-11-03T00:00', false, 5),
        closed('b', '2026-11-03T00:00', false, 4),
        closed('c', '2026-11-03T00:00', false, 4),
        closed('d', '2026-11-03T00:00', false, 4),
        closed('e', '2026-11-03T00:00', true, 4),
      ],
      NOW,
      calendar,
    );
    expect(rank(tied, true).map((e) => [e.rank, e.assessment.unit, e.flagged])).toEqual([
      [1, 'a', false],
      [2, 'b', true],
      [2, 'c', true],
      [2, 'd', true],
      [5, 'e', true],
    ]);
    expect(rank(assess([closed('only', '2026-11-03T00:00', true, 1)], NOW, calendar), true)[0]).toMatchObject({ rank: 1, flagged: false });
  });
});
