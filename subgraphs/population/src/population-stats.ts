import DataLoader from 'dataloader';
import { gridCodePrefix } from '../../kit/src/identifiers/grid-code';
import type { PopulationPrisma } from './prisma';

/** Counts under this are reported as suppressed: small cells can single out a person. */
export const SUPPRESSION_THRESHOLD = 5;

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
  count: number | null;
  suppressed: boolean;
}

export interface PopulationStats {
  total: CountBucket;
  byAgeBand: CountBucket[];
  bySex: CountBucket[];
  byTag: CountBucket[];
}

function bucket(key: string, count: number): CountBucket {
  return count < SUPPRESSION_THRESHOLD ? { key, count: null, suppressed: true } : { key, count, suppressed: false };
}

/** All the counts for many grids in one statement, suppressed before they leave the subgraph. */
export function populationStatsLoader(prisma: PopulationPrisma): DataLoader<string, PopulationStats | null> {
  return new DataLoader(async (codes) => {
    const prefixes = codes.map((c) => {
      const parsed = gridCodePrefix(c);
      return parsed.ok ? parsed.prefix : null;
    });
    const valid = codes.filter((_, i) => prefixes[i] !== null);
    const age = `date_part('year', age(current_date, p.birth_date))`;
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
             LEFT JOIN person p ON p.grid_code LIKE g.prefix || '%'
            GROUP BY g.code`,
          valid,
          prefixes.filter((p) => p !== null),
        )
      : [];
    const byCode = new Map(rows.map((r) => [r.code as string, r]));
    return codes.map((code) => {
      const row = byCode.get(code);
      if (!row) return null;
      const n = (key: string) => Number(row[key] ?? 0);
      return {
        total: bucket('total', n('total')),
        bySex: ['MALE', 'FEMALE'].map((k) => bucket(k, n(k))),
        byAgeBand: AGE_BANDS.map(([k]) => bucket(k, n(k))),
        byTag: STAT_TAGS.map((k) => bucket(k, n(k))),
      };
    });
  });
}
