import { CREDIT_CODE_CHARACTERS, makeCreditCode } from '../platform/identifiers/credit-code';
import { fromEpochDay, SNAPSHOT_DAY } from './dates';
import { COMPANY_KINDS, EntityKind, INDIVIDUAL_KINDS, institutionKind, SAFETY_LEVELS, SOCIAL_KINDS } from './entity-kinds';
import { TownPlan, uniqueName } from './grids';
import { GridHousing } from './housing';
import { CITY_CODE } from './places';
import { HouseSlot } from './plot-writer';
import { permute, pickIndexByWeight, Rng, WeightedTable } from './rng';
import { LegalEntityRow, LicenceStatus } from './types';

export interface EntityDraft {
  kind: EntityKind;
  housing: GridHousing;
  /** Representative and addresses are filled in once people and premises exist. */
  row: LegalEntityRow;
  premises: HouseSlot[];
}

/** Per town, a million organisation-code counters and a share of the million food-licence numbers. */
const CODES_PER_TOWN = 1_000_000;
/** Old codes are eight digits (10^4 squared); new ones "MA" and six code characters (31^3 squared). */
const OLD_STYLE_HALF = 10_000;
const NEW_STYLE_HALF = 31 ** 3;
const LICENCE_STATUSES = new WeightedTable<LicenceStatus>([
  ['ACTIVE', 90],
  ['SUSPENDED', 3],
  ['REVOKED', 3],
  ['DEREGISTERED', 4],
]);
const COMPANY_TABLE = new WeightedTable(COMPANY_KINDS);
const INDIVIDUAL_TABLE = new WeightedTable(INDIVIDUAL_KINDS);
const SOCIAL_TABLE = new WeightedTable(SOCIAL_KINDS);

/** Drafts a town's legal entities with city-unique credit codes and food licence numbers. */
export class EntityFactory {
  private codeCount = 0;
  private foodCount = 0;
  private readonly names = new Set<string>();
  private readonly foodBlock: number;
  private readonly gridTables = new Map<number, WeightedTable<GridHousing>>();

  constructor(
    private readonly rng: Rng,
    private readonly town: TownPlan,
    private readonly housings: readonly GridHousing[],
    towns: number,
  ) {
    this.foodBlock = Math.floor(1_000_000 / towns);
  }

  /** Institutions and social organisations about 2 % each; the rest a little more individual businesses than companies. */
  draftAll(count: number): EntityDraft[] {
    const institutions = Math.min(count, Math.max(1, Math.round(count * 0.02)));
    const social = Math.min(count - institutions, Math.max(1, Math.round(count * 0.02)));
    const individual = Math.round((count - institutions - social) * 0.53);
    const companies = count - institutions - social - individual;
    const drafts: EntityDraft[] = [];
    for (let i = 0; i < institutions; i++) drafts.push(this.draft(() => institutionKind(i, this.town)));
    for (let i = 0; i < companies; i++) drafts.push(this.draft(() => COMPANY_TABLE.pick(this.rng)));
    for (let i = 0; i < individual; i++) drafts.push(this.draft(() => INDIVIDUAL_TABLE.pick(this.rng)));
    for (let i = 0; i < social; i++) drafts.push(this.draft(() => SOCIAL_TABLE.pick(this.rng)));
    return drafts;
  }

  placePremises(draft: EntityDraft): void {
    const { kind, housing } = draft;
    if (kind.premises === 'CAMPUS') {
      draft.premises = housing.takeCampus(kind.campusBuildings ?? ['办公楼']);
    } else {
      const count = this.rng.int(kind.premisesCount[0], kind.premisesCount[1]);
      draft.premises = housing.takePremises(kind.premises, count);
      // Some factories also rent a warehouse, within the 1-3 rooms an entity occupies.
      if (kind.premises === 'FACTORY' && kind.type === 'COMPANY' && count < 3 && this.rng.chance(0.3)) {
        draft.premises.push(...housing.takePremises('WAREHOUSE', 1));
      }
    }
    draft.row.businessAddressCode = draft.premises[0]!.row.code.slice(0, 19);
  }

