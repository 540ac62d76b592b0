import { bulkInsert } from '../../../platform/database/bulk-insert';
import type { SqlClient } from '../../../platform/database/sql-client';
import { SNAPSHOT_DATE, TownBatch } from '../../../synthetic-city';
import type { SeededTable } from '../../../synthetic-city';
import { Rng } from '../../../synthetic-city/rng';
import { localDate, startOfLocalDate } from '../../kit/src/calendar/working-calendar';
import { EventsDomain, eventsDomain } from '../src/domain';
import { ALERT_COLUMNS, DISPATCH_COLUMNS, EVENT_COLUMNS, SUPERVISION_COLUMNS, TRANSITION_COLUMNS } from '../src/seed/columns';
import { seedGridWork } from '../src/seed/grid-work';
import { generateReports, retimeLatest, SeedReport } from '../src/seed/scenario';
import { simulateEvent, StallPoint, STALL_POINTS } from '../src/seed/simulate';
import { eventId } from '../src/workflow/report';

/**
 * When a seed without a clock of its own is dated (tests, benchmarks): the base data's snapshot day
 * at 18:00 China time, so that the same seed always gives the same city. `gridshare start` and
 * `gridshare seed` pass the moment they seed instead, so a fresh city is current.
 */
export const DEFAULT_SEEDED_AT = new Date(startOfLocalDate(SNAPSHOT_DATE).getTime() + 18 * 3_600_000);

export interface EventsSeedOptions {
  /** The seed's "now": events are reported over the months before it and played up to it. */
  seededAt?: Date;
}

/**
 * The events subgraph's part of the synthetic city: its copies of the grid hierarchy and the
 * standard addresses, events derived from the town's grids, houses, persons and entities in every
 * state and age (see src/seed/simulate.ts), with the supervision the rules raised on the way, and who
 * works each grid. One transaction per town.
 *
 * The reference tables are seeded here, from the same generated city the owners are seeded from,
 * rather than read by the feed follower at first start: the owners' seeds write no change-feed rows
 * (a seeded record has no change to tell), so the feeds' head after seeding is their start, and the
 * follower, starting with no cursor, reads exactly the changes made since. Reading the whole city
 * through the gateway instead would take the large city's 2 million persons and 200 000 entities
 * (Dongguan holds 14 million base records) through policy and the audit trail at every first start,
 * as millions of audited reads against the grid command centre's daily quotas, for keys the seed
 * already has.
 */
export function seedEvents(sql: SqlClient, batch: TownBatch, options: EventsSeedOptions = {}): Promise<number> {
  const domain = eventsDomain();
  const seededAt = options.seededAt ?? DEFAULT_SEEDED_AT;
  return sql.transaction(async (tx) => {
    await bulkInsert(
      tx,
      'grid_reference',
      [
        { name: 'code', type: 'text', value: (g) => g.code },
        { name: 'name', type: 'text', value: (g) => g.name },
        { name: 'level', type: 'text', value: (g) => g.level },
        { name: 'parent_code', type: 'text', value: (g) => g.parentCode },
      ],
      batch.grids,
    );
    await bulkInsert(
      tx,
      'address_reference',
      [
        { name: 'code', type: 'text', value: (a) => a.code },
        { name: 'province', type: 'text', value: (a) => a.province },
        { name: 'city', type: 'text', value: (a) => a.city },
        { name: 'district', type: 'text', value: (a) => a.district },
        { name: 'town', type: 'text', value: (a) => a.town },
        { name: 'community', type: 'text', value: (a) => a.community },
        { name: 'road', type: 'text', value: (a) => a.road },
        { name: 'door_number', type: 'text', value: (a) => a.doorNumber },
        { name: 'full_text', type: 'text', value: (a) => a.fullText },
        { name: 'longitude', type: 'float8', value: (a) => a.longitude },
        { name: 'latitude', type: 'float8', value: (a) => a.latitude },
        { name: 'grid_code', type: 'text', value: (a) => a.gridCode },
      ],
      batch.addresses,
    );
    await bulkInsert(
      tx,
      'person_reference',
      [
        { name: 'id', type: 'text', value: (p) => p.id },
        { name: 'grid_code', type: 'text', value: (p) => p.gridCode },
      ],
      batch.persons,
    );
    await bulkInsert(
      tx,
      'entity_reference',
      [
        { name: 'uscc', type: 'text', value: (e) => e.uscc },
        { name: 'grid_code', type: 'text', value: (e) => e.gridCode },
        { name: 'status', type: 'text', value: (e) => e.licenceStatus },
      ],
      batch.legalEntities,
    );
    const generated = generateReports(batch, domain.catalogue, seededAt);
    const reports = retimeLatest(generated, seededAt, domain.calendar, domain.catalogue.commandCentre.registerWorkingDays);
    const ids = await reserveCaseNumbers(tx, reports);
    const rng = new Rng(Number(batch.grids.find((g) => g.level === 'TOWN')?.code.slice(0, 9) ?? 0), 0x51a1);
    const earlierByGrid = new Map<string, string[]>();
    const stalls = assignStalls(reports, domain);
    const events = reports.map((report, i) => {
      const earlier = earlierByGrid.get(report.draft.gridCode) ?? [];
      earlierByGrid.set(report.draft.gridCode, [...earlier, ids[i]!]);
      return simulateEvent(report, ids[i]!, earlier, rng, domain, seededAt, stalls.get(i));
    });
    await bulkInsert(
      tx,
      'event',
      EVENT_COLUMNS,
      events.map((e) => e.row),
    );
    const transitions = await bulkInsert(
      tx,
      'event_transition',
      TRANSITION_COLUMNS,
      events.flatMap((e) => e.transitions),
    );
    const dispatches = await bulkInsert(
      tx,
      'event_dispatch',
      DISPATCH_COLUMNS,
      events.flatMap((e) => e.dispatches),
    );
    const supervisions = await bulkInsert(
      tx,
      'event_supervision',
      SUPERVISION_COLUMNS,
      events.flatMap((e) => e.supervisions),
    );
    const alerts = await bulkInsert(
      tx,
      'event_alert',
      ALERT_COLUMNS,
      events.flatMap((e) => e.alerts),
    );
    const gridWork = await seedGridWork(tx, batch, seededAt);
    return batch.grids.length + events.length + transitions + dispatches + supervisions + alerts + gridWork;
  });
}

