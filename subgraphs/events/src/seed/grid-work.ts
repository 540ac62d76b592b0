import { bulkInsert } from '../../../../platform/database/bulk-insert';
import type { SqlClient } from '../../../../platform/database/sql-client';
import type { TownBatch } from '../../../../synthetic-city';
import { DAY_MS } from '../../../kit/src/calendar/working-calendar';
import { gridWorker } from './seed-actors';

/**
 * Who works the town's grids (一格多员) and the business grids over them: every base grid has its
 * full-time grid worker (the same `gw-<grid>` who reports and checks in the seeded histories) and the
 * community's police officer; each community is a police district (警务区), each town a fire grid.
 */
export async function seedGridWork(sql: SqlClient, batch: TownBatch, seededAt: Date): Promise<number> {
  const since = new Date(seededAt.getTime() - 400 * DAY_MS);
  const grids = batch.grids.filter((g) => g.level === 'GRID');
  const communities = batch.grids.filter((g) => g.level === 'COMMUNITY');
  const town = batch.grids.find((g) => g.level === 'TOWN');
  const assignments = grids.flatMap((g) => [
    { id: `A${g.code}-gw`, gridCode: g.code, user: gridWorker(g.code).user, department: 'grid-command', duty: 'FULL_TIME' },
    { id: `A${g.code}-ps`, gridCode: g.code, user: `ps-officer-${g.code.slice(0, 12)}`, department: 'public-security', duty: 'DEPARTMENT_MEMBER' },
  ]);
  const text = (name: string, value: (row: (typeof assignments)[number]) => unknown) => ({ name, type: 'text', value });
  await bulkInsert(
    sql,
    'grid_worker_assignment',
    [
      text('id', (a) => a.id),
      text('grid_code', (a) => a.gridCode),
      text('user', (a) => a.user),
      text('department', (a) => a.department),
      text('duty', (a) => a.duty),
      { name: 'since', type: 'timestamptz', value: () => since.toISOString() },
      text('assigned_by', (a) => (a.department === 'grid-command' ? 'grid-command-leader-01' : 'public-security-leader-01')),
    ],
    assignments,
  );
  const businessGrids = [
    ...communities.map((c) => ({ code: `police-${c.code}`, department: 'public-security', kind: 'POLICE_DISTRICT', name: `${c.name}警务区`, prefix: c.code })),
    ...(town ? [{ code: `fire-${town.code}`, department: 'fire-rescue', kind: 'FIRE_GRID', name: `${town.name}消防网格`, prefix: town.code.slice(0, 9) }] : []),
  ];
  await bulkInsert(
    sql,
    'business_grid',
    [
      { name: 'code', type: 'text', value: (b) => b.code },
      { name: 'department', type: 'text', value: (b) => b.department },
      { name: 'kind', type: 'text', value: (b) => b.kind },
      { name: 'name', type: 'text', value: (b) => b.name },
      { name: 'defined_at', type: 'timestamptz', value: () => since.toISOString() },
      { name: 'defined_by', type: 'text', value: (b) => `${b.department}-leader-01` },
    ],
    businessGrids,
  );
  const members = businessGrids.flatMap((b) => grids.filter((g) => g.code.startsWith(b.prefix)).map((g) => ({ business: b.code, grid: g.code })));
  await bulkInsert(
    sql,
    'business_grid_member',
    [
      { name: 'business_grid_code', type: 'text', value: (m) => m.business },
      { name: 'grid_code', type: 'text', value: (m) => m.grid },
    ],
    members,
  );
  return assignments.length + businessGrids.length + members.length;
}
