import { loadSupervisionRules, parseSupervisionRules } from './rules';

const LEVELS = `levels:
  ELECTRONIC_REMINDER: { name: 电子催办, responseWorkingDays: 1, respondent: holder }
  OVERDUE_NOTICE: { name: 超期未结通知, responseWorkingDays: 1, respondent: holder }
  RESPONSIBLE_UNIT_ASSIGNMENT: { name: 责任主体交办, responseWorkingDays: 2, respondent: leader }
  ON_SITE_SUPERVISION: { name: 现场督办, responseWorkingDays: 1, respondent: leader }
  SMS_SUPERVISION: { name: 短信督办, responseWorkingDays: 0.5, respondent: holder }
`;
const file = (rules: string, levels = LEVELS) => `version: "t"\n${levels}rules:\n  default:\n    OVERDUE_NOTICE: { at: DEADLINE }\n${rules}`;

describe('supervision.yaml', () => {
  it('ships five levels and a default ladder, with domains of their own', () => {
    const rules = loadSupervisionRules();
    expect([...rules.levels.values()].map((l) => l.name)).toEqual(['电子催办', '超期未结通知', '责任主体交办', '现场督办', '短信督办']);
    expect(rules.rulesFor('SANITATION').map((r) => r.level)).toEqual([1, 2, 3, 4, 5]);
    expect(rules.rulesFor('FIRE_SAFETY').find((r) => r.level === 3)).toEqual({ level: 3, at: 'DEADLINE', afterWorkingDays: 1 });
    expect(rules.rulesFor('DISPUTE').map((r) => r.level)).toEqual([1, 2, 3, 5]);
  });

  it.each([
    ['  HEALTH:\n    OVERDUE_NOTICE: { at: DEADLINE }\n', null],
    ['  FIRE:\n    OVERDUE_NOTICE: { at: DEADLINE }\n', /rules\.FIRE: not a domain of the catalogue/],
    ['  HEALTH:\n    PHONE_CALL: { at: DEADLINE }\n', /rules\.HEALTH: Unrecognized key: "PHONE_CALL"/],
    ['  HEALTH:\n    OVERDUE_NOTICE: { at: WARNING, afterWorkingDays: 1 }\n', /rules\.HEALTH\.OVERDUE_NOTICE: afterWorkingDays counts from the DEADLINE only/],
    [
      '  HEALTH:\n    OVERDUE_NOTICE: { at: DEADLINE, afterWorkingDays: 3 }\n    ON_SITE_SUPERVISION: { at: DEADLINE, afterWorkingDays: 1 }\n',
      /rules\.HEALTH\.ON_SITE_SUPERVISION: comes due before the lower level OVERDUE_NOTICE/,
    ],
    ['  HEALTH:\n    OVERDUE_NOTICE: { at: NOON }\n', /rules\.HEALTH\.OVERDUE_NOTICE\.at/],
  ])('validates the rules and names the entry (%#)', (rules, error) => {
    if (error === null) expect(() => parseSupervisionRules(file(rules))).not.toThrow();
    else expect(() => parseSupervisionRules(file(rules))).toThrow(error);
  });

  it('needs every level described, with who answers it', () => {
    expect(() => parseSupervisionRules(file('', LEVELS.replace(/ {2}SMS_SUPERVISION.*\n/, '')))).toThrow(/levels\.SMS_SUPERVISION/);
    expect(() => parseSupervisionRules(file('', LEVELS.replace('respondent: leader }', 'respondent: mayor }')))).toThrow(
      /levels\.RESPONSIBLE_UNIT_ASSIGNMENT\.respondent/,
    );
    expect(() => parseSupervisionRules('version: [')).toThrow(/not valid YAML/);
  });
});
