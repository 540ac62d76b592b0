import { Rng } from '../../../../synthetic-city/rng';
import type { TownBatch } from '../../../../synthetic-city';
import type { PersonRow } from '../../../../synthetic-city/types';
import { DAY_MS, localDate, startOfLocalDate, subtractWorkingDays, WorkingCalendar } from '../../../kit/src/calendar/working-calendar';
import type { Catalogue, EventCategory, EventDomain } from '../catalogue/catalogue';
import type { EventChannel } from '../../prisma/generated/enums';
import type { Actor } from '../workflow/actors';
import type { ReportDraft } from '../workflow/report';
import { gridOfCode } from '../references';
import { gridWorker, REPORTERS } from './seed-actors';

/**
 * Reports derived from one town of the synthetic city: every grid gets a handful, spread over the
 * four months up to the moment the city is seeded, with the people, houses and entities of that grid.
 * Same batch and seeding instant, same reports.
 */

export const SEED_MONTHS_BACK = 4;
const DAYS_BACK = 122;

export interface SeedReport {
  draft: ReportDraft;
  channel: EventChannel;
  reporter: Actor;
  reportedAt: Date;
  /** Left waiting to be registered (see retimeLatest). */
  awaitsRegistration?: boolean;
}

const CHANNEL_WEIGHTS: [EventChannel, number][] = [
  ['GRID_WORKER', 55],
  ['HOTLINE_12345', 20],
  ['WECHAT', 12],
  ['NON_EMERGENCY_110', 8],
  ['VIDEO_PATROL', 5],
];

/** Street-level problems are reported far more often than, say, child labour. */
const DOMAIN_WEIGHTS: Record<EventDomain, number> = {
  SANITATION: 18,
  ROAD_AND_FACILITIES: 14,
  FIRE_SAFETY: 12,
  RENTAL_HOUSING: 10,
  DISPUTE: 9,
  PUBLIC_ORDER: 7,
  ILLEGAL_CONSTRUCTION: 6,
  FOOD_SAFETY: 6,
  WORK_SAFETY: 5,
  MARKET_ORDER: 4,
  ELDERLY_CARE: 4,
  HEALTH: 3,
  LABOUR: 1,
  EDUCATION: 1,
};

const CHANNEL_PHRASE: Record<EventChannel, string> = {
  GRID_WORKER: '网格员巡查发现',
  HOTLINE_12345: '市民致电12345反映',
  WECHAT: '市民通过微信随手拍反映',
  NON_EMERGENCY_110: '110非警务警情转办',
  VIDEO_PATROL: '视频巡查发现',
};

function weighted<T>(rng: Rng, entries: readonly [T, number][]): T {
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let roll = rng.next() * total;
  for (const [value, weight] of entries) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return entries[entries.length - 1]![0];
}

/** Rows of the town indexed by grid, which is all a report needs. */
class TownIndex {
  readonly housesByGrid = new Map<string, TownBatch['houses']>();
  readonly personsByGrid = new Map<string, PersonRow[]>();
  readonly entitiesByGrid = new Map<string, TownBatch['legalEntities']>();
  readonly addressesByGrid = new Map<string, TownBatch['addresses']>();
  readonly addressByCode = new Map<string, TownBatch['addresses'][number]>();
  readonly addressOfBuilding = new Map<string, string>();
  readonly residentsOfHouse = new Map<string, PersonRow[]>();

  constructor(batch: TownBatch) {
    const push = <T>(map: Map<string, T[]>, key: string, value: T) => map.set(key, [...(map.get(key) ?? []), value]);
    for (const a of batch.addresses) {
      push(this.addressesByGrid, a.gridCode, a);
      this.addressByCode.set(a.code, a);
    }
    for (const b of batch.buildings) this.addressOfBuilding.set(b.code, b.addressCode);
    for (const h of batch.houses) push(this.housesByGrid, h.gridCode, h);
    for (const p of batch.persons) {
      push(this.personsByGrid, p.gridCode, p);
      if (p.houseCode) push(this.residentsOfHouse, p.houseCode, p);
    }
    for (const e of batch.legalEntities) push(this.entitiesByGrid, e.gridCode, e);
  }
}

