import { AnswerChecker } from './answer-check';

/** The checks a load's answers go through: a wrong answer under load must fail the run, never yield a figure. */
describe('answers under load', () => {
  const expected = { data: { personByIdNumber: { name: '测试甲', gender: 'MALE' } } };
  const right = JSON.stringify(expected);

  it('accepts the expected data, also when a gateway spaces its JSON differently', () => {
    const checker = new AnswerChecker('lookup');
    checker.observe(expected, 200, right);
    checker.observe(expected, 200, right);
    checker.observe(expected, 200, JSON.stringify(expected, null, 1));
    expect(checker.result()).toEqual({ checked: 3, wrong: 0, undecodable: 0 });
    expect(() => checker.assertRight()).not.toThrow();
  });

  it('fails on a quota refusal that still answers HTTP 200 with partial data', () => {
    const checker = new AnswerChecker('lookup');
    checker.observe(expected, 200, right);
    checker.observe(
      expected,
      200,
      JSON.stringify({
        data: { personByIdNumber: { name: null, gender: null } },
        errors: [{ message: "public-security's daily quota of personal records cannot cover this request", extensions: { reason: 'QUOTA_EXCEEDED' } }],
      }),
    );
    expect(checker.result()).toEqual(expect.objectContaining({ checked: 2, wrong: 1 }));
    expect(() => checker.assertRight()).toThrow(/lookup: 1 of 2 answers under load were wrong; first: errors: .*QUOTA_EXCEEDED/);
  });

  it('fails on other data, on a non-200 status and on a body that is not JSON', () => {
    for (const [status, body, why] of [
      [200, JSON.stringify({ data: { personByIdNumber: { name: '测试乙', gender: 'MALE' } } }), /data differs at \$\.personByIdNumber\.name/],
      [503, right, /HTTP 503/],
      [200, '<html>', /not JSON/],
    ] as const) {
      const checker = new AnswerChecker('x');
      checker.observe(expected, status, body);
      expect(() => checker.assertRight()).toThrow(why);
    }
  });

  it('judges answers that differ by design with their own check', () => {
    const checker = new AnswerChecker('writes');
    const created = { check: (data: any) => (data?.registerArrival?.replayed === false ? undefined : 'not a new write') };
    checker.observe(created, 200, JSON.stringify({ data: { registerArrival: { replayed: false } } }));
    checker.observe(created, 200, JSON.stringify({ data: { registerArrival: { replayed: true } } }));
    expect(() => checker.assertRight()).toThrow(/1 of 2 answers under load were wrong; first: not a new write/);
  });

  it('counts apart an answer the load generator split inside a character, and fails when none could be judged', () => {
    const checker = new AnswerChecker('lookup');
    checker.observe(expected, 200, right.replace('测', '\uFFFD'));
    expect(checker.result()).toEqual({ checked: 0, wrong: 0, undecodable: 1 });
    expect(() => checker.assertRight()).toThrow(/none of the 1 answers under load could be decoded/);
  });
});
