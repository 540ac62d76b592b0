/**
 * Writes a standard address the ways people write it on forms (DOMAIN.md, "Ways people write
 * addresses"): with or without province, city, town and community; short names (榕溪 for 榕溪镇,
 * 东溪 for 东溪村); a village group; a road suffix swapped (人民大道 → 人民路) or dropped; a misspelt
 * name (confusions.ts); 号 or #; Chinese numerals; full-width digits; building (栋/座/幢/号楼),
 * unit and room, or all three dashed. Alongside the text, what it claims (which names it states),
 * so the register can tell honestly whether the text still points at one address only.
 */
import { CONFUSIONS } from './confusions';
import { Rng } from './rng';
import { AddressRow } from './types';

/** What a written address states; null: not stated. `roads`: the real roads the written road can mean. */
export interface AddressClaim {
  town: string | null;
  community: string | null;
  roads: readonly string[] | 'any';
  door: string | null;
}

export interface WrittenAddress {
  text: string;
  /** How it was written, e.g. ['town+community', 'road-typo', 'chinese-numerals']. */
  forms: string[];
  claim: AddressClaim;
}

/** Where in the building: the building's name, its unit and the room number. */
export interface HouseTail {
  buildingName: string;
  unit: string | null;
  roomNumber: string;
}

/** The city's names, to keep a variant or a misspelling from naming another real place. */
export interface CityNames {
  roads: ReadonlySet<string>;
  communityCores: ReadonlySet<string>;
  townCores: ReadonlySet<string>;
}

const SWAPPABLE_ROAD_SUFFIXES = ['路', '大道', '街', '大街'];
const ADMIN_LEVELS: readonly [string, number][] = [
  ['full', 0.2],
  ['city+town+community', 0.1],
  ['town+community', 0.35],
  ['town', 0.1],
  ['community', 0.15],
  ['bare', 0.1],
];

/** Ordinal and direction suffixes name distinct roads (兴业一路 is not 兴业路); the others are swapped in writing. */
const FIXED_ROAD_SUFFIXES = ['一路', '二路', '三路', '东路', '西路', '南路', '北路', '中路'];

export function roadParts(road: string): { core: string; suffix: string; swappable: boolean } {
  const fixed = FIXED_ROAD_SUFFIXES.find((s) => road.endsWith(s));
  if (fixed) return { core: road.slice(0, -fixed.length), suffix: fixed, swappable: false };
  const suffix = SWAPPABLE_ROAD_SUFFIXES.filter((s) => road.endsWith(s)).sort((a, b) => b.length - a.length)[0];
  return suffix ? { core: road.slice(0, -suffix.length), suffix, swappable: true } : { core: road, suffix: '', swappable: false };
}

export function placeCore(name: string): string {
  return name.replace(/(社区|村|街道|镇)$/, '');
}

export class AddressWriter {
  constructor(
    private readonly rng: Rng,
    private readonly names: CityNames,
  ) {}

