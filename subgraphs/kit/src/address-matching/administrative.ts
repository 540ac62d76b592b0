/**
 * Province, city and district at the head of an address. Inside one city they tell nothing apart,
 * so the city's own are taken off; another province or city named there means the text is about a
 * place this city's addresses cannot be (a migrant's home address, say).
 */

const PROVINCES = [
  '北京',
  '天津',
  '河北',
  '山西',
  '内蒙古',
  '辽宁',
  '吉林',
  '黑龙江',
  '上海',
  '江苏',
  '浙江',
  '安徽',
  '福建',
  '江西',
  '山东',
  '河南',
  '湖北',
  '湖南',
  '广东',
  '广西',
  '海南',
  '重庆',
  '四川',
  '贵州',
  '云南',
  '西藏',
  '陕西',
  '甘肃',
  '青海',
  '宁夏',
  '新疆',
  '台湾',
  '香港',
  '澳门',
];
const PROVINCE_SUFFIX = /^(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)/;
const OTHER_CITY = /^([\u4e00-\u9fff]{2,4}?)(市|州|盟)([\u4e00-\u9fff]{1,4}?)(区|县|市|旗)/;

export interface AdministrativeHead {
  /** The place without the city's own province, city and district. */
  rest: string;
  province: string | null;
  city: string | null;
  /** Another province or city is named. */
  elsewhere: boolean;
}

/** `own`: the province, city and district names of the indexed addresses (广东省, 示范市). */
export function readAdministrativeHead(place: string, own: { provinces: Iterable<string>; cities: Iterable<string> }): AdministrativeHead {
  let rest = place;
  let province: string | null = null;
  let city: string | null = null;
  const ownProvinces = [...own.provinces];
  const ownCities = [...own.cities];

  const named = PROVINCES.find((p) => rest.startsWith(p));
  if (named) {
    const suffix = PROVINCE_SUFFIX.exec(rest.slice(named.length))?.[0] ?? '';
    const full = named + suffix;
    if (!ownProvinces.some((p) => p.startsWith(named))) return { rest, province: full, city: null, elsewhere: true };
    province = full;
    rest = rest.slice(full.length);
  }
  // The city, then the district (here the city is its own district, so it may come twice).
  for (let round = 0; round < 2; round++) {
    const ours = ownCities
      .map((c) => [c, c.replace(/(市|区|县)$/, '')] as const)
      .find(([full, short]) => rest.startsWith(full) || (short.length >= 2 && rest.startsWith(short)));
    if (!ours) break;
    const length = rest.startsWith(ours[0]) ? ours[0].length : ours[1].length;
    city ??= rest.slice(0, length);
    rest = rest.slice(length);
  }
  if (!city && OTHER_CITY.test(rest)) return { rest, province, city: OTHER_CITY.exec(rest)![0], elsewhere: true };
  return { rest, province, city, elsewhere: false };
}