export function generateReports(batch: TownBatch, catalogue: Catalogue, seededAt: Date): SeedReport[] {
  const grids = batch.grids.filter((g) => g.level === 'GRID');
  if (grids.length === 0) return [];
  const rng = new Rng(Number(grids[0]!.code.slice(0, 9)), 0xe7e7);
  const index = new TownIndex(batch);
  const categories = catalogue.categories.map((c) => [c, DOMAIN_WEIGHTS[c.domain]] as [EventCategory, number]);
  const firstDay = startOfLocalDate(localDate(seededAt)).getTime() - (DAYS_BACK - 1) * DAY_MS;
  const reports: SeedReport[] = [];
  for (const grid of grids) {
    const count = rng.int(6, 10);
    for (let n = 0; n < count; n++) {
      const category = weighted(rng, categories);
      const channel = weighted(rng, CHANNEL_WEIGHTS);
      // Denser towards the seeding day (the open backlog is recent), 07:00-17:59 local; a report that
      // would come after the seeding instant happened the day before.
      const daysBack = rng.skewedInt(0, DAYS_BACK - 1, 1.5);
      const at = firstDay + (DAYS_BACK - 1 - daysBack) * DAY_MS + rng.int(7 * 60, 17 * 60 + 59) * 60_000;
      const reportedAt = new Date(at < seededAt.getTime() ? at : at - DAY_MS);
      const involved = pickInvolved(rng, index, grid.code, category.domain);
      const addressCode = pickAddress(rng, index, grid.code, involved);
      const caller = channel === 'HOTLINE_12345' || channel === 'WECHAT' ? pick(rng, index.personsByGrid.get(grid.code)) : undefined;
      const place = addressCode ? index.addressByCode.get(addressCode)!.fullText : grid.name;
      reports.push({
        channel,
        reporter: channel === 'GRID_WORKER' ? gridWorker(grid.code) : REPORTERS[channel],
        reportedAt,
        draft: {
          idempotencyKey: '',
          requestHash: '',
          categoryCode: category.code,
          title: category.name,
          description: `${CHANNEL_PHRASE[channel]}：${place}存在“${category.name}”问题，请核查处理。`,
          gridCode: grid.code,
          addressCode,
          addressText: null,
          contactName: caller?.name ?? null,
          contactPhone: caller?.phone ?? null,
          involved,
        },
      });
    }
  }
  return reports.sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime());
}

/**
 * The register step's light at the seeding instant, whatever the day: the town's two latest reports
 * are moved to 90 % and 20 % of the register limit before it, so a fresh city always shows a YELLOW
 * and a GREEN report beside the RED backlog (the seed keeps them waiting to be registered).
 */
export function retimeLatest(reports: SeedReport[], seededAt: Date, calendar: WorkingCalendar, registerWorkingDays: number): SeedReport[] {
  if (reports.length < 2) return reports;
  const shares = [0.9, 0.2];
  const moved = reports.slice(-2).map((report, i) => ({
    ...report,
    reportedAt: subtractWorkingDays(calendar, seededAt, registerWorkingDays * shares[i]!),
    awaitsRegistration: true,
  }));
  return [...reports.slice(0, -2), ...moved].sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime());
}

function pick<T>(rng: Rng, items: readonly T[] | undefined): T | undefined {
  return items && items.length > 0 ? rng.pick(items) : undefined;
}

function pickInvolved(rng: Rng, index: TownIndex, gridCode: string, domain: EventDomain): ReportDraft['involved'] {
  const none = { personIds: [], houseCodes: [], entityUsccs: [] };
  const houses = index.housesByGrid.get(gridCode) ?? [];
  const persons = index.personsByGrid.get(gridCode) ?? [];
  switch (domain) {
    case 'RENTAL_HOUSING':
    case 'FIRE_SAFETY':
    case 'ILLEGAL_CONSTRUCTION': {
      const rented = houses.filter((h) => h.occupancy === 'RENTED');
      const house = pick(rng, domain === 'RENTAL_HOUSING' && rented.length ? rented : houses);
      if (!house) return none;
      const residents = (index.residentsOfHouse.get(house.code) ?? []).slice(0, 2).map((p) => p.id);
      return { personIds: residents, houseCodes: [house.code], entityUsccs: [] };
    }
    case 'FOOD_SAFETY':
    case 'WORK_SAFETY':
    case 'MARKET_ORDER':
    case 'LABOUR':
    case 'HEALTH':
    case 'EDUCATION': {
      const entity = pick(rng, index.entitiesByGrid.get(gridCode));
      return entity ? { ...none, entityUsccs: [entity.uscc] } : none;
    }
    case 'DISPUTE': {
      if (persons.length < 2) return none;
      const first = rng.pick(persons);
      const second = rng.pick(persons.filter((p) => p.id !== first.id));
      return { ...none, personIds: [first.id, second.id] };
    }
    case 'ELDERLY_CARE': {
      const elderly = persons.filter((p) => p.tags.includes('ELDERLY_ALONE'));
      const person = pick(rng, elderly.length ? elderly : persons);
      if (!person) return none;
      return { personIds: [person.id], houseCodes: person.houseCode ? [person.houseCode] : [], entityUsccs: [] };
    }
    default:
      return none;
  }
}

/** The involved house's address when there is one, else an address of the grid. */
function pickAddress(rng: Rng, index: TownIndex, gridCode: string, involved: ReportDraft['involved']): string | null {
  const house = involved.houseCodes[0];
  const fromHouse = house ? index.addressOfBuilding.get(house.slice(0, 21)) : undefined;
  if (fromHouse && gridOfCode(fromHouse) === gridCode) return fromHouse;
  return pick(rng, index.addressesByGrid.get(gridCode))?.code ?? null;
}
