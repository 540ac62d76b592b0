import { gridCodePrefix, gridLevelOfCode, isWithinGridCode, parentGridCode, validateGridCode } from './grid-code';

describe('gridLevelOfCode', () => {
  it('tells the four levels apart', () => {
    expect(gridLevelOfCode('449900')).toBe('CITY');
    expect(gridLevelOfCode('449900101000')).toBe('TOWN');
    expect(gridLevelOfCode('449900101001')).toBe('COMMUNITY');
    expect(gridLevelOfCode('449900101001003')).toBe('GRID');
  });

  it('gives undefined for malformed codes', () => {
    for (const code of ['', '44990', '4499001', '449900101', '4499001010010', '44990010100100301', '449900000001']) {
      expect(gridLevelOfCode(code)).toBeUndefined();
    }
    expect(gridLevelOfCode('44990A')).toBeUndefined();
  });
});

describe('validateGridCode', () => {
  it.each([
    ['44990A', 'must contain only digits, got "44990A"'],
    ['449900 ', 'must contain only digits, got "449900 "'],
    ['4499001', 'must be 6 (city), 12 (town or community) or 15 (grid) digits, got 7'],
    ['', 'must be 6 (city), 12 (town or community) or 15 (grid) digits, got 0'],
    ['449900000001', 'town number (digits 7-9) must not be 000'],
    ['449900000001001', 'town number (digits 7-9) must not be 000'],
    ['449900101000001', 'community number (digits 10-12) must not be 000'],
    ['449900101001000', 'grid number (digits 13-15) must not be 000'],
  ])('refuses %j: %s', (code, reason) => {
    expect(validateGridCode(code)).toEqual({ ok: false, reason });
  });
});

describe('gridCodePrefix', () => {
  it('gives the prefix every descendant shares', () => {
    expect(gridCodePrefix('449900')).toEqual({ ok: true, level: 'CITY', prefix: '449900' });
    expect(gridCodePrefix('449900101000')).toEqual({ ok: true, level: 'TOWN', prefix: '449900101' });
    expect(gridCodePrefix('449900101001')).toEqual({ ok: true, level: 'COMMUNITY', prefix: '449900101001' });
    expect(gridCodePrefix('449900101001003')).toEqual({ ok: true, level: 'GRID', prefix: '449900101001003' });
  });

  it('reports why a code has no prefix', () => {
    expect(gridCodePrefix('12345')).toMatchObject({ ok: false });
  });
});

describe('parentGridCode and isWithinGridCode', () => {
  it('walks up the hierarchy', () => {
    expect(parentGridCode('449900101001003')).toBe('449900101001');
    expect(parentGridCode('449900101001')).toBe('449900101000');
    expect(parentGridCode('449900101000')).toBe('449900');
    expect(parentGridCode('449900')).toBeNull();
    expect(parentGridCode('4499')).toBeUndefined();
  });

  it('places descendants, including addresses that extend a grid code, inside their ancestors', () => {
    expect(isWithinGridCode('449900101001003', '449900101000')).toBe(true);
    expect(isWithinGridCode('4499001010010030012', '449900101001003')).toBe(true);
    expect(isWithinGridCode('449900102001003', '449900101000')).toBe(false);
    expect(isWithinGridCode('449900101001', '449900101001')).toBe(true);
    expect(isWithinGridCode('449900101001', 'bad')).toBe(false);
  });
});
