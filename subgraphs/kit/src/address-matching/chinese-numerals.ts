/**
 * Chinese numerals in the numbers of an address (十二号, 三栋, 二单元, 五〇一室, 第三村民小组) turned
 * into Arabic digits. Only runs that stand where a number stands are converted: next to a marker of
 * a door, building, unit, floor, room or village group, after 第, or at the end after such a marker.
 * Numerals inside names stay as they are (兴业一路, 三元里), because a road's name is not a number.
 */

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const RUN = /[零〇一二两三四五六七八九十百千]+/g;
/** What may follow a number in an address. */
const FOLLOWED_BY = /^(号|#|栋|座|幢|楼|单元|室|房|层|组|村民小组|小组|队|-)/;
/** What may stand before a trailing number (a room after its building or unit). */
const PRECEDED_BY = /(号|#|栋|座|幢|楼|单元|层|室|-)$/;

/** The value of one numeral run: positional (一百零五 = 105) or digit by digit (五〇一 = 501). */
export function numeralValue(run: string): string {
  const chars = [...run];
  if (!chars.some((c) => c in UNITS)) return chars.map((c) => String(DIGITS[c] ?? '')).join('');
  let total = 0;
  let section = 0;
  let current = 0;
  for (const c of chars) {
    if (c in DIGITS) current = DIGITS[c]!;
    else {
      // 十二 is twelve: a unit with no digit before it counts once.
      section += (current || 1) * UNITS[c]!;
      current = 0;
    }
  }
  total += section + current;
  return String(total);
}

export function convertChineseNumerals(text: string): string {
  return text.replace(RUN, (run, offset: number) => {
    const before = text.slice(0, offset);
    const after = text.slice(offset + run.length);
    const standsForNumber = FOLLOWED_BY.test(after) || before.endsWith('第') || (after === '' && PRECEDED_BY.test(before));
    return standsForNumber ? numeralValue(run) : run;
  });
}
