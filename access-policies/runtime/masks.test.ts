import { MASKS } from './masks';

describe('masks', () => {
  it.each([
    ['id-number', '44190019900101123X', '441900********123X'],
    ['id-number-region', '44190019900101123X', '441900************'],
    ['id-number-region', '4419', '******'],
    ['birth-month', '1990-01-31', '1990-01'],
    ['phone', '13812345678', '138****5678'],
    ['name', '张三丰', '张**'],
    ['name', '欧阳娜娜', '欧阳**'],
    ['name', '李', '李*'],
    ['birth-date', '1990-01-01', '1990'],
    ['address', '广东省示范市榕溪镇长岗村和平路14号3栋2单元302室', '广东省示范市榕溪镇长岗村和平路14号3栋'],
    ['welfare-tags', ['KEY_PERSON', 'ELDERLY_ALONE', 'DISABILITY', 'LOW_INCOME'], ['ELDERLY_ALONE', 'DISABILITY']],
  ] as const)('%s masks %p to %p', (mask, value, masked) => {
    expect(MASKS[mask](value)).toEqual(masked);
  });

  it.each(Object.keys(MASKS))('%s passes null through', (mask) => {
    expect(MASKS[mask as keyof typeof MASKS](null)).toBeNull();
  });
});
