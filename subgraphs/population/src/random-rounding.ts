import { createHmac } from 'node:crypto';

/** Every published count is a multiple of this. */
export const ROUNDING_BASE = 5;

/**
 * Statistical disclosure control for the population counts: unbiased random rounding to base 5,
 * the method statistics offices apply to small-area census tables (Statistics New Zealand, the UK
 * ONS; Hundepool et al., "Statistical Disclosure Control", Wiley 2012, the chapter on frequency
 * tables). A count n = 5q + r is published as 5q + 5 with probability r/5 and as 5q otherwise, so
 * the expected value is n and every published count is consistent with nine true values
 * (R - 4 … R + 4, at least 0). Unlike cell suppression, no cell is exact, so a total minus its
 * visible parts, or a parent minus its sibling grids, no longer yields a small cell.
 *
 * The draw is not random per request but keyed (HMAC-SHA256 of the cell and its count, as in the
 * ABS "cell key" method): the same cell with the same count is always published the same way, so
 * asking again and averaging cannot wash the rounding out, and without the key nobody can tell
 * which way a cell was rounded.
 */
export class RandomRounding {
  private readonly key: Buffer;

  constructor(secret: Buffer) {
    // A key of its own, derived from the deployment's secret, so the two uses never share one.
    this.key = createHmac('sha256', secret).update('gridshare/population-stats/random-rounding/v1').digest();
  }

  /** `cell` names the count (grid prefix, dimension and category); the same cell must always be named alike. */
  round(cell: string, count: number): number {
    if (!Number.isInteger(count) || count < 0) throw new Error(`cannot round ${count}: counts are whole and not negative`);
    const remainder = count % ROUNDING_BASE;
    const down = count - remainder;
    if (remainder === 0) return count;
    return this.draw(cell, count) < remainder / ROUNDING_BASE ? down + ROUNDING_BASE : down;
  }

  /** A uniform number in [0, 1) fixed by the key, the cell and the count. */
  private draw(cell: string, count: number): number {
    const digest = createHmac('sha256', this.key).update(`${cell}\u0000${count}`).digest();
    return digest.readUIntBE(0, 6) / 2 ** 48;
  }
}