/**
 * The town's most recent reports wait at each step in turn, so every state is present however small
 * the city; an extension can only be pending on a category that allows one. The two latest (see
 * retimeLatest) wait to be registered.
 */
function assignStalls(reports: SeedReport[], domain: EventsDomain): Map<number, StallPoint> {
  const stalls = new Map<number, StallPoint>();
  reports.forEach((report, i) => {
    if (report.awaitsRegistration) stalls.set(i, 'REGISTER');
  });
  for (const stall of STALL_POINTS) {
    for (let i = reports.length - 1; i >= 0; i--) {
      if (stalls.has(i)) continue;
      if (stall === 'DECIDE_EXTENSION' && !domain.catalogue.byCode.get(reports[i]!.draft.categoryCode)!.extension.allowed) continue;
      stalls.set(i, stall);
      break;
    }
  }
  return stalls;
}

/** Case numbers come from the same per-day counters live reports use, so the two never collide. */
async function reserveCaseNumbers(sql: SqlClient, reports: SeedReport[]): Promise<string[]> {
  const byDay = new Map<string, number>();
  for (const report of reports) {
    const day = localDate(report.reportedAt);
    byDay.set(day, (byDay.get(day) ?? 0) + 1);
  }
  const next = new Map<string, number>();
  for (const [day, count] of byDay) {
    const { rows } = await sql.query<{ last: number }>(
      `INSERT INTO "event_day_counter" ("day", "last") VALUES ($1, $2)
       ON CONFLICT ("day") DO UPDATE SET "last" = "event_day_counter"."last" + $2 RETURNING "last"`,
      [day, count],
    );
    next.set(day, Number(rows[0]!.last) - count + 1);
  }
  return reports.map((report) => {
    const day = localDate(report.reportedAt);
    const number = next.get(day)!;
    next.set(day, number + 1);
    return eventId(day, number);
  });
}

/** Children first, for emptying. */
export const EVENTS_TABLES = [
  'webhook_attempt',
  'webhook_delivery',
  'webhook_subscription',
  'event_alert',
  'event_co_handler',
  'event_supervision',
  'event_transition',
  'event_dispatch',
  'event',
  'event_day_counter',
  'business_grid_member',
  'business_grid',
  'grid_worker_assignment',
  'grid_reference',
  'address_reference',
  'person_reference',
  'entity_reference',
  // Not feed_cursor: re-seeding leaves the owners' change feeds as they are (their seeds do not
  // empty change_outbox), so the follower's cursors stay where it had read them.
];

/** The tables this seed fills from the generated city, by key (runner/system/seed-check.ts). */
export const EVENTS_SEEDED: SeededTable[] = [
  { table: 'grid_reference', key: 'code', keys: (b) => b.grids.map((g) => g.code) },
  { table: 'address_reference', key: 'code', keys: (b) => b.addresses.map((a) => a.code) },
  { table: 'person_reference', key: 'id', keys: (b) => b.persons.map((p) => p.id) },
  { table: 'entity_reference', key: 'uscc', keys: (b) => b.legalEntities.map((e) => e.uscc) },
];
