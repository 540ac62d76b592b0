import { uniqueName } from './grids';
import { ESTATE_SUFFIXES, ESTATE_WORDS } from './places';
import { BuildingInfo, HouseSlot, PlotWriter } from './plot-writer';
import { SNAPSHOT_YEAR } from './dates';
import { AddressRow } from './types';

/** What a new plot adds to a grid's stock: homes, dormitory rooms, and rooms for businesses by use. */
export interface PlotStock {
  homes: HouseSlot[];
  dorms: HouseSlot[];
  SHOP: HouseSlot[];
  FACTORY: HouseSlot[];
  WAREHOUSE: HouseSlot[];
  OFFICE: HouseSlot[];
}

export type PremisesUse = 'SHOP' | 'FACTORY' | 'WAREHOUSE' | 'OFFICE';

function emptyStock(): PlotStock {
  return { homes: [], dorms: [], SHOP: [], FACTORY: [], WAREHOUSE: [], OFFICE: [] };
}

function builtBetween(w: PlotWriter, from: number, to: number): number {
  return w.rng.int(from, Math.min(to, SNAPSHOT_YEAR - 1));
}

/**
 * A commercial housing estate (商品房小区): high-rise, units, flats. `householdsHint` keeps a small grid from
 * getting a 30-storey estate that would stand nine-tenths empty.
 */
export function buildEstate(w: PlotWriter, householdsHint: number): PlotStock {
  const { rng } = w;
  const stock = emptyStock();
  const address = w.address();
  const estate = uniqueName(w.sink.names, () => rng.pick(ESTATE_WORDS) + rng.pick(ESTATE_SUFFIXES));
  const units = rng.int(1, 2);
  const roomsPerUnit = rng.int(2, 4);
  const perFloor = units * roomsPerUnit;
  // An estate takes a share of the households the grid still needs; village houses and other estates take the rest.
  const share = Math.ceil(householdsHint * (0.3 + rng.next() * 0.4));
  const buildingCount = Math.max(1, Math.min(6, Math.round(share / 100)));
  const wanted = Math.ceil(share / (buildingCount * perFloor));
  const floors = Math.max(6, Math.min(rng.int(8, 33), wanted + 1));
  const builtYear = builtBetween(w, 1998, 2024);
  const withShops = rng.chance(0.3);

  for (let b = 1; b <= buildingCount; b++) {
    const building = w.building(address, b, {
      name: `${estate}${b}栋`,
      use: withShops ? 'MIXED' : 'RESIDENTIAL',
      structure: '钢筋混凝土',
      floors,
      builtYear,
      fireSafetyRating: w.rating([40, 45, 10, 0, 5]),
      plotKind: 'ESTATE',
    });
    for (let floor = 1; floor <= floors; floor++) {
      if (floor === 1 && withShops) {
        const shops = rng.int(2, 6);
        for (let p = 1; p <= shops; p++) stock.SHOP.push(w.house(building, 1, p, 'SHOP', rng.int(25, 120)));
        continue;
      }
      for (let u = 1; u <= units; u++) {
        for (let r = 1; r <= roomsPerUnit; r++) {
          const unit = { name: `${u}单元`, room: r };
          stock.homes.push(w.house(building, floor, (u - 1) * roomsPerUnit + r, 'RESIDENTIAL', rng.int(55, 140), unit));
        }
      }
    }
  }
  return stock;
}

/**
 * A villager's self-built building (农民房, 握手楼): 3-9 storeys of small rooms let to migrant workers, often
 * with shops on the ground floor; the 出租屋 that grid workers visit most.
 */
export function buildVillageHouse(w: PlotWriter): PlotStock {
  const { rng } = w;
  const stock = emptyStock();
  const address = w.address();
  const buildingCount = rng.chance(0.2) ? 2 : 1;
  for (let b = 1; b <= buildingCount; b++) {
    const builtYear = builtBetween(w, 1985, 2016);
    const floors = rng.skewedInt(3, 7, 1.2);
    const perFloor = rng.int(2, 4);
    const groundShops = rng.chance(0.4) ? Math.min(perFloor, rng.int(1, 3)) : 0;
    const building = w.building(address, b, {
      name: `${b}栋`,
      use: groundShops > 0 ? 'MIXED' : 'RESIDENTIAL',
      structure: builtYear < 2000 && rng.chance(0.7) ? '砖混' : rng.chance(0.85) ? '钢筋混凝土' : '砖混',
      floors,
      builtYear,
      fireSafetyRating: w.rating([5, 20, 45, 20, 10]),
      plotKind: 'VILLAGE_HOUSE',
    });
    const singleRooms = perFloor >= 4;
    for (let floor = 1; floor <= floors; floor++) {
      for (let p = 1; p <= perFloor; p++) {
        if (floor === 1 && p <= groundShops) {
          // A shop with a room behind it where the shopkeeper's family lives (住商两用) counts as a home.
          if (rng.chance(0.2)) stock.homes.push(w.house(building, 1, p, 'MIXED', rng.int(30, 70)));
          else stock.SHOP.push(w.house(building, 1, p, 'SHOP', rng.int(15, 60)));
          continue;
        }
        const area = singleRooms ? rng.int(15, 35) : rng.int(50, 95);
        stock.homes.push(w.house(building, floor, p, 'RESIDENTIAL', area));
      }
    }
  }
  return stock;
}

/**
 * A factory compound (厂区) of a Dongguan-style industrial village: multi-storey workshops let floor by
 * floor, often a warehouse and a dormitory. A logistics compound holds warehouses only.
 */
