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
  ['榕溪镇', 'TOWN'], ['城南街道', 'SUBDISTRICT'], ['石塘镇', 'TOWN'], ['沙岭镇', 'TOWN'], ['桂涌镇', 'TOWN'],
  ['东湖街道', 'SUBDISTRICT'], ['樟湖镇', 'TOWN'], ['金沥镇', 'TOWN'], ['凤埔镇', 'TOWN'], ['银洲镇', 'TOWN'],
  ['城北街道', 'SUBDISTRICT'], ['荔田镇', 'TOWN'], ['横坑镇', 'TOWN'], ['鹤岭镇', 'TOWN'], ['蓬溪镇', 'TOWN'],
  ['西岭街道', 'SUBDISTRICT'], ['茶洲镇', 'TOWN'], ['麻涌口镇', 'TOWN'], ['洪梅岗镇', 'TOWN'], ['望牛埔镇', 'TOWN'],
  ['高埗头镇', 'TOWN'], ['新塘尾镇', 'TOWN'], ['谢岗头镇', 'TOWN'], ['常青镇', 'TOWN'], ['虎岭镇', 'TOWN'],
  ['大朗埔镇', 'TOWN'], ['黄沙镇', 'TOWN'], ['清泉镇', 'TOWN'], ['塘尾镇', 'TOWN'], ['桥沥镇', 'TOWN'],
  ['企石岭镇', 'TOWN'], ['寮步头镇', 'TOWN'], ['示范高新技术产业园区', 'PARK'],
].map(([name, kind]) => ({ name: name!, kind: kind as TownKind }));

/** Used when a scale asks for more towns than are named. */
export const EXTRA_TOWN_ROOTS = ['南冲', '北冈', '龙溪', '莲塘', '竹山', '梅沥', '柏洲', '杉坑'];

export const COMMUNITY_FIRST = [...'东西南北上下新大小长黄石沙桥塘岭田湖山龙凤金银松竹梅兰荔榕桂柏莲水白'];
export const COMMUNITY_SECOND = [...'溪湖坑岭田头步涌沥边朗江岗塘山洲埔村围厦墩基冲圳背尾'];

export const ROAD_WORDS = [
  '人民', '建设', '解放', '新华', '东城', '西城', '工业', '兴业', '振兴', '环市', '环城', '育才', '文明', '和平',
  '富民', '宏图', '金龙', '银湖', '滨江', '创业', '科技', '同心', '团结', '光明', '迎宾', '青年', '学府', '健康',
  '繁荣', '幸福', '莞樟', '莞长', '松湖', '榕树', '荔枝', '凤凰', '黄金', '沿河', '沙园', '石龙', '新安', '长青',
];
export const ROAD_SUFFIXES = ['路', '路', '路', '大道', '街', '大街', '一路', '二路', '西路', '东路', '中路'];

export const ESTATE_WORDS = [
  '榕湖', '金沙', '翠园', '碧桂', '锦绣', '御景', '华府', '君悦', '星河', '海逸', '雅居', '盈峰', '东城', '万科',
  '嘉宏', '汇景', '富华', '丽景', '名都', '天誉', '怡景', '明珠', '世纪', '绿洲', '新城', '湖畔', '山水', '清华',
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

/** Where Dongguan's migrants come from, most from Hunan, Guangxi, Sichuan, Henan, Jiangxi, Hubei and the rest of Guangdong. */
export const MIGRANT_ORIGINS: readonly (readonly [Origin, number])[] = [
  [origin('430100', '湖南省长沙市'), 3], [origin('430400', '湖南省衡阳市'), 4], [origin('430500', '湖南省邵阳市'), 4],
  [origin('431000', '湖南省郴州市'), 4], [origin('431100', '湖南省永州市'), 4],
  [origin('450100', '广西壮族自治区南宁市'), 3], [origin('450300', '广西壮族自治区桂林市'), 3],
  [origin('450900', '广西壮族自治区玉林市'), 4],
  [origin('510100', '四川省成都市'), 2], [origin('511300', '四川省南充市'), 3],
  [origin('410100', '河南省郑州市'), 2], [origin('411300', '河南省南阳市'), 3], [origin('411600', '河南省周口市'), 3],
  [origin('360100', '江西省南昌市'), 2], [origin('360700', '江西省赣州市'), 4],
  [origin('420100', '湖北省武汉市'), 2], [origin('421100', '湖北省黄冈市'), 3],
  [origin('440800', '广东省湛江市'), 4], [origin('440900', '广东省茂名市'), 3], [origin('445200', '广东省揭阳市'), 3],
  [origin('520100', '贵州省贵阳市'), 2], [origin('530100', '云南省昆明市'), 1], [origin('341200', '安徽省阜阳市'), 1],
  [origin('350100', '福建省福州市'), 1],
];

export interface ForeignOrigin extends Origin {
  /** Hong Kong and Macao residents share Chinese names; foreign nationals draw from these surnames. */
  surnames: readonly string[] | null;
  ethnicity: string;
}

/**
 * 境外 residents. Hong Kong and Macao residence permits carry 810000 and 820000. Foreign nationals get a
 * number under the city's own code: the real foreigner's permanent-residence number starts with 9, which
 * no province code allows, and these rows only need to pass the resident-ID validator.
 */
export const FOREIGN_ORIGINS: readonly (readonly [ForeignOrigin, number])[] = [
  [{ divisionCode: '810000', place: '香港特别行政区', province: '81', surnames: null, ethnicity: '汉族' }, 45],
  [{ divisionCode: '820000', place: '澳门特别行政区', province: '82', surnames: null, ethnicity: '汉族' }, 10],
  [{ divisionCode: CITY_CODE, place: '越南', province: '44', surnames: ['阮', '陈', '黎', '范', '黄', '吴'], ethnicity: '外国籍' }, 20],
  [{ divisionCode: CITY_CODE, place: '韩国', province: '44', surnames: ['金', '李', '朴', '崔', '郑'], ethnicity: '外国籍' }, 15],
  [{ divisionCode: CITY_CODE, place: '日本', province: '44', surnames: ['田中', '佐藤', '铃木', '高桥', '山本'], ethnicity: '外国籍' }, 10],
];