  /**
   * Names are unique within the town, as a registry requires. A kind with few possible names (a town has one
   * chamber of commerce) gives way to another kind of the same table when its names are used up.
   */
  private draft(drawKind: () => EntityKind): EntityDraft {
    const { rng } = this;
    let kind = drawKind();
    let housing = this.gridFor(kind);
    let name = kind.name(rng, { town: this.town.name, community: housing.grid.community.name });
    for (let attempt = 0; this.names.has(name) && attempt < 30; attempt++) {
      kind = drawKind();
      housing = this.gridFor(kind);
      name = kind.name(rng, { town: this.town.name, community: housing.grid.community.name });
    }
    name = uniqueName(this.names, () => name);
    const staffCount = rng.logNormalInt(kind.staff[0], kind.staff[1], kind.staff[2], kind.staff[3]);
    const daysAgo = kind.type === 'INSTITUTION' ? rng.int(3 * 365, kind.maxAge * 365) : rng.skewedInt(30, kind.maxAge * 365, 1.6);
    const establishedOn = fromEpochDay(SNAPSHOT_DAY - daysAgo);
    const foodCategory = kind.food === 'CANTEEN' ? (staffCount >= 300 ? '3' : null) : kind.food;
    const row: LegalEntityRow = {
      uscc: this.creditCode(kind.codePrefix, establishedOn < '2015-10-01' && kind.type !== 'INDIVIDUAL_BUSINESS'),
      name,
      type: kind.type,
      legalRepresentativeId: '',
      registeredAddressCode: '',
      businessAddressCode: null,
      gridCode: housing.grid.code,
      industry: kind.industry,
      staffCount,
      establishedOn,
      licenceStatus: kind.type === 'INSTITUTION' ? 'ACTIVE' : LICENCE_STATUSES.pick(rng),
      workSafetyLevel: SAFETY_LEVELS[pickIndexByWeight(rng, kind.safety)]!,
      fireKeyUnit: kind.fireKey(staffCount, rng),
      foodLicence: foodCategory ? this.foodLicence(foodCategory) : null,
    };
    return { kind, housing, row, premises: [] };
  }

  private gridFor(kind: EntityKind): GridHousing {
    let table = this.gridTables.get(kind.villageWeight);
    if (!table) {
      table = new WeightedTable(this.housings.map((h) => [h, h.grid.community.isVillage ? kind.villageWeight : 1] as const));
      this.gridTables.set(kind.villageWeight, table);
    }
    return table.pick(this.rng);
  }

  /**
   * Characters 9-17 are the organisation code of GB 11714: eight characters and their own check. Entities
   * registered before the 2015 reform kept their old all-digit codes; newer ones got codes starting "MA".
   * A counter per town run through a bijection keeps codes unique city-wide yet random-looking.
   */
  private creditCode(prefix: string, oldStyle: boolean): string {
    if (this.codeCount >= CODES_PER_TOWN) throw new Error('a town ran out of organisation codes');
    const counter = this.town.index * CODES_PER_TOWN + this.codeCount++;
    const body = oldStyle
      ? String(permute(counter, OLD_STYLE_HALF, 11714)).padStart(8, '0')
      : `MA${toCreditCharacters(permute(counter, NEW_STYLE_HALF, 32100), 6)}`;
    return makeCreditCode(`${prefix}${CITY_CODE}${body}${organisationCodeCheck(body)}`);
  }

  /**
   * 食品经营许可证: JY, the category, the issuing division, a six-digit serial and a check digit. The
   * check algorithm is not published, so a Luhn digit stands in for it.
   */
  private foodLicence(category: string): string {
    if (this.foodCount >= this.foodBlock) throw new Error('a town ran out of food licence numbers');
    const serial = String(this.town.index * this.foodBlock + this.foodCount++).padStart(6, '0');
    const digits = `${category}${CITY_CODE}${serial}`;
    return `JY${digits}${luhnDigit(digits)}`;
  }
}

function toCreditCharacters(value: number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++, value = Math.floor(value / 31)) text = CREDIT_CODE_CHARACTERS[value % 31] + text;
  return text;
}

/** GB 11714 MOD 11: weights 3 7 9 10 5 8 4 2 over values 0-9 and A=10…Z=35; 10 → X, 11 → 0. */
export function organisationCodeCheck(body: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const code = body.charCodeAt(i);
    sum += (code <= 57 ? code - 48 : code - 55) * weights[i]!;
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

function luhnDigit(digits: string): string {
  let sum = 0;
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = Number(digits[i]);
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}
