/**
 * The in-process address index: every standard address, its names in NameTables (towns,
 * communities, roads, each with a character index), and the addresses by road + door number and by
 * community + door number. Built from the owner's table, kept current by upsert/remove, searched
 * by `search` (ranked candidates) and `match` (a decision).
 */
import { readAdministrativeHead } from './administrative';
import { Mention, NameTable } from './gazetteer';
import { normalizeAddressText } from './normalize';
import { parseAddress } from './parse';
import { agreement, DECISION, distanceMeters, FACTORS, nearness } from './score';
import type { AddressComponent, AddressRecord, Candidate, GeoPoint, MatchOutcome, SearchOptions, SearchOutcome, Understood } from './types';

/** How many addresses a text without a door number may bring in before ranking (a road, a community). */
const WIDE_CANDIDATES = 2000;

export class AddressIndex {
  private readonly byCode = new Map<string, { row: AddressRecord; door: string | null }>();
  private readonly towns = new NameTable('town');
  private readonly communities = new NameTable('community');
  private readonly roads = new NameTable('road');
  private readonly byRoadDoor = new Map<string, Set<string>>();
  private readonly byCommunityDoor = new Map<string, Set<string>>();
  private readonly provinces = new Map<string, number>();
  private readonly cities = new Map<string, number>();

  static build(rows: Iterable<AddressRecord>): AddressIndex {
    const index = new AddressIndex();
    for (const row of rows) index.upsert(row);
    return index;
  }

  get size(): number {
    return this.byCode.size;
  }

  upsert(row: AddressRecord): void {
    this.remove(row.code);
    const door = doorKey(row.doorNumber);
    this.byCode.set(row.code, { row, door });
    this.towns.add(row.town, row.code);
    this.communities.add(row.community, row.code);
    this.roads.add(row.road, row.code);
    if (door) {
      addTo(this.byRoadDoor, `${row.road}\u0000${door}`, row.code);
      addTo(this.byCommunityDoor, `${row.community}\u0000${door}`, row.code);
    }
    count(this.provinces, row.province, 1);
    for (const city of new Set([row.city, row.district])) count(this.cities, city, 1);
  }

  remove(code: string): void {
    const entry = this.byCode.get(code);
    if (!entry) return;
    const { row, door } = entry;
    this.byCode.delete(code);
    this.towns.remove(row.town, code);
    this.communities.remove(row.community, code);
    this.roads.remove(row.road, code);
    if (door) {
      removeFrom(this.byRoadDoor, `${row.road}\u0000${door}`, code);
      removeFrom(this.byCommunityDoor, `${row.community}\u0000${door}`, code);
    }
    count(this.provinces, row.province, -1);
    for (const city of new Set([row.city, row.district])) count(this.cities, city, -1);
  }

  search(text: string, options: SearchOptions = {}): SearchOutcome {
    const parsed = parseAddress(normalizeAddressText(text));
    const head = readAdministrativeHead(parsed.place, { provinces: this.provinces.keys(), cities: this.cities.keys() });
    const roadMentions = this.roads.roadMentions(head.rest);
    const bestRoad = roadMentions[0];
    const before = bestRoad ? [...head.rest].slice(0, bestRoad.start).join('') : head.rest;
    const [townMentions, communityMentions] = longerSpansWin(this.towns.placeMentions(before), this.communities.placeMentions(before));
    const understood: Understood = {
      province: head.province,
      city: head.city,
      town: spanOf(before, townMentions),
      community: spanOf(before, communityMentions),
      villageGroup: parsed.villageGroup,
      road: bestRoad ? [...head.rest].slice(bestRoad.start, bestRoad.end).join('') : null,
      doorNumber: parsed.doorNumber,
      buildingName: parsed.buildingName,
      building: parsed.building,
      unit: parsed.unit,
      floor: parsed.floor,
      room: parsed.room,
      unparsed: parsed.unparsed,
    };

    const visible = (code: string) =>
      (!options.prefixes || options.prefixes.some((p) => code.startsWith(p))) && (!options.within || options.within(this.byCode.get(code)!.row.gridCode));
    const codes = this.candidateCodes(parsed.doorNumber, roadMentions, communityMentions).filter(visible);
    const exactRoad = this.exactRoadInScope(roadMentions, townMentions, communityMentions, visible);
    const candidates = codes.map((code) => {
      const { row, door } = this.byCode.get(code)!;
      const agreed: AddressComponent[] = [];
      const approximate: AddressComponent[] = [];
      const disagreed: AddressComponent[] = [];
      let score = head.elsewhere ? FACTORS.elsewhere : 1;
      if (head.elsewhere) disagreed.push(head.province && !head.city ? 'PROVINCE' : 'CITY');
      else {
        if (head.province) agreed.push('PROVINCE');
        if (head.city) agreed.push('CITY');
      }

      const road = roadMentions.find((m) => m.name === row.road);
      if (road) {
        score *= road.quality * (exactRoad && road.form !== 'exact' ? FACTORS.exactRoadElsewhere : 1);
        (road.form === 'exact' ? agreed : approximate).push('ROAD');
      } else score *= FACTORS.roadUnstated;

      if (parsed.doorNumber === null) score *= FACTORS.doorUnstated;
      else if (door === parsed.doorNumber) agreed.push('DOOR_NUMBER');

      score *= placeFactor('TOWN', row.town, townMentions, FACTORS.townDisagrees, agreed, approximate, disagreed);
      score *= placeFactor('COMMUNITY', row.community, communityMentions, FACTORS.communityDisagrees, agreed, approximate, disagreed);

      let distance: number | null = null;
      if (options.near) {
        distance = distanceMeters(options.near, row);
        score *= nearness(distance);
      }
      return { row, score: round(score), agreed, approximate, disagreed, distanceMeters: distance === null ? null : Math.round(distance) };
    });
    candidates.sort((a, b) => b.score - a.score || (a.distanceMeters ?? 0) - (b.distanceMeters ?? 0) || a.row.code.localeCompare(b.row.code));
    return { understood, candidates: candidates.slice(0, options.first ?? 10), considered: candidates.length };
  }

