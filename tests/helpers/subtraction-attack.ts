/**
 * The attacker of the population statistics, as data: what a department that reads only aggregates
 * knows about the counts of every grid of the city, and what it can conclude from them.
 *
 * Cells are `<grid>|<dimension>|<category>` (dimension total, sex, age or tag). The attacker knows
 * (1) each published count's interval: exact, or within roundingBase - 1 of the published value, or
 * 0–4 when suppressed (the threshold the schema documented); populationCount is the total once more;
 * (2) that counts are whole and not negative; (3) every additive relation: a grid's total is the sum
 * of its sexes and of its age bands, each tag count is at most the total, and every cell of a grid
 * is the sum of the same cell of its child grids.
 */
export interface Bucket {
  key: string;
  count: number | null;
  suppressed: boolean;
}

export interface PublishedStats {
  children: string[];
  populationCount: number | null;
  stats: { roundingBase?: number; total: Bucket; bySex: Bucket[]; byAgeBand: Bucket[]; byTag: Bucket[] };
}

export interface Interval {
  lo: number;
  hi: number;
}

/** What "suppressed" meant where the API suppressed instead of rounding: a count from 0 to 4. */
const SUPPRESSED_BELOW = 5;

type Delta = Map<string, number>;

export class SubtractionAttack {
  private readonly intervals = new Map<string, Interval>();
  /** whole = sum of parts */
  private readonly sums: { whole: string; parts: string[] }[] = [];
  /** part <= whole */
  private readonly atMost: { part: string; whole: string }[] = [];
  private readonly parent = new Map<string, string>();
  private readonly children = new Map<string, string[]>();
  private readonly categories: Record<'sex' | 'age' | 'tag', string[]>;

  constructor(city: Map<string, PublishedStats>) {
    const any = [...city.values()][0].stats;
    this.categories = { sex: any.bySex.map((b) => b.key), age: any.byAgeBand.map((b) => b.key), tag: any.byTag.map((b) => b.key) };
    for (const [grid, published] of city) {
      this.children.set(grid, published.children);
      for (const child of published.children) this.parent.set(child, grid);
    }
    for (const [grid, published] of city) {
      const base = published.stats.roundingBase ?? 1;
      const observe = (dimension: string, bucket: Bucket) =>
        this.observe(
          `${grid}|${dimension}|${bucket.key}`,
          bucket.suppressed || bucket.count === null ? { lo: 0, hi: SUPPRESSED_BELOW - 1 } : interval(bucket.count, base),
        );
      observe('total', published.stats.total);
      if (published.populationCount !== null) this.observe(`${grid}|total|total`, interval(published.populationCount, base));
      published.stats.bySex.forEach((b) => observe('sex', b));
      published.stats.byAgeBand.forEach((b) => observe('age', b));
      published.stats.byTag.forEach((b) => observe('tag', b));
      const total = `${grid}|total|total`;
      this.sums.push({ whole: total, parts: this.categories.sex.map((k) => `${grid}|sex|${k}`) });
      this.sums.push({ whole: total, parts: this.categories.age.map((k) => `${grid}|age|${k}`) });
      for (const k of this.categories.tag) this.atMost.push({ part: `${grid}|tag|${k}`, whole: total });
      if (published.children.length > 0) {
        for (const cell of this.cellsOf(grid)) {
          const suffix = cell.slice(grid.length);
          this.sums.push({ whole: cell, parts: published.children.map((c) => `${c}${suffix}`) });
        }
      }
    }
  }

  private observe(cell: string, seen: Interval): void {
    const known = this.intervals.get(cell) ?? { lo: 0, hi: Number.MAX_SAFE_INTEGER };
    this.intervals.set(cell, { lo: Math.max(known.lo, seen.lo, 0), hi: Math.min(known.hi, seen.hi) });
  }

  private cellsOf(grid: string): string[] {
    return [`${grid}|total|total`, ...(['sex', 'age', 'tag'] as const).flatMap((d) => this.categories[d].map((k) => `${grid}|${d}|${k}`))];
  }

  /** The relations a candidate city breaks (none for the true city, or the attacker's model is wrong). */
  violatedBy(values: Map<string, number>): string[] {
    const problems: string[] = [];
    for (const [cell, { lo, hi }] of this.intervals) {
      const v = values.get(cell);
      if (v === undefined || v < lo || v > hi) problems.push(`${cell} = ${v} outside ${lo}..${hi}`);
    }
    for (const { whole, parts } of this.sums) {
      const sum = parts.reduce((a, p) => a + (values.get(p) ?? NaN), 0);
      if (sum !== values.get(whole)) problems.push(`${whole} = ${values.get(whole)} but its parts sum to ${sum}`);
    }
    for (const { part, whole } of this.atMost) {
      if (values.get(part)! > values.get(whole)!) problems.push(`${part} exceeds ${whole}`);
    }
    return problems;
  }

