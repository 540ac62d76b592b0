import { accessRecordWhere, parseSeq } from './record-filter';

const argumentOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { extensions?: { code?: string; argument?: string } }).extensions;
  }
  throw new Error('expected an error');
};

describe('access record filters', () => {
  it('builds one where from every part', () => {
    expect(
      accessRecordWhere({ department: 'health', userId: 'u1', coordinate: 'Person.phone', outcome: 'PARTIAL', from: '2026-03-01', requestId: 'r1' }),
    ).toEqual({
      department: 'health',
      userId: 'u1',
      requestId: 'r1',
      outcome: 'PARTIAL',
      at: { gte: new Date('2026-02-28T16:00:00.000Z') },
      OR: [{ fieldsGranted: { has: 'Person.phone' } }, { fieldsMasked: { has: 'Person.phone' } }, { fieldsDenied: { has: 'Person.phone' } }],
    });
    expect(accessRecordWhere(null)).toEqual({});
  });

  it.each([
    [{ department: 'ministry-of-magic' }, 'filter.department'],
    [{ coordinate: 'phone' }, 'filter.coordinate'],
    [{ coordinate: 'Person.phone.raw' }, 'filter.coordinate'],
    [{ userId: '' }, 'filter.userId'],
    [{ requestId: 'x'.repeat(201) }, 'filter.requestId'],
    [{ from: 'yesterday' }, 'filter.from'],
    [{ from: '2026-03-02', to: '2026-03-01' }, 'filter.to'],
  ])('refuses %p naming %s', (filter, argument) => {
    expect(argumentOf(() => accessRecordWhere(filter))).toEqual({ code: 'BAD_USER_INPUT', argument });
  });

  it('reads chain positions as bigint and refuses anything else', () => {
    expect(parseSeq('9223372036854775807', 'seq')).toBe(9223372036854775807n);
    for (const bad of ['0', '-1', '1.5', '9223372036854775808', 'abc', '01']) {
      expect(argumentOf(() => parseSeq(bad, 'seq'))).toEqual({ code: 'BAD_USER_INPUT', argument: 'seq' });
    }
  });
});
