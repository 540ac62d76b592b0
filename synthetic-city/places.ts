/**
 * Place names of the fictional 示范市. The city code 449900 is not a real division (Guangdong has no 99
 * prefecture), so nothing generated can be mistaken for a real record; town, community and road names are
 * invented from common place-name characters. Migrants' home areas are real prefecture-level divisions
 * (public GB/T 2260 codes) because their ID numbers must carry a real province code.
 */

export const PROVINCE = '广东省';
export const CITY_NAME = '示范市';
export const CITY_CODE = '449900';
/** Around Dongguan, whose towns spread over roughly 0.7° × 0.5°. */
export const CITY_CENTRE = { longitude: 113.75, latitude: 22.98 };

export type TownKind = 'TOWN' | 'SUBDISTRICT' | 'PARK';

/**
 * Fixed so town 1 of every scale is the same 镇 (code 449900101000). Statistical codes number 街道 from 001,
 * 镇 from 101 and development zones from 401.
 */
export const TOWNS: readonly { name: string; kind: TownKind }[] = [
  ['榕溪镇', 'TOWN'],
  ['城南街道', 'SUBDISTRICT'],
  ['石塘镇', 'TOWN'],
  ['沙岭镇', 'TOWN'],
  ['桂涌镇', 'TOWN'],
  ['东湖街道', 'SUBDISTRICT'],
  ['樟湖镇', 'TOWN'],
  ['金沥镇', 'TOWN'],
  ['凤埔镇', 'TOWN'],
  ['银洲镇', 'TOWN'],
  ['城北街道', 'SUBDISTRICT'],
  ['荔田镇', 'TOWN'],
  ['横坑镇', 'TOWN'],
  ['鹤岭镇', 'TOWN'],
  ['蓬溪镇', 'TOWN'],
  ['西岭街道', 'SUBDISTRICT'],
  ['茶洲镇', 'TOWN'],
  ['麻涌口镇', 'TOWN'],
  ['洪梅岗镇', 'TOWN'],
  ['望牛埔镇', 'TOWN'],
  ['高埗头镇', 'TOWN'],
  ['新塘尾镇', 'TOWN'],
  ['谢岗头镇', 'TOWN'],
  ['常青镇', 'TOWN'],
  ['虎岭镇', 'TOWN'],
  ['大朗埔镇', 'TOWN'],
  ['黄沙镇', 'TOWN'],
  ['清泉镇', 'TOWN'],
  ['塘尾镇', 'TOWN'],
  ['桥沥镇', 'TOWN'],
  ['企石岭镇', 'TOWN'],
  ['寮步头镇', 'TOWN'],
  ['示范高新技术产业园区', 'PARK'],
].map(([name, kind]) => ({ name: name!, kind: kind as TownKind }));

/** Used when a scale asks for more towns than are named. */
export const EXTRA_TOWN_ROOTS = ['南冲', '北冈', '龙溪', '莲塘', '竹山', '梅沥', '柏洲', '杉坑'];

export const COMMUNITY_FIRST = [...'东西南北上下新大小长黄石沙桥塘岭田湖山龙凤金银松竹梅兰荔榕桂柏莲水白'];
export const COMMUNITY_SECOND = [...'溪湖坑岭田头步涌沥边朗江岗塘山洲埔村围厦墩基冲圳背尾'];

export const ROAD_WORDS = [
  '人民',
  '建设',
  '解放',
  '新华',
  '东城',
  '西城',
  '工业',
  '兴业',
  '振兴',
  '环市',
  '环城',
  '育才',
  '文明',
  '和平',
  '富民',
  '宏图',
  '金龙',
  '银湖',
  '滨江',
  '创业',
  '科技',
  '同心',
  '团结',
  '光明',
  '迎宾',
  '青年',
  '学府',
  '健康',
  '繁荣',
  '幸福',
  '莞樟',
  '莞长',
  '松湖',
  '榕树',
  '荔枝',
  '凤凰',
  '黄金',
  '沿河',
  '沙园',
  '石龙',
  '新安',
  '长青',
];
export const ROAD_SUFFIXES = ['路', '路', '路', '大道', '街', '大街', '一路', '二路', '西路', '东路', '中路'];

export const ESTATE_WORDS = [
  '榕湖',
  '金沙',
  '翠园',
  '碧桂',
  '锦绣',
  '御景',
  '华府',
  '君悦',
  '星河',
  '海逸',
  '雅居',
  '盈峰',
  '东城',
  '万科',
  '嘉宏',
  '汇景',
  '富华',
  '丽景',
  '名都',
  '天誉',
  '怡景',
  '明珠',
  '世纪',
  '绿洲',
  '新城',
  '湖畔',
  '山水',
  '清华',
];
export const ESTATE_SUFFIXES = ['花园', '花园', '名苑', '山庄', '小区', '豪庭', '新村', '雅苑', '公馆'];

export interface Origin {
  divisionCode: string;
  /** 户籍地 as written on household registration records. */
  place: string;
  /** First two digits of the division code, which pick the likely ethnic groups. */
  province: string;
}