  write(address: AddressRow, tail: HouseTail | null): WrittenAddress {
    const { rng } = this;
    const forms: string[] = [];
    const level = pickLevel(rng);
    forms.push(level);
    const writes = (part: string) => level === 'full' || (level === 'city+town+community' && part !== 'province') || level.split('+').includes(part);
    const parts: string[] = [];
    if (writes('province')) parts.push(rng.chance(0.15) ? address.province.replace(/省$/, '') : address.province);
    if (writes('city')) parts.push(rng.chance(0.15) ? address.city.replace(/市$/, '') : address.city);
    if (writes('town')) parts.push(this.town(address.town, forms));
    const isVillage = address.community.endsWith('村');
    let roadOmitted = false;
    if (writes('community')) {
      parts.push(this.community(address.community, forms));
      if (isVillage && rng.chance(0.25)) {
        parts.push(villageGroup(rng));
        forms.push('village-group');
        roadOmitted = rng.chance(0.3);
      }
    }
    // A landmark instead of road and number (金沙花园3栋…): no standard address says which one.
    const landmark = tail && /[^\d栋]{2,}/.test(tail.buildingName.replace(/\d+(栋|号厂房|号仓库)$/, '')) ? tail.buildingName : null;
    if (landmark && !roadOmitted && rng.chance(0.03)) {
      forms.push('landmark-only');
      parts.push(`${tail!.buildingName}${tail!.unit ?? ''}${tail!.roomNumber}`);
      return {
        text: parts.join(''),
        forms,
        claim: { town: writes('town') ? address.town : null, community: writes('community') ? address.community : null, roads: 'any', door: null },
      };
    }
    let roads: readonly string[] | 'any' = 'any';
    if (roadOmitted) forms.push('road-omitted');
    else {
      const road = this.road(address.road, forms);
      parts.push(road.text);
      roads = road.means;
    }
    const door = /^(\d+)/.exec(address.doorNumber)![1]!;
    const numerals = rng.chance(0.1);
    const doorMark = rng.pick(['号', '号', '号', '号', '号', '号', '#']);
    if (doorMark === '#') forms.push('hash');
    parts.push(`${numerals ? chineseNumber(Number(door)) : door}${doorMark}`);
    if (tail && rng.chance(0.85)) parts.push(this.tail(tail, forms, numerals));
    if (numerals) forms.push('chinese-numerals');

    const separator = rng.chance(0.06) ? rng.pick([' ', '，', '  ']) : '';
    if (separator) forms.push('separated');
    let text = parts.join(separator);
    if (rng.chance(0.08) && /[0-9#-]/.test(text)) {
      text = toFullWidth(text);
      forms.push('fullwidth');
    }
    return {
      text,
      forms,
      claim: {
        town: writes('town') ? address.town : null,
        community: writes('community') ? address.community : null,
        roads,
        door,
      },
    };
  }

  private town(name: string, forms: string[]): string {
    const park = /^(.*?)高新技术产业园区$/.exec(name);
    if (park && this.rng.chance(0.5)) {
      forms.push('town-short');
      return this.rng.chance(0.5) ? `${park[1]}高新区` : '高新区';
    }
    if (this.rng.chance(0.03)) {
      const typo = this.misspell(placeCore(name), (core) => !this.names.townCores.has(core));
      if (typo) {
        forms.push('town-typo');
        return typo + name.slice(placeCore(name).length);
      }
    }
    if (this.rng.chance(0.3) && placeCore(name) !== name) {
      forms.push('town-short');
      return placeCore(name);
    }
    return name;
  }

  private community(name: string, forms: string[]): string {
    const core = placeCore(name);
    const draw = this.rng.next();
    if (draw < 0.05) {
      const typo = this.misspell(core, (c) => !this.names.communityCores.has(c));
      if (typo) {
        forms.push('community-typo');
        return typo + name.slice(core.length);
      }
    }
    if (draw < 0.25) {
      forms.push('community-short');
      return core;
    }
    if (draw < 0.3) {
      forms.push('committee');
      return `${name}${name.endsWith('村') ? '委会' : '居委会'}`;
    }
    return name;
  }

  /** The road as written and the real roads it can mean (a swapped suffix fits every road of that core). */
  private road(name: string, forms: string[]): { text: string; means: readonly string[] } {
    const { core, suffix, swappable } = roadParts(name);
    const siblings = swappable ? SWAPPABLE_ROAD_SUFFIXES.map((s) => core + s).filter((r) => this.names.roads.has(r)) : [name];
    const draw = this.rng.next();
    if (draw < 0.07) {
      const typo = this.misspell(core, (c) => SWAPPABLE_ROAD_SUFFIXES.every((s) => !this.names.roads.has(c + s)) && !this.names.roads.has(c + suffix));
      if (typo) {
        forms.push('road-typo');
        return { text: typo + name.slice(core.length), means: [name] };
      }
    }
    if (swappable && draw < 0.17) {
      const unused = SWAPPABLE_ROAD_SUFFIXES.filter((s) => !this.names.roads.has(core + s));
      if (unused.length > 0) {
        forms.push('road-variant');
        return { text: core + this.rng.pick(unused), means: siblings };
      }
    }
    if (swappable && draw < 0.2) {
      forms.push('road-bare');
      return { text: core, means: siblings };
    }
    return { text: name, means: [name] };
  }

  private tail(tail: HouseTail, forms: string[], numerals: boolean): string {
    const { rng } = this;
    const numbered = /^(.*?)(\d+)(栋|号厂房|号仓库)$/.exec(tail.buildingName);
    const room = numerals ? chineseDigits(tail.roomNumber) : tail.roomNumber;
    const unit = tail.unit ? /^(\d+)/.exec(tail.unit)![1]! : null;
    if (numbered && numbered[3] === '栋' && rng.chance(0.15)) {
      forms.push('dashed');
      return [numbered[2], unit, tail.roomNumber].filter(Boolean).join('-');
    }
    let building = tail.buildingName;
    if (numbered && numbered[3] === '栋') {
      const mark = rng.pick(['栋', '栋', '栋', '座', '幢', '号楼']);
      const landmark = numbered[1] && rng.chance(0.6) ? numbered[1] : '';
      building = `${landmark}${numerals ? chineseNumber(Number(numbered[2])) : numbered[2]}${mark}`;
      forms.push(`building-${mark}`);
    }
    const unitText = unit ? `${numerals ? chineseNumber(Number(unit)) : unit}单元` : '';
    return `${building}${unitText}${room}${rng.pick(['', '室', '房', '室'])}`;
  }

  /** One character of `core` replaced by a confusable one, if that gives a name `allowed` accepts. */
  private misspell(core: string, allowed: (misspelt: string) => boolean): string | null {
    const characters = [...core];
    const positions = characters.map((c, i) => (CONFUSIONS.has(c) ? i : -1)).filter((i) => i >= 0);
    for (let attempt = 0; attempt < 4 && positions.length > 0; attempt++) {
      const position = this.rng.pick(positions);
      const misspelt = [...characters];
      misspelt[position] = this.rng.pick(CONFUSIONS.get(characters[position]!)!);
      const text = misspelt.join('');
      if (allowed(text)) return text;
    }
    return null;
  }
}

function pickLevel(rng: Rng): string {
  let draw = rng.next();
  for (const [level, share] of ADMIN_LEVELS) if ((draw -= share) < 0) return level;
  return 'bare';
}

function villageGroup(rng: Rng): string {
  const n = rng.int(1, 12);
  return rng.pick([`${n}组`, `${chineseNumber(n)}组`, `第${chineseNumber(n)}村民小组`, `${n}队`]);
}

const CHINESE_DIGITS = '零一二三四五六七八九';

/** 12 → 十二, 105 → 一百零五, 20 → 二十 (below ten thousand). */
export function chineseNumber(n: number): string {
  if (n < 10) return CHINESE_DIGITS[n]!;
  const units = ['', '十', '百', '千'];
  const digits = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  digits.forEach((d, i) => {
    const unit = units[digits.length - 1 - i]!;
    if (d === 0) zero = out !== '';
    else {
      if (zero) out += '零';
      zero = false;
      out += (d === 1 && unit === '十' && i === 0 ? '' : CHINESE_DIGITS[d]) + unit;
    }
  });
  return out;
}

/** 501 → 五零一: room numbers are read digit by digit. */
export function chineseDigits(text: string): string {
  return text.replace(/\d/g, (d) => CHINESE_DIGITS[Number(d)]!);
}

export function toFullWidth(text: string): string {
  return text.replace(/[0-9#-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}