export function buildIndustrial(w: PlotWriter, mode: 'FACTORY' | 'WAREHOUSE'): PlotStock {
  const { rng } = w;
  const stock = emptyStock();
  const address = w.address();
  const builtYear = builtBetween(w, 1990, 2022);
  let number = 0;
  const next = () => ++number;

  if (mode === 'FACTORY') {
    const workshops = rng.int(1, 2);
    for (let f = 1; f <= workshops; f++) {
      const floors = rng.skewedInt(1, 6, 1.2);
      const perFloor = rng.int(1, 3);
      const building = industrialBuilding(w, address, next(), `${f}号厂房`, floors, builtYear);
      for (let floor = 1; floor <= floors; floor++) {
        for (let p = 1; p <= perFloor; p++) stock.FACTORY.push(w.house(building, floor, p, 'FACTORY', rng.int(400, 2500)));
      }
    }
  }
  const warehouses = mode === 'WAREHOUSE' ? rng.int(1, 3) : rng.chance(0.5) ? 1 : 0;
  for (let h = 1; h <= warehouses; h++) {
    const floors = rng.int(1, 2);
    const building = industrialBuilding(w, address, next(), warehouses > 1 ? `${h}号仓库` : '仓库', floors, builtYear);
    const perFloor = rng.int(1, 2);
    for (let floor = 1; floor <= floors; floor++) {
      for (let p = 1; p <= perFloor; p++) stock.WAREHOUSE.push(w.house(building, floor, p, 'WAREHOUSE', rng.int(600, 3000)));
    }
  }
  if (mode === 'FACTORY' && rng.chance(0.4)) {
    const floors = rng.int(3, 6);
    const perFloor = rng.int(6, 12);
    const dorm = w.building(address, next(), {
      name: '宿舍楼',
      use: 'RESIDENTIAL',
      structure: rng.chance(0.7) ? '钢筋混凝土' : '砖混',
      floors,
      builtYear,
      fireSafetyRating: w.rating([10, 40, 35, 5, 10]),
      plotKind: 'INDUSTRIAL',
      isDorm: true,
    });
    for (let floor = 1; floor <= floors; floor++) {
      for (let p = 1; p <= perFloor; p++) stock.dorms.push(w.house(dorm, floor, p, 'RESIDENTIAL', rng.int(18, 30)));
    }
  }
  return stock;
}

function industrialBuilding(w: PlotWriter, address: AddressRow, number: number, name: string, floors: number, builtYear: number): BuildingInfo {
  return w.building(address, number, {
    name,
    use: 'INDUSTRIAL',
    structure: w.rng.chance(0.55) ? '钢结构' : '钢筋混凝土',
    floors,
    builtYear,
    fireSafetyRating: w.rating([10, 40, 35, 8, 7]),
    plotKind: 'INDUSTRIAL',
  });
}

const COMMERCIAL_WORDS = ['金汇', '星汇', '盈丰', '富民', '东盛', '银丰', '鸿福', '锦城', '财富', '荣华', '新世纪', '恒通', '宏达', '汇德'];

/** A row of street-front shops or a small market (商铺), or an office block (写字楼) with shops on its ground floor. */
export function buildCommercial(w: PlotWriter, mode: 'SHOP' | 'OFFICE'): PlotStock {
  const { rng } = w;
  const stock = emptyStock();
  const address = w.address();
  const floors = mode === 'SHOP' ? rng.int(1, 2) : rng.skewedInt(3, 10, 1.5);
  const name = uniqueName(
    w.sink.names,
    () => rng.pick(COMMERCIAL_WORDS) + (mode === 'SHOP' ? rng.pick(['商业街', '商铺', '市场']) : rng.pick(['大厦', '商务中心', '广场'])),
  );
  const building = w.building(address, 1, {
    name,
    use: 'COMMERCIAL',
    structure: '钢筋混凝土',
    floors,
    builtYear: builtBetween(w, 1995, 2024),
    fireSafetyRating: w.rating([30, 45, 15, 3, 7]),
    plotKind: 'COMMERCIAL',
  });
  for (let floor = 1; floor <= floors; floor++) {
    const shopFloor = floor === 1 || mode === 'SHOP';
    const perFloor = shopFloor ? rng.int(mode === 'SHOP' ? 4 : 2, mode === 'SHOP' ? 10 : 6) : rng.int(2, 5);
    for (let p = 1; p <= perFloor; p++) {
      if (shopFloor) stock.SHOP.push(w.house(building, floor, p, 'SHOP', rng.int(20, 90)));
      else stock.OFFICE.push(w.house(building, floor, p, 'OFFICE', rng.int(40, 300)));
    }
  }
  return stock;
}

/** The grounds of a school, health centre or government office: 1-3 public buildings, each let as a whole. */
export function buildCampus(w: PlotWriter, buildingNames: readonly string[]): HouseSlot[] {
  const { rng } = w;
  const address = w.address();
  const builtYear = builtBetween(w, 1980, 2020);
  return buildingNames.map((name, index) => {
    const floors = rng.int(2, 6);
    const building = w.building(address, index + 1, {
      name,
      use: 'PUBLIC',
      structure: builtYear < 1995 && rng.chance(0.5) ? '砖混' : '钢筋混凝土',
      floors,
      builtYear,
      fireSafetyRating: w.rating([45, 45, 5, 0, 5]),
      plotKind: 'CAMPUS',
    });
    return w.house(building, 1, 1, 'OFFICE', rng.int(200, 1500) * floors);
  });
}
