import DataLoader from 'dataloader';
import { gridCodePrefix } from '../../../platform/identifiers/grid-code';
import type { PopulationPrisma } from './prisma';
import { RandomRounding, ROUNDING_BASE } from './random-rounding';

const AGE_BANDS: [string, number, number][] = [
  ['0-5', 0, 5],
  ['6-14', 6, 14],
  ['15-59', 15, 59],
  ['60-79', 60, 79],
  ['80+', 80, 200],
];
// KEY_PERSON is a police tag: never counted outside public security's own rows.
const STAT_TAGS = ['PRESCHOOL_CHILD', 'SCHOOL_AGE', 'ELDERLY_ALONE', 'DISABILITY', 'LOW_INCOME', 'VETERAN'];

export interface CountBucket {
  key: string;
  count: number;
  suppressed: false;
}

export interface PopulationStats {
  roundingBase: number;
  total: CountBucket;
  byAgeBand: CountBucket[];
  bySex: CountBucket[];
  byTag: CountBucket[];
}

export interface PopulationStatsOptions {
  /** The local date (China, YYYY-MM-DD) ages are counted on: from the request's clock, never the database's. */
  asOf: string;
  /** Random rounding for every department that reads these only as aggregates; null gives the owner exact counts. */
  rounding: RandomRounding | null;
}

/** China keeps one time zone without daylight saving: the local date is UTC shifted by eight hours. */
export function localDateOf(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * All the counts for many grids in one statement, rounded before they leave the subgraph. Each cell
 * is named by the grid's prefix (so every spelling of a grid's code is the same cell), its
 * dimension and category; Grid.populationCount is the `total` cell, rounded the same way.
 */
export function populationStatsLoader(prisma: PopulationPrisma, options: PopulationStatsOptions): DataLoader<string, PopulationStats | null> {
  return new DataLoader(async (codes) => {
    const prefixes = codes.map((c) => {
      const parsed = gridCodePrefix(c);
      return parsed.ok ? parsed.prefix : null;
    });
    const valid = codes.filter((_, i) => prefixes[i] !== null);
    const age = `date_part('year', age($3::date, p.birth_date))`;
    const columns = [
      `count(p.id)::int AS total`,
      `count(p.id) FILTER (WHERE p.gender = 'MALE')::int AS "MALE"`,
      `count(p.id) FILTER (WHERE p.gender = 'FEMALE')::int AS "FEMALE"`,
      ...AGE_BANDS.map(([key, from, to]) => `count(p.id) FILTER (WHERE ${age} BETWEEN ${from} AND ${to})::int AS "${key}"`),
      ...STAT_TAGS.map((tag) => `count(p.id) FILTER (WHERE '${tag}' = ANY(p.tags))::int AS "${tag}"`),
    ];
    const rows = valid.length
      ? await prisma.$queryRawUnsafe<Record<string, number | string>[]>(
          `SELECT g.code, ${columns.join(', ')}
             FROM unnest($1::text[], $2::text[]) AS g(code, prefix)
             -- A deceased person, or one whose registration was cancelled, no longer lives anywhere.
             LEFT JOIN person p ON p.grid_code LIKE g.prefix || '%' AND p.status = 'ACTIVE'
            GROUP BY g.code`,
          valid,
          prefixes.filter((p) => p !== null),
          options.asOf,
        )
      : [];
    const byCode = new Map(rows.map((r) => [r.code as string, r]));
    return codes.map((code, i) => {
      const row = byCode.get(code);
      if (!row) return null;
      const bucket = (dimension: string, key: string): CountBucket => {
        const count = Number(row[key] ?? 0);
        return { key, count: options.rounding ? options.rounding.round(`${prefixes[i]}|${dimension}|${key}`, count) : count, suppressed: false };
      };
      return {
        roundingBase: options.rounding ? ROUNDING_BASE : 1,
        total: bucket('total', 'total'),
        bySex: ['MALE', 'FEMALE'].map((k) => bucket('sex', k)),
        byAgeBand: AGE_BANDS.map(([k]) => bucket('age', k)),
        byTag: STAT_TAGS.map((k) => bucket('tag', k)),
      };
    });
  });
}