  /**
   * Subtraction done thoroughly: bounds propagation over every relation until nothing changes.
   * A cell whose bounds meet is recovered exactly.
   */
  propagate(): Map<string, Interval> {
    const bounds = new Map([...this.intervals].map(([c, i]) => [c, { ...i }]));
    let changed = true;
    const tighten = (cell: string, lo: number, hi: number) => {
      const b = bounds.get(cell)!;
      if (lo > b.lo) {
        b.lo = lo;
        changed = true;
      }
      if (hi < b.hi) {
        b.hi = hi;
        changed = true;
      }
      if (b.lo > b.hi) throw new Error(`the published counts contradict each other at ${cell}`);
    };
    while (changed) {
      changed = false;
      for (const { whole, parts } of this.sums) {
        const sumLo = parts.reduce((a, p) => a + bounds.get(p)!.lo, 0);
        const sumHi = parts.reduce((a, p) => a + bounds.get(p)!.hi, 0);
        tighten(whole, sumLo, sumHi);
        const w = bounds.get(whole)!;
        for (const p of parts) {
          const b = bounds.get(p)!;
          tighten(p, w.lo - (sumHi - b.hi), w.hi - (sumLo - b.lo));
        }
      }
      for (const { part, whole } of this.atMost) {
        tighten(part, bounds.get(part)!.lo, bounds.get(whole)!.hi);
        tighten(whole, bounds.get(part)!.lo, bounds.get(whole)!.hi);
      }
    }
    return bounds;
  }

  /**
   * Looks for a second city, consistent with everything published, in which `cell` differs from the
   * truth: the true city changed by one person added, removed, moved to another grid, or with one
   * attribute (sex, age band, a tag) changed. Every such change keeps the sums by construction, so
   * only the intervals and "tag <= total" need checking. Finding one proves that the attacker's
   * feasible set for the cell holds more than one value.
   */
  alternativeFor(cell: string, truth: Map<string, number>): boolean {
    const [grid, dimension, category] = cell.split('|') as [string, 'total' | 'sex' | 'age' | 'tag', string];
    const inside = this.leavesUnder(grid);
    const outside = this.leavesUnder(this.root()).filter((g) => !inside.includes(g));
    const sexes = dimension === 'sex' ? [category] : this.categories.sex;
    const bands = dimension === 'age' ? [category] : this.categories.age;
    const tags = dimension === 'tag' ? [category] : [];
    for (const sign of [1, -1]) {
      for (const g of inside) {
        for (const sex of sexes) {
          for (const band of bands) {
            const person = this.person(g, sex, band, tags, sign);
            if (this.feasible(person, truth, cell)) return true;
            for (const h of outside) if (this.feasible(merge(person, this.person(h, sex, band, tags, -sign)), truth, cell)) return true;
          }
        }
        if (dimension === 'sex' || dimension === 'age') {
          for (const other of this.categories[dimension].filter((k) => k !== category)) {
            const change = new Map<string, number>();
            for (const n of this.chain(g)) {
              add(change, `${n}|${dimension}|${category}`, sign);
              add(change, `${n}|${dimension}|${other}`, -sign);
            }
            if (this.feasible(change, truth, cell)) return true;
          }
        }
        if (dimension === 'tag') {
          const toggle = new Map<string, number>();
          for (const n of this.chain(g)) add(toggle, `${n}|tag|${category}`, sign);
          if (this.feasible(toggle, truth, cell)) return true;
          for (const h of outside) {
            const moved = new Map(toggle);
            for (const n of this.chain(h)) add(moved, `${n}|tag|${category}`, -sign);
            if (this.feasible(moved, truth, cell)) return true;
          }
        }
      }
    }
    return false;
  }

  private person(leaf: string, sex: string, band: string, tags: string[], sign: number): Delta {
    const delta: Delta = new Map();
    for (const n of this.chain(leaf)) {
      add(delta, `${n}|total|total`, sign);
      add(delta, `${n}|sex|${sex}`, sign);
      add(delta, `${n}|age|${band}`, sign);
      for (const t of tags) add(delta, `${n}|tag|${t}`, sign);
    }
    return delta;
  }

  private feasible(delta: Delta, truth: Map<string, number>, cell: string): boolean {
    if (!delta.get(cell)) return false;
    const value = (c: string) => truth.get(c)! + (delta.get(c) ?? 0);
    const grids = new Set<string>();
    for (const [c, d] of delta) {
      if (d === 0) continue;
      const { lo, hi } = this.intervals.get(c)!;
      const v = value(c);
      if (v < lo || v > hi) return false;
      grids.add(c.split('|')[0]);
    }
    for (const g of grids) {
      for (const k of this.categories.tag) if (value(`${g}|tag|${k}`) > value(`${g}|total|total`)) return false;
    }
    return true;
  }

  private chain(grid: string): string[] {
    const chain = [grid];
    while (this.parent.has(chain.at(-1)!)) chain.push(this.parent.get(chain.at(-1)!)!);
    return chain;
  }

  private root(): string {
    return [...this.children.keys()].find((g) => !this.parent.has(g))!;
  }

  private leavesUnder(grid: string): string[] {
    const children = this.children.get(grid) ?? [];
    return children.length === 0 ? [grid] : children.flatMap((c) => this.leavesUnder(c));
  }
}

function interval(count: number | null, base: number): Interval {
  if (count === null) return { lo: 0, hi: Number.MAX_SAFE_INTEGER };
  return { lo: Math.max(0, count - (base - 1)), hi: count + (base - 1) };
}

function add(delta: Delta, cell: string, by: number): void {
  delta.set(cell, (delta.get(cell) ?? 0) + by);
}

function merge(a: Delta, b: Delta): Delta {
  const merged = new Map(a);
  for (const [c, d] of b) add(merged, c, d);
  return merged;
}
