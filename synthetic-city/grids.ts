import { CITY_CENTRE, CITY_CODE, COMMUNITY_FIRST, COMMUNITY_SECOND, EXTRA_TOWN_ROOTS, ROAD_SUFFIXES, ROAD_WORDS, TOWNS, TownKind } from './places';
import { Rng } from './rng';
import { ScaleShape } from './scales';
import { GridRow } from './types';

export interface Road {
  name: string;
  nextDoorNumber: number;
}

export interface CommunityPlan {
  code: string;
  name: string;
  /** 村 (villages: urban villages full of self-built rental buildings and workshops) or 社区 (residents' communities). */
  isVillage: boolean;
  roads: Road[];
}

export interface GridPlan {
  code: string;
  community: CommunityPlan;
  longitude: number;
  latitude: number;
}

export interface TownPlan {
  index: number;
  code: string;
  name: string;
  kind: TownKind;
  communities: CommunityPlan[];
  grids: GridPlan[];
  rows: GridRow[];
}

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));
const CODE_BASE: Record<TownKind, number> = { SUBDISTRICT: 0, TOWN: 100, PARK: 400 };

export function townIdentity(index: number): { name: string; kind: TownKind; code: string } {
  const { name, kind } = townNameAt(index);
  let ordinal = 0;
  for (let i = 0; i <= index; i++) if (townNameAt(i).kind === kind) ordinal++;
  return { name, kind, code: `${CITY_CODE}${String(CODE_BASE[kind] + ordinal).padStart(3, '0')}000` };
}

function townNameAt(index: number): { name: string; kind: TownKind } {
  const named = TOWNS[index];
  if (named) return named;
  const extra = index - TOWNS.length;
  const root = EXTRA_TOWN_ROOTS[extra % EXTRA_TOWN_ROOTS.length]!;
  const round = Math.floor(extra / EXTRA_TOWN_ROOTS.length);
  return { name: `${root}${round > 0 ? round + 1 : ''}镇`, kind: 'TOWN' };
}

export function planTown(rng: Rng, index: number, shape: ScaleShape): TownPlan {
  const { name, kind, code } = townIdentity(index);
  const townCentre = spiral(CITY_CENTRE, index, 0.06);
  const rows: GridRow[] = [{ code, name, level: 'TOWN', parentCode: CITY_CODE }];
  const villageShare = kind === 'TOWN' ? 0.6 : kind === 'SUBDISTRICT' ? 0.15 : 0;
  const usedNames = new Set<string>();
  const usedRoads = new Set<string>();
  const communities: CommunityPlan[] = [];
  const grids: GridPlan[] = [];
  let residentsOrdinal = 0;
  let villageOrdinal = 0;

  for (let c = 0; c < shape.communitiesPerTown; c++) {
    const isVillage = rng.chance(villageShare);
    // Statistical codes number residents' committees from 001 and village committees from 201.
    const number = isVillage ? 201 + villageOrdinal++ : 1 + residentsOrdinal++;
    const root = uniqueName(usedNames, () => rng.pick(COMMUNITY_FIRST) + rng.pick(COMMUNITY_SECOND));
    const community: CommunityPlan = {
      code: `${code.slice(0, 9)}${String(number).padStart(3, '0')}`,
      name: `${root}${isVillage ? '村' : '社区'}`,
      isVillage,
      roads: Array.from({ length: rng.int(2, 4) }, () => ({
        name: uniqueName(usedRoads, () => rng.pick(ROAD_WORDS) + rng.pick(ROAD_SUFFIXES)),
        nextDoorNumber: rng.int(1, 30),
      })),
    };
    communities.push(community);
    rows.push({ code: community.code, name: community.name, level: 'COMMUNITY', parentCode: code });

    const communityCentre = spiral(townCentre, c, 0.012);
    for (let g = 1; g <= shape.gridsPerCommunity; g++) {
      const gridCode = `${community.code}${String(g).padStart(3, '0')}`;
      const centre = spiral(communityCentre, g, 0.004);
      grids.push({ code: gridCode, community, ...centre });
      rows.push({ code: gridCode, name: `${community.name}第${g}网格`, level: 'GRID', parentCode: community.code });
    }
  }
  return { index, code, name, kind, communities, grids, rows };
}

/** Points on a sunflower spiral stay evenly spread however many there are, so towns never pile up. */
function spiral(centre: { longitude: number; latitude: number }, index: number, step: number) {
  const radius = step * Math.sqrt(index);
  const angle = index * GOLDEN_ANGLE;
  return {
    longitude: centre.longitude + radius * Math.cos(angle),
    latitude: centre.latitude + radius * Math.sin(angle) * 0.8,
  };
}

/** Retries a drawn name until it is new; after many clashes it appends a number rather than loop forever. */
export function uniqueName(used: Set<string>, draw: () => string): string {
  for (let attempt = 0; attempt < 50; attempt++) {
    const name = draw();
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  const base = draw();
  let n = 2;
  while (used.has(`${base}${n}`)) n++;
  used.add(`${base}${n}`);
  return `${base}${n}`;
}
