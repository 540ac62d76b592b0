import type { CommandLevel } from '../../prisma/generated/enums';
import type { EventsPrisma } from '../prisma';
import { EventListFilter, filterConditions, lightConditions, SqlParams } from '../lists/event-filter';
import { levelName, SupervisionLevelName } from '../supervision/rules';

/**
 * The command centre's picture (指挥中心总览): every open event (the command centre's own steps and the
 * departments' running ones) counted by who holds it, town, light and supervision level, in one
 * statement, within the caller's row scope. A view draws its matrix from these cells.
 */

export interface OverviewRow {
  department: string | null;
  commandLevel: CommandLevel;
  town: string;
  light: 'GREEN' | 'YELLOW' | 'RED' | null;
  supervisionLevel: SupervisionLevelName | null;
  count: number;
  supervisionResponseOverdue: number;
}

interface RawRow {
  department: string | null;
  command_level: CommandLevel;
  town: string;
  light: OverviewRow['light'];
  supervision_level: number | null;
  n: number;
  overdue: number;
}

export async function commandCentreOverview(prisma: EventsPrisma, filter: EventListFilter, now: Date): Promise<OverviewRow[]> {
  const params = new SqlParams();
  const conditions = [
    `e.status IN ('REPORTED', 'REGISTERED', 'RETURNED', 'DISPATCHED', 'ACCEPTED', 'EXTENSION_REQUESTED')`,
    ...filterConditions(filter, now, params),
  ];
  const at = params.add(now.toISOString(), '::timestamptz');
  const lights = lightConditions(at);
  const rows = await prisma.$queryRawUnsafe<RawRow[]>(
    `SELECT e.department, e.command_level::text AS command_level, substr(e.grid_code, 1, 9) || '000' AS town,
            CASE WHEN ${lights.RED} THEN 'RED' WHEN ${lights.YELLOW} THEN 'YELLOW' WHEN ${lights.GREEN} THEN 'GREEN' END AS light,
            e.supervision_level, count(*)::int AS n,
            count(*) FILTER (WHERE cardinality(e.supervision_open_levels) > 0 AND e.supervision_due_at < ${at})::int AS overdue
       FROM "event" e WHERE ${conditions.join(' AND ')}
      GROUP BY 1, 2, 3, 4, 5
      ORDER BY 3, 1 NULLS FIRST, 2, 4, 5`,
    ...params.values,
  );
  return rows.map((r) => ({
    department: r.department,
    commandLevel: r.command_level,
    town: r.town,
    light: r.light,
    supervisionLevel: r.supervision_level === null ? null : levelName(Number(r.supervision_level)),
    count: Number(r.n),
    supervisionResponseOverdue: Number(r.overdue),
  }));
}
