import type { MaskName } from './model';

/**
 * The masks a grant can name. Each keeps only what the minimum-necessary principle allows the
 * receiving department; they run inside the owning subgraph, so the raw value never leaves it.
 */
export const MASKS: Record<MaskName, (value: unknown) => unknown> = {
  // 441900********123X: division code and the last four.
  'id-number': (v) =>
    typeof v === 'string' && v.length > 10 ? `${v.slice(0, 6)}${'*'.repeat(v.length - 10)}${v.slice(-4)}` : v === null || v === undefined ? v : '**********',
  // 441900************: the issuing region only. Birth date, sequence and check character stay
  // hidden, so a department that knows a person's birth date and sex keeps hundreds of thousands of
  // candidates instead of one (the 6 + 4 mask shows everything but the birth date).
  'id-number-region': (v) =>
    typeof v === 'string' && v.length > 6 ? `${v.slice(0, 6)}${'*'.repeat(v.length - 6)}` : v === null || v === undefined ? v : '******',
  // 138****5678
  phone: (v) =>
    typeof v === 'string' && v.length >= 7 ? `${v.slice(0, 3)}${'*'.repeat(v.length - 7)}${v.slice(-4)}` : v === null || v === undefined ? v : '****',
  // Surname plus one star per remaining character; two-character surnames are kept whole.
  name: (v) => (typeof v === 'string' && v.length > 0 ? maskName(v) : v),
  // Year only.
  'birth-date': (v) => (typeof v === 'string' ? v.slice(0, 4) : v),
  // Year and month (1990-01): ages in months (immunisation schedules, allowances due from the month
  // of a birthday) without the day.
  'birth-month': (v) => (typeof v === 'string' ? v.slice(0, 7) : v),
  // Down to the building: unit, floor and room are cut.
  address: (v) => (typeof v === 'string' ? cutAfterBuilding(v) : v),
  // Only the tags that welfare work needs.
  'welfare-tags': (v) => (Array.isArray(v) ? v.filter((t) => WELFARE_TAGS.has(t as string)) : v),
};

/** What each mask leaves a department, in words: the contracts and the explorer show it beside the field. */
export const MASK_DESCRIPTIONS: Record<MaskName, string> = {
  'id-number': 'first 6 + last 4 characters (保留前6位和后4位)',
  'id-number-region': 'the issuing region only, first 6 characters (仅保留前6位地区码)',
  phone: 'first 3 + last 4 digits (保留前3位和后4位)',
  name: 'the surname only (仅保留姓氏)',
  'birth-date': 'the year only (仅保留年份)',
  'birth-month': 'the year and month (保留年月)',
  address: 'down to the building; unit, floor and room cut (精确到楼栋)',
  'welfare-tags': 'only the tags welfare work needs (仅保留民政相关标签)',
};

const WELFARE_TAGS = new Set(['ELDERLY_ALONE', 'DISABILITY']);
const COMPOUND_SURNAMES = new Set(['欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '司徒', '夏侯']);

function maskName(name: string): string {
  const chars = [...name];
  const surnameLength = chars.length > 2 && COMPOUND_SURNAMES.has(chars.slice(0, 2).join('')) ? 2 : 1;
  return chars.slice(0, surnameLength).join('') + '*'.repeat(Math.max(1, chars.length - surnameLength));
}

function cutAfterBuilding(text: string): string {
  const match = text.match(/^(.*?(?:栋|幢|座|号楼))/);
  return match ? match[1] : text.replace(/\d+室$/, '');
}
