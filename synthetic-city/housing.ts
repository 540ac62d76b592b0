import { GridPlan, TownPlan } from './grids';
import { HouseSlot, HousingSink, PlotKind, PlotWriter } from './plot-writer';
import { buildCampus, buildCommercial, buildEstate, buildIndustrial, buildVillageHouse, PlotStock, PremisesUse } from './plots';
import { Rng } from './rng';

/** A first-in first-out list that never shifts its array, since pools hold tens of thousands of rooms. */
class Queue<T> {
  private items: T[] = [];
  private head = 0;

  push(...items: T[]): void {
    for (const item of items) this.items.push(item);
  }

  take(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head++]!;
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  get size(): number {
    return this.items.length - this.head;
  }
}

/** How often a home is passed over and left empty; estates hold investors' empty flats. */
const VACANCY: Record<PlotKind, number> = { ESTATE: 0.12, VILLAGE_HOUSE: 0.06, INDUSTRIAL: 0.08, COMMERCIAL: 0.1, CAMPUS: 0 };

/**
 * One grid's housing stock, built as residents and businesses need it: asking for a home or a shop when
 * none is free puts up a plot of the kind the grid would have. Rooms never handed out stay VACANT.
 */
export class GridHousing {
  private readonly writer: PlotWriter;
  private readonly homes = new Queue<HouseSlot>();
  private readonly dorms = new Queue<HouseSlot>();
  private readonly premises: Record<PremisesUse, Queue<HouseSlot>> = {
    SHOP: new Queue(),
    FACTORY: new Queue(),
    WAREHOUSE: new Queue(),
    OFFICE: new Queue(),
  };

  constructor(
    private readonly rng: Rng,
    town: TownPlan,
    readonly grid: GridPlan,
    sink: HousingSink,
  ) {
    this.writer = new PlotWriter(rng, town, grid, sink);
  }

  /**
   * A free home. Workers sharing a room take factory dormitory rooms first when the grid has any.
   * `householdsLeft` sizes a new estate to what the grid still needs.
   */
  takeHome(preferDorm: boolean, householdsLeft: number): HouseSlot {
    if (preferDorm) {
      const dorm = this.takeOccupiable(this.dorms);
      if (dorm) return dorm;
    }
    for (;;) {
      const home = this.takeOccupiable(this.homes);
      if (home) return home;
      this.add(this.residentialPlot(householdsLeft));
    }
  }

  /** `count` rooms of one use, from the same building where the pool allows. */
  takePremises(use: PremisesUse, count: number): HouseSlot[] {
    const pool = this.premises[use];
    while (pool.size < count) this.add(this.plotFor(use));
    return Array.from({ length: count }, () => pool.take()!);
  }

  takeCampus(buildingNames: readonly string[]): HouseSlot[] {
    return buildCampus(this.writer, buildingNames);
  }

  private takeOccupiable(queue: Queue<HouseSlot>): HouseSlot | undefined {
    for (let slot = queue.take(); slot; slot = queue.take()) {
      if (!this.rng.chance(VACANCY[slot.building.plotKind])) return slot;
    }
    return undefined;
  }

  private residentialPlot(householdsLeft: number): PlotStock {
    const estateShare = this.grid.community.isVillage ? 0.1 : 0.35;
    if (householdsLeft >= 40 && this.rng.chance(estateShare)) return buildEstate(this.writer, householdsLeft);
    return buildVillageHouse(this.writer);
  }

  private plotFor(use: PremisesUse): PlotStock {
    switch (use) {
      case 'FACTORY':
      case 'WAREHOUSE':
        return buildIndustrial(this.writer, use);
      case 'SHOP':
      case 'OFFICE':
        return buildCommercial(this.writer, use);
    }
  }

  private add(stock: PlotStock): void {
    this.homes.push(...stock.homes);
    this.dorms.push(...stock.dorms);
    for (const use of ['SHOP', 'FACTORY', 'WAREHOUSE', 'OFFICE'] as const) this.premises[use].push(...stock[use]);
  }
}