  match(text: string, options: Omit<SearchOptions, 'first'> = {}): MatchOutcome {
    const { understood, candidates } = this.search(text, { ...options, first: DECISION.choices + 1 });
    return decide(understood, candidates);
  }

  /**
   * Whether the text names, exactly, a road that has an address the caller may see in the town and
   * community the text names: then a road it only resembles is probably not meant (人民路 written,
   * 人民路 has no such number, 人民大道 has: the address is more likely missing than misnamed).
   */
  private exactRoadInScope(roads: Mention[], towns: Mention[], communities: Mention[], visible: (code: string) => boolean): boolean {
    const inScope = (mentions: Mention[], value: string) => mentions.length === 0 || mentions.some((m) => m.name === value);
    return roads.some(
      (road) =>
        road.form === 'exact' &&
        [...this.roads.codes(road.name)].some((code) => {
          const { row } = this.byCode.get(code)!;
          return visible(code) && inScope(towns, row.town) && inScope(communities, row.community);
        }),
    );
  }

  /**
   * The addresses worth scoring: those whose road the text names (or whose community, when it names
   * no road) with the door number written; without a door number, every address on such a road.
   */
  private candidateCodes(door: string | null, roads: Mention[], communities: Mention[]): string[] {
    const codes = new Set<string>();
    const take = (from: Iterable<string>) => {
      for (const code of from) {
        if (codes.size >= WIDE_CANDIDATES) return;
        codes.add(code);
      }
    };
    if (door !== null) {
      for (const road of roads) take(this.byRoadDoor.get(`${road.name}\u0000${door}`) ?? []);
      if (roads.length === 0) for (const community of communities) take(this.byCommunityDoor.get(`${community.name}\u0000${door}`) ?? []);
    } else {
      for (const road of roads) take(this.roads.codes(road.name));
      if (roads.length === 0) for (const community of communities) take(this.communities.codes(community.name));
    }
    return [...codes];
  }
}

/**
 * MATCHED: the best candidate reaches the accept threshold and leads the next by the margin.
 * AMBIGUOUS: some candidates are worth a person's choice. UNMATCHED: none is.
 */
export function decide(understood: Understood, candidates: Candidate[]): MatchOutcome {
  const [best, next] = candidates;
  if (!best || best.score < DECISION.floor) return { status: 'UNMATCHED', address: null, score: best?.score ?? 0, understood, candidates: [] };
  if (best.score >= DECISION.accept && (!next || best.score - next.score >= DECISION.margin)) {
    return { status: 'MATCHED', address: best.row, score: best.score, understood, candidates: candidates.slice(0, 2) };
  }
  const choices = candidates.filter((c) => c.score >= Math.max(DECISION.floor, best.score - DECISION.spread)).slice(0, DECISION.choices);
  return { status: 'AMBIGUOUS', address: null, score: best.score, understood, candidates: choices };
}

function placeFactor(
  component: AddressComponent,
  name: string,
  mentions: Mention[],
  disagrees: number,
  agreed: AddressComponent[],
  approximate: AddressComponent[],
  disagreed: AddressComponent[],
): number {
  if (mentions.length === 0) return FACTORS.unstated;
  const mention = mentions.find((m) => m.name === name);
  if (mention) {
    (mention.form === 'exact' ? agreed : approximate).push(component);
    return agreement(mention.quality);
  }
  disagreed.push(component);
  return mentions.every((m) => m.form === 'typo') ? FACTORS.typoDisagrees : disagrees;
}

/**
 * Where a town and a community are read in the same characters, the longer reading wins: 银洲村 is
 * the community 银洲村, not the town 银洲镇 written short, and 石塘镇 is not the community 石塘村.
 */
function longerSpansWin(towns: Mention[], communities: Mention[]): [Mention[], Mention[]] {
  const overlaps = (a: Mention, b: Mention) => a.start < b.end && b.start < a.end;
  const length = (m: Mention) => m.end - m.start;
  return [
    towns.filter((t) => !communities.some((c) => overlaps(t, c) && length(c) > length(t))),
    communities.filter((c) => !towns.some((t) => overlaps(t, c) && length(t) > length(c))),
  ];
}

/** The written span of the best mention, as the text has it. */
function spanOf(text: string, mentions: Mention[]): string | null {
  const best = mentions[0];
  return best ? [...text].slice(best.start, best.end).join('') : null;
}

/** A stored door number as the parser reads one: '19号' → '19'. */
function doorKey(doorNumber: string): string | null {
  const match = /^(\d+)/.exec(normalizeAddressText(doorNumber));
  return match ? String(Number(match[1])) : null;
}

function addTo(map: Map<string, Set<string>>, key: string, code: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(code);
}

function removeFrom(map: Map<string, Set<string>>, key: string, code: string): void {
  const set = map.get(key);
  set?.delete(code);
  if (set?.size === 0) map.delete(key);
}

function count(map: Map<string, number>, key: string, delta: number): void {
  const next = (map.get(key) ?? 0) + delta;
  if (next > 0) map.set(key, next);
  else map.delete(key);
}

function round(score: number): number {
  return Math.round(score * 10_000) / 10_000;
}

export type { GeoPoint };
