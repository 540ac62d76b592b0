/**
 * The city's own names (towns, communities, roads) and how to find them in what people write:
 * exactly, in a short or variant form (榕溪 for 榕溪镇, 东溪 for 东溪村, 人民大道 written 人民路), or
 * with one character replaced (a homophone or a look-alike: 仁民路 for 人民路; a misspelling
 * replaces a character far more often than it adds or drops one, and a short name with a character
 * added or dropped is too easily another name). Each kind of name is a
 * NameTable: the addresses bearing each name, and an inverted index from the characters of the
 * names to the names, so a text is compared only with the names that share a character with it.
 */

export type NameKind = 'town' | 'community' | 'road';

/** How a name was found in the text: its quality (1 exact … 0.8 one character off) and where. */
export interface Mention {
  name: string;
  quality: number;
  form: 'exact' | 'variant' | 'typo';
  start: number;
  end: number;
}

// Longest first, so 大道 is taken before 道 and 一路 before 路.
const SUFFIXES: Record<NameKind, string[]> = {
  road: ['大马路', '大道', '大街', '马路', '横路', '一路', '二路', '三路', '四路', '五路', '东路', '西路', '南路', '北路', '中路', '路', '街', '巷', '道'],
  community: ['社区居民委员会', '社区居委会', '村民委员会', '居民委员会', '村委会', '居委会', '社区', '村'],
  town: ['街道办事处', '街道办', '街道', '镇', '乡', '园区'],
};
/** Road suffixes people use for one another (人民大道 is often written 人民路): a variant, not another road. */
const INTERCHANGEABLE_ROAD_SUFFIXES = ['路', '大道', '街', '大街', '道', '马路'];
/** What follows a community's or a town's core name when it is written with its suffix. */
const FOLLOWS_CORE: Record<Exclude<NameKind, 'road'>, RegExp> = { community: /^(村|社|居)/, town: /^(镇|街|乡|园)/ };

export const QUALITY = { exact: 1, variant: 0.95, bareCore: 0.9, typo: 0.85, typoVariant: 0.8 } as const;

export function splitName(kind: NameKind, name: string): { core: string; suffix: string } {
  for (const suffix of SUFFIXES[kind]) {
    if (name.endsWith(suffix) && name.length - suffix.length >= 2) return { core: name.slice(0, -suffix.length), suffix };
  }
  return { core: name, suffix: '' };
}

/** Short forms a town is known by beyond its core: 示范高新技术产业园区 is 示范高新区, or just 高新区. */
function extraAliases(kind: NameKind, name: string): string[] {
  if (kind !== 'town') return [];
  const park = /^(.*?)高新技术产业(开发区|园区|园)$/.exec(name);
  return park ? [`${park[1]}高新区`, '高新区', `${park[1]}高新园区`] : [];
}

export class NameTable {
  private readonly members = new Map<string, Set<string>>();
  private readonly byCharacter = new Map<string, Set<string>>();

  constructor(readonly kind: NameKind) {}

  add(name: string, code: string): void {
    let codes = this.members.get(name);
    if (!codes) {
      codes = new Set();
      this.members.set(name, codes);
      for (const character of this.indexedCharacters(name)) {
        let names = this.byCharacter.get(character);
        if (!names) this.byCharacter.set(character, (names = new Set()));
        names.add(name);
      }
    }
    codes.add(code);
  }

  remove(name: string, code: string): void {
    const codes = this.members.get(name);
    if (!codes) return;
    codes.delete(code);
    if (codes.size > 0) return;
    this.members.delete(name);
    for (const character of this.indexedCharacters(name)) {
      const names = this.byCharacter.get(character);
      names?.delete(name);
      if (names?.size === 0) this.byCharacter.delete(character);
    }
  }

  codes(name: string): ReadonlySet<string> {
    return this.members.get(name) ?? new Set();
  }

  get size(): number {
    return this.members.size;
  }

  /** Names sharing a character of their core (or alias) with the text: the only ones worth aligning. */
  namesSharingCharacters(text: string): Set<string> {
    const names = new Set<string>();
    for (const character of new Set(text)) for (const name of this.byCharacter.get(character) ?? []) names.add(name);
    return names;
  }