function origin(divisionCode: string, place: string): Origin {
  return { divisionCode, place, province: divisionCode.slice(0, 2) };
}

/**
 * The county-level divisions of 示范市 that register residents and issue their ID numbers (GB 11643's
 * first six digits are the issuing county-level division, never a prefecture's XXXX00). Towns sit
 * directly under the city in the grid hierarchy, as Dongguan's do (their statistical codes carry the
 * city's 449900), and each belongs to one of these districts for household registration: the address
 * register's `district` names it too. 01 is left out, as GB/T 2260 reserves XXXX01 for 市辖区.
 */
export const CITY_DISTRICTS: readonly { code: string; name: string }[] = [
  { code: '449902', name: '城区' },
  { code: '449903', name: '东区' },
  { code: '449904', name: '南区' },
  { code: '449905', name: '西区' },
  { code: '449906', name: '北区' },
];

/** The district a town belongs to: 街道 and the development zone to 城区, towns in turn to the others. */
export function districtOfTown(index: number, kind: TownKind): { code: string; name: string } {
  if (kind !== 'TOWN') return CITY_DISTRICTS[0]!;
  return CITY_DISTRICTS[1 + (index % (CITY_DISTRICTS.length - 1))]!;
}

/**
 * Where Dongguan's migrants come from; each a real county-level division (GB/T 2260) of the prefecture
 * most of them come from, since an ID number carries the county that registered its holder. Most come
 * from Hunan, Guangxi, Sichuan, Henan, Jiangxi, Hubei and the rest of Guangdong.
 */
export const MIGRANT_ORIGINS: readonly (readonly [Origin, number])[] = [
  [origin('430121', '湖南省长沙市长沙县'), 3],
  [origin('430421', '湖南省衡阳市衡阳县'), 4],
  [origin('430522', '湖南省邵阳市新邵县'), 4],
  [origin('431021', '湖南省郴州市桂阳县'), 4],
  [origin('431122', '湖南省永州市东安县'), 4],
  [origin('450123', '广西壮族自治区南宁市隆安县'), 3],
  [origin('450323', '广西壮族自治区桂林市灵川县'), 3],
  [origin('450921', '广西壮族自治区玉林市容县'), 4],
  [origin('510121', '四川省成都市金堂县'), 2],
  [origin('511321', '四川省南充市南部县'), 3],
  [origin('410122', '河南省郑州市中牟县'), 2],
  [origin('411321', '河南省南阳市南召县'), 3],
  [origin('411621', '河南省周口市扶沟县'), 3],
  [origin('360121', '江西省南昌市南昌县'), 2],
  [origin('360731', '江西省赣州市于都县'), 4],
  [origin('420117', '湖北省武汉市新洲区'), 2],
  [origin('421126', '湖北省黄冈市蕲春县'), 3],
  [origin('440825', '广东省湛江市徐闻县'), 4],
  [origin('440981', '广东省茂名市高州市'), 3],
  [origin('445222', '广东省揭阳市揭西县'), 3],
  [origin('520121', '贵州省贵阳市开阳县'), 2],
  [origin('530124', '云南省昆明市富民县'), 1],
  [origin('341221', '安徽省阜阳市临泉县'), 1],
  [origin('350121', '福建省福州市闽侯县'), 1],
];

export interface ForeignOrigin extends Origin {
  /** Hong Kong and Macao residents share Chinese names; foreign nationals draw from these surnames. */
  surnames: readonly string[] | null;
  ethnicity: string;
}

/**
 * 境外 residents. Hong Kong and Macao residence permits carry 810000 and 820000. Foreign nationals hold a
 * foreign permanent-residence ID card (外国人永久居留身份证) in its 2023 form: 9, the province that
 * issued it (44), the nationality's ISO 3166-1 numeric code (704 Viet Nam, 410 Korea, 392 Japan), then
 * birth date, sequence and check character exactly as a resident ID. That form rather than the older
 * 15-character one (nationality letters + province + YYMMDD + sequence + check) because it is what is
 * issued now, and it was made to fit every system built for 18-character resident IDs (same length,
 * birth date and sex in the same places, the same MOD 11-2 check), which is how gridshare stores and
 * validates it; the old cards are being replaced. The six leading characters play the region's part.
 */
export const FOREIGN_ORIGINS: readonly (readonly [ForeignOrigin, number])[] = [
  [{ divisionCode: '810000', place: '香港特别行政区', province: '81', surnames: null, ethnicity: '汉族' }, 45],
  [{ divisionCode: '820000', place: '澳门特别行政区', province: '82', surnames: null, ethnicity: '汉族' }, 10],
  [{ divisionCode: '944704', place: '越南', province: '44', surnames: ['阮', '陈', '黎', '范', '黄', '吴'], ethnicity: '外国籍' }, 20],
  [{ divisionCode: '944410', place: '韩国', province: '44', surnames: ['金', '李', '朴', '崔', '郑'], ethnicity: '外国籍' }, 15],
  [{ divisionCode: '944392', place: '日本', province: '44', surnames: ['田中', '佐藤', '铃木', '高桥', '山本'], ethnicity: '外国籍' }, 10],
];
