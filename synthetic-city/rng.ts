/**
 * A seeded pseudo-random generator (sfc32, seeded through splitmix32). Math.random cannot be seeded, and the
 * generated city must be byte-identical for the same seed on every machine, so nothing here touches it.
 * Streams let each town draw from its own sequence: a town's content then does not depend on how many
 * numbers the towns before it happened to draw, so towns can be generated one at a time.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Only the low 32 bits of `seed` and `stream` count. */
  constructor(seed: number, stream = 0) {
    let state = (seed >>> 0) ^ Math.imul(stream >>> 0, 0x9e3779b9);
    const next = (): number => {
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Integer in [min, max] skewed towards min: the larger `skew`, the stronger. */
  skewedInt(min: number, max: number, skew: number): number {
    return min + Math.floor(Math.pow(this.next(), skew) * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Log-normal around `median`, clamped to [min, max] and rounded. */
  logNormalInt(median: number, sigma: number, min: number, max: number): number {
    return Math.min(max, Math.max(min, Math.round(median * Math.exp(sigma * this.normal()))));
  }
}

/** A fixed weighted choice, prepared once because tables such as surnames are drawn from millions of times. */
export class WeightedTable<T> {
  private readonly values: T[];
  private readonly cumulative: number[];

  constructor(entries: readonly (readonly [T, number])[]) {
    this.values = entries.map(([value]) => value);
    let total = 0;
    this.cumulative = entries.map(([, weight]) => (total += weight));
  }

  pick(rng: Rng): T {
    const target = rng.next() * this.cumulative[this.cumulative.length - 1]!;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.cumulative[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return this.values[low]!;
  }
}

/** The index of a weight, chosen in proportion to the weights. */
export function pickIndexByWeight(rng: Rng, weights: readonly number[]): number {
  let draw = rng.next() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length - 1; i++) {
    draw -= weights[i]!;
    if (draw < 0) return i;
  }
  return weights.length - 1;
}

/** Splits `total` into integer parts proportional to `weights` (largest remainder), summing exactly to total. */
export function splitProportionally(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let missing = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((value, index) => ({ index, remainder: value - Math.floor(value) }));
  order.sort((x, y) => y.remainder - x.remainder || x.index - y.index);
  for (let i = 0; missing > 0; i++, missing--) parts[order[i % order.length]!.index]! += 1;
  return parts;
}

/**
 * A keyed permutation of [0, half²): distinct counters give distinct, random-looking numbers, which keeps
 * codes unique across towns without remembering the ones already handed out. Four Feistel rounds over the
 * two base-`half` digits, each round a bijection, so the whole is one.
 */
export function permute(counter: number, half: number, key: number): number {
  let left = Math.floor(counter / half) % half;
  let right = counter % half;
  for (let round = 0; round < 4; round++) {
    let z = Math.imul(right ^ Math.imul(key + round, 0x9e3779b9), 0x85ebca6b);
    z ^= z >>> 13;
    z = Math.imul(z, 0xc2b2ae35);
    z ^= z >>> 16;
    [left, right] = [right, (left + ((z >>> 0) % half)) % half];
  }
  return left * half + right;
}