  /** Road names whose end meets the end of the text (the road stands right before the door number). */
  roadMentions(place: string): Mention[] {
    const text = [...place];
    const mentions: Mention[] = [];
    for (const name of this.namesSharingCharacters(text.slice(-10).join(''))) {
      const mention = this.roadMention(text, name);
      if (mention) mentions.push(mention);
    }
    return byQuality(mentions);
  }

  private roadMention(text: string[], name: string): Mention | null {
    const { core, suffix } = splitName('road', name);
    const forms: { form: string; exact: number; typo: number; kind: 'exact' | 'variant' }[] = [
      { form: name, exact: QUALITY.exact, typo: QUALITY.typo, kind: 'exact' },
    ];
    if (INTERCHANGEABLE_ROAD_SUFFIXES.includes(suffix)) {
      for (const other of INTERCHANGEABLE_ROAD_SUFFIXES) {
        if (other !== suffix) forms.push({ form: core + other, exact: QUALITY.variant, typo: QUALITY.typoVariant, kind: 'variant' });
      }
      forms.push({ form: core, exact: QUALITY.bareCore, typo: 0, kind: 'variant' });
    }
    let best: Mention | null = null;
    for (const { form, exact, typo, kind } of forms) {
      const pattern = [...form];
      const start = text.length - pattern.length;
      if (start < 0) continue;
      const differing = mismatches(text, start, pattern);
      let quality = 0;
      let how: Mention['form'] = kind;
      if (differing === 0) quality = exact;
      // One wrong character inside a name of three or more, its last character (the suffix) intact.
      else if (differing === 1 && typo > 0 && pattern.length >= 3 && text[text.length - 1] === pattern[pattern.length - 1]) {
        // One character in four is surer than one in three: a longer name wins a tie with a shorter one.
        quality = typo + 0.02 * Math.min(pattern.length - 3, 2);
        how = 'typo';
      }
      if (quality > (best?.quality ?? 0)) best = { name, quality, form: how, start, end: text.length };
    }
    return best;
  }

  /** Towns or communities written anywhere in the text, in full, by their core, or with one character off. */
  placeMentions(place: string): Mention[] {
    if (this.kind === 'road') throw new Error('roads are found at the end of the place: roadMentions');
    const text = [...place];
    const found: Mention[] = [];
    const typos: Mention[] = [];
    for (const name of this.namesSharingCharacters(place)) {
      const { core } = splitName(this.kind, name);
      const forms = [name, ...(core !== name ? [core] : []), ...extraAliases(this.kind, name)];
      let best: Mention | null = null;
      for (const form of forms) {
        const start = place.indexOf(form);
        if (start < 0) continue;
        const quality = form === name ? QUALITY.exact : QUALITY.variant;
        const at = [...place.slice(0, start)].length;
        if (quality > (best?.quality ?? 0)) best = { name, quality, form: form === name ? 'exact' : 'variant', start: at, end: at + [...form].length };
      }
      if (best) {
        found.push(best);
        continue;
      }
      // A typo counts only where the suffix follows it (东西村 for 东溪村): a short core with one
      // wrong character alone would be found in almost any text.
      const pattern = [...core];
      if (pattern.length < 2) continue;
      for (let start = 0; start + pattern.length <= text.length; start++) {
        const end = start + pattern.length;
        if (mismatches(text, start, pattern) === 1 && FOLLOWS_CORE[this.kind as 'town'].test(text.slice(end).join(''))) {
          typos.push({ name, quality: QUALITY.typo, form: 'typo', start, end });
          break;
        }
      }
    }
    // A span already read as a real name is not also a misspelling of another.
    const clear = typos.filter((t) => !found.some((f) => f.start < t.end && t.start < f.end));
    return byQuality([...found, ...clear]);
  }

  private indexedCharacters(name: string): Set<string> {
    const { core } = splitName(this.kind, name);
    return new Set([...core, ...extraAliases(this.kind, name).flatMap((a) => [...a])]);
  }
}

/** Characters of `pattern` that differ from the text at `start` (a misspelling replaces, it rarely adds or drops). */
function mismatches(text: readonly string[], start: number, pattern: readonly string[]): number {
  let count = 0;
  for (let i = 0; i < pattern.length; i++) if (text[start + i] !== pattern[i]) count++;
  return count;
}

function byQuality(mentions: Mention[]): Mention[] {
  return mentions.sort((a, b) => b.quality - a.quality || a.name.localeCompare(b.name));
}
