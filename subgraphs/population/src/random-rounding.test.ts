import { RandomRounding, ROUNDING_BASE } from './random-rounding';

describe('random rounding to base 5', () => {
  const rounding = new RandomRounding(Buffer.from('a test secret, never a deployment key'));

  it('publishes a multiple of 5 next to the count, and multiples of 5 as they are', () => {
    for (let n = 0; n <= 200; n++) {
      const published = rounding.round(`cell-${n}`, n);
      expect(published % ROUNDING_BASE).toBe(0);
      expect(Math.abs(published - n)).toBeLessThan(ROUNDING_BASE);
      if (n % ROUNDING_BASE === 0) expect(published).toBe(n);
    }
  });

  it('rounds the same cell and count the same way every time, so repeating a query cannot average it out', () => {
    const first = Array.from({ length: 50 }, (_, i) => rounding.round(`grid-${i}|total`, 3));
    const again = Array.from({ length: 50 }, (_, i) => rounding.round(`grid-${i}|total`, 3));
    expect(again).toEqual(first);
    expect(new RandomRounding(Buffer.from('a test secret, never a deployment key')).round('grid-7|total', 3)).toBe(first[7]);
  });

  it('is unbiased: over many cells a count of 3 goes up about 3 times in 5', () => {
    const cells = 20_000;
    let up = 0;
    for (let i = 0; i < cells; i++) if (rounding.round(`c${i}`, 3) === 5) up++;
    expect(up / cells).toBeGreaterThan(0.57);
    expect(up / cells).toBeLessThan(0.63);
  });

  it('depends on the key: another deployment rounds its cells differently', () => {
    const other = new RandomRounding(Buffer.from('another secret'));
    const cells = Array.from({ length: 200 }, (_, i) => `c${i}`);
    expect(cells.map((c) => other.round(c, 2))).not.toEqual(cells.map((c) => rounding.round(c, 2)));
  });

  it('refuses what is not a count', () => {
    expect(() => rounding.round('c', -1)).toThrow(/not negative/);
    expect(() => rounding.round('c', 2.5)).toThrow(/whole/);
  });
});
