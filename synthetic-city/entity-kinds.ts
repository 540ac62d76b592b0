import { PremisesUse } from './plots';
import { Rng } from './rng';
import { EntityType, WorkSafetyLevel } from './types';

export interface NameContext {
  town: string;
  community: string;
}

/** One kind of organisation: how it is named, coded, housed, staffed and supervised. */
export interface EntityKind {
  type: EntityType;
  /** Registration authority and organisation type, characters 1-2 of the credit code (91 company, 92 individual business…). */
  codePrefix: string;
  industry: string;
  name: (rng: Rng, at: NameContext) => string;
  premises: PremisesUse | 'CAMPUS';
  premisesCount: readonly [number, number];
  campusBuildings?: readonly string[];
  /** Median, spread (log-normal sigma), minimum and maximum staff. */
  staff: readonly [number, number, number, number];
  /** Weights of LOW, MEDIUM, HIGH, MAJOR_HAZARD. */
  safety: readonly [number, number, number, number];
  /** 食品经营许可证 category: 1 food sales, 2 catering, 3 canteen; 'CANTEEN' = a canteen once staff reach 300. */
  food: '1' | '2' | '3' | 'CANTEEN' | null;
  /** 消防安全重点单位: crowded places, large workplaces, hazardous goods. */
  fireKey: (staff: number, rng: Rng) => boolean;
  /** Founded up to this many years before the snapshot, recent years likelier. */
  maxAge: number;
  /** Workshops and warehouses cluster in villages' industrial land. */
  villageWeight: number;
}

export const SAFETY_LEVELS: readonly WorkSafetyLevel[] = ['LOW', 'MEDIUM', 'HIGH', 'MAJOR_HAZARD'];

const BRAND_FIRST = [...'宏鑫华盛永嘉恒金利德兴源通信达富瑞昌隆丰顺泰佳美创新捷明志联科亿万安福力豪立东海'];
const BRAND_SECOND = [...'达盛华泰丰源发昌隆辉信荣兴通鑫宇威美佳利业成和顺祥瑞德富邦诚益凯锦润'];

/** A trade name (字号) of two characters, never the same one twice ("德德"). */
export function brand(rng: Rng): string {
  const first = rng.pick(BRAND_FIRST);
  let second = rng.pick(BRAND_SECOND);
  while (second === first) second = rng.pick(BRAND_SECOND);
  return first + second;
}

const company = (industry: string, products: readonly string[]) => (rng: Rng) => `示范市${brand(rng)}${rng.pick(products)}${industry}`;
const shop = (kinds: readonly string[]) => (rng: Rng, at: NameContext) => `示范市${at.town}${brand(rng)}${rng.pick(kinds)}`;
const never = () => false;
const atLeast = (staff: number) => (n: number) => n >= staff;

const MANUFACTURING = [
  '电子科技',
  '五金制品',
  '塑胶制品',
  '模具',
  '家具',
  '服装',
  '鞋业',
  '印刷包装',
  '精密机械',
  '电器',
  '玩具',
  '纸品',
  '光电科技',
  '新材料科技',
];

export const COMPANY_KINDS: readonly (readonly [EntityKind, number])[] = [
  [
    {
      type: 'COMPANY',
      codePrefix: '91',
      industry: '制造业',
      name: company('有限公司', MANUFACTURING),
      premises: 'FACTORY',
      premisesCount: [1, 3],
      staff: [60, 1.0, 8, 3000],
      safety: [15, 50, 30, 5],
      food: 'CANTEEN',
      fireKey: (n, rng) => n >= 100 || rng.chance(0.15),
      maxAge: 30,
      villageWeight: 3,
    },
    36,
  ],
  [
    {
      type: 'COMPANY',
      codePrefix: '91',
      industry: '制造业',
      name: company('有限公司', ['化工', '表面处理', '涂料', '电镀']),
      premises: 'FACTORY',
      premisesCount: [1, 2],
      staff: [40, 0.8, 10, 600],
      safety: [0, 15, 50, 35],
      food: 'CANTEEN',
      fireKey: () => true,
      maxAge: 30,
      villageWeight: 3,
    },
    4,
  ],
  [
    {
      type: 'COMPANY',
      codePrefix: '91',
      industry: '批发和零售业',
      name: company('有限公司', ['贸易', '商贸', '进出口', '电子商务']),
      premises: 'OFFICE',
      premisesCount: [1, 1],
      staff: [8, 0.8, 1, 200],
      safety: [95, 5, 0, 0],
      food: null,
      fireKey: never,
      maxAge: 25,
      villageWeight: 1,
    },
    13,
  ],
  [
    {
      type: 'COMPANY',
      codePrefix: '91',
      industry: '批发和零售业',
      name: company('有限公司', ['百货', '超市']),
      premises: 'SHOP',
      premisesCount: [1, 3],
      staff: [25, 0.8, 5, 400],
      safety: [60, 40, 0, 0],
      food: '1',
      fireKey: atLeast(50),
      maxAge: 25,
      villageWeight: 1,
    },
    4,
  ],
  [
    {
      type: 'COMPANY',
      codePrefix: '91',
      industry: '交通运输、仓储和邮政业',
      name: company('有限公司', ['物流', '供应链管理', '货运']),
      premises: 'WAREHOUSE',
      premisesCount: [1, 2],
      staff: [20, 0.9, 3, 500],
      safety: [20, 50, 30, 0],
      food: null,
      fireKey: atLeast(80),
      maxAge: 25,
      villageWeight: 2,
    },
    6,
  ],
  [
    {
      type: 'COMPANY',
      codePrefix: '91',
      industry: '建筑业',
      name: company('有限公司', ['建筑工程', '装饰工程', '机电安装工程']),
      premises: 'OFFICE',
      premisesCount: [1, 1],
      staff: [30, 1.0, 3, 800],
      safety: [10, 40, 50, 0],
      food: null,
      fireKey: never,
      maxAge: 30,
      villageWeight: 1,
    },
    6,
  ],
  [
    {
      type: 'COMPANY',
      codePrefix: '91',
      industry: '信息传输、软件和信息技术服务业',
      name: company('有限公司', ['信息技术', '网络科技', '软件']),
      premises: 'OFFICE',
      premisesCount: [1, 2],
      staff: [15, 1.0, 2, 500],
      safety: [100, 0, 0, 0],
      food: null,
      fireKey: never,
      maxAge: 15,
      villageWeight: 0.5,
    },
    5,
  ],
  [
    {
      type: 'COMPANY',
      codePrefix: '91',
      industry: '租赁和商务服务业',
      name: company('有限公司', ['人力资源', '企业管理咨询', '广告']),
      premises: 'OFFICE',
      premisesCount: [1, 1],
      staff: [8, 0.8, 1, 200],
      safety: [100, 0, 0, 0],
      food: null,
      fireKey: never,
      maxAge: 20,
      villageWeight: 0.5,
    },
    7,
  ],
  [
    {
      type: 'COMPANY',
      codePrefix: '91',
      industry: '住宿和餐饮业',
      name: company('有限公司', ['酒店', '餐饮管理']),
      premises: 'SHOP',
      premisesCount: [2, 3],
      staff: [30, 0.8, 5, 400],
      safety: [20, 70, 10, 0],
      food: '2',
      fireKey: () => true,
      maxAge: 25,
      villageWeight: 1,
    },
    7,
  ],
  [
    {
      type: 'COMPANY',
      codePrefix: '91',
      industry: '房地产业',
      name: company('有限公司', ['物业管理', '房地产开发']),
      premises: 'OFFICE',
      premisesCount: [1, 1],
      staff: [25, 1.0, 3, 500],
      safety: [80, 20, 0, 0],
      food: null,
      fireKey: never,
      maxAge: 30,
      villageWeight: 1,
    },
    5,
  ],
  [
    {
      type: 'COMPANY',
      codePrefix: '91',
      industry: '科学研究和技术服务业',
      name: company('有限公司', ['检测技术', '工业设计', '环保科技']),
      premises: 'OFFICE',
      premisesCount: [1, 1],
      staff: [12, 0.8, 2, 200],
      safety: [85, 15, 0, 0],
      food: null,
      fireKey: never,
      maxAge: 15,
      villageWeight: 0.5,
    },
    3,
  ],
  [
    {
      type: 'COMPANY',
      codePrefix: '91',
      industry: '居民服务、修理和其他服务业',
      name: company('有限公司', ['家政服务', '汽车服务', '保洁服务']),
      premises: 'SHOP',
      premisesCount: [1, 1],
      staff: [10, 0.8, 2, 200],
      safety: [80, 20, 0, 0],
      food: null,
      fireKey: never,
      maxAge: 15,
      villageWeight: 1,
    },
    4,
  ],
];

const individual = (industry: string, kinds: readonly string[], food: EntityKind['food'], premises: PremisesUse = 'SHOP'): EntityKind => ({
  type: 'INDIVIDUAL_BUSINESS',
  codePrefix: '92',
  industry,
  name: shop(kinds),
  premises,
  premisesCount: [1, premises === 'SHOP' ? 2 : 1],
  staff: [2, 0.6, 1, 12],
  safety: premises === 'FACTORY' ? [20, 60, 20, 0] : food === '2' ? [40, 60, 0, 0] : [90, 10, 0, 0],
  food,
  fireKey: never,
  maxAge: 15,
  villageWeight: premises === 'FACTORY' ? 3 : 1.5,
});

export const INDIVIDUAL_KINDS: readonly (readonly [EntityKind, number])[] = [
  [individual('批发和零售业', ['便利店', '士多店', '水果店', '粮油店', '副食店'], '1'), 28],
  [individual('批发和零售业', ['五金店', '服装店', '手机店', '日用品店', '建材店'], null), 17],
  [individual('住宿和餐饮业', ['餐馆', '快餐店', '大排档', '粉面店', '烧腊店', '早餐店', '奶茶店'], '2'), 30],
  [individual('住宿和餐饮业', ['旅馆', '宾馆'], null), 3],
  [individual('居民服务、修理和其他服务业', ['理发店', '洗衣店', '电动车维修店', '汽车维修店', '家电维修店', '美容店'], null), 18],
  [individual('制造业', ['五金加工厂', '制衣厂', '印刷厂'], null, 'FACTORY'), 4],
];

const SOCIAL = '公共管理、社会保障和社会组织';
const association = (name: (rng: Rng, at: NameContext) => string): EntityKind => ({
  type: 'SOCIAL_ORGANIZATION',
  codePrefix: '51',
  industry: SOCIAL,
  name,
  premises: 'OFFICE',
  premisesCount: [1, 1],
  staff: [3, 0.6, 1, 15],
  safety: [100, 0, 0, 0],
  food: null,
  fireKey: never,
  maxAge: 25,
  villageWeight: 1,
});

export const SOCIAL_KINDS: readonly (readonly [EntityKind, number])[] = [
  [association((_, at) => `示范市${at.town}商会`), 2],
  [association((rng, at) => `示范市${at.town}${rng.pick(['电子', '五金', '家具', '服装', '餐饮', '物流'])}行业协会`), 4],
  [association((_, at) => `${at.community}老年人协会`), 3],
  [association((rng, at) => `示范市${at.town}${rng.pick(['篮球', '书法', '摄影', '志愿者', '龙舟', '粤剧'])}协会`), 4],
  [
    {
      type: 'SOCIAL_ORGANIZATION',
      codePrefix: '52',
      industry: '教育',
      name: (rng, at) => `示范市${at.town}${brand(rng)}${rng.pick(['培训中心', '职业技能培训学校'])}`,
      premises: 'OFFICE',
      premisesCount: [1, 2],
      staff: [8, 0.6, 2, 40],
      safety: [80, 20, 0, 0],
      food: null,
      fireKey: never,
      maxAge: 15,
      villageWeight: 1,
    },
    3,
  ],
  [
    {
      type: 'SOCIAL_ORGANIZATION',
      codePrefix: '52',
      industry: '教育',
      name: (rng, at) => `示范市${at.town}${brand(rng)}幼儿园`,
      premises: 'CAMPUS',
      premisesCount: [1, 1],
      campusBuildings: ['教学楼'],
      staff: [20, 0.4, 8, 60],
      safety: [70, 30, 0, 0],
      food: '3',
      fireKey: () => true,
      maxAge: 20,
      villageWeight: 1,
    },
    2,
  ],
  [
    {
      type: 'SOCIAL_ORGANIZATION',
      codePrefix: '52',
      industry: '卫生和社会工作',
      name: (rng, at) => `示范市${at.town}${brand(rng)}养老院`,
      premises: 'CAMPUS',
      premisesCount: [1, 1],
      campusBuildings: ['综合楼', '护理楼'],
      staff: [15, 0.4, 5, 60],
      safety: [60, 40, 0, 0],
      food: '3',
      fireKey: () => true,
      maxAge: 20,
      villageWeight: 1,
    },
    1,
  ],
];

const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 第一 … 第九十九. */
function ordinal(n: number): string {
  if (n < 1 || n > 99) throw new Error(`no ordinal for ${n}`);
  const tens = Math.floor(n / 10);
  return `第${tens === 0 ? '' : tens === 1 ? '十' : `${DIGITS[tens]}十`}${DIGITS[n % 10]}`;
}

/** The town's own service institutions (事业单位) after its government office. */
const TOWN_OFFICES = ['党群服务中心', '公共服务中心', '社会事务服务中心', '文化服务中心', '综合行政执法队', '农业农村服务中心', '退役军人服务站', '综治中心'];

/**
 * Public institutions come in a fixed order, so every town has a government office before its second
 * school. Beyond the list, schools and clinics repeat with ordinals.
 */
export function institutionKind(index: number, town: { name: string; kind: 'TOWN' | 'SUBDISTRICT' | 'PARK' }): EntityKind {
  const base = { type: 'INSTITUTION' as const, premises: 'CAMPUS' as const, premisesCount: [1, 3] as const, fireKey: () => true, villageWeight: 1, maxAge: 60 };
  const prefix = `示范市${town.name}`;
  const round = Math.floor(index / 5);
  const nth = (n: number) => ordinal(n + 1);
  switch (index % 5) {
    case 0: {
      const office = town.kind === 'TOWN' ? '人民政府' : town.kind === 'SUBDISTRICT' ? '办事处' : '管理委员会';
      return {
        ...base,
        codePrefix: round === 0 ? '11' : '12',
        industry: SOCIAL,
        name: () => (round === 0 ? `${prefix}${office}` : `${prefix}${TOWN_OFFICES[round - 1] ?? `${nth(round - 1 - TOWN_OFFICES.length)}公共服务站`}`),
        campusBuildings: ['办公楼', '综合楼'],
        staff: [80, 0.4, 20, 300],
        safety: [90, 10, 0, 0],
        food: '3',
        fireKey: () => round === 0,
      };
    }
    case 1:
      return {
        ...base,
        codePrefix: '12',
        industry: '教育',
        name: () => `${prefix}${round === 0 ? '中心' : nth(round)}小学`,
        campusBuildings: ['教学楼', '综合楼', '食堂'],
        staff: [80, 0.3, 30, 200],
        safety: [70, 30, 0, 0],
        food: '3',
      };
    case 2: {
      const clinic = town.kind === 'TOWN' ? '卫生院' : '社区卫生服务中心';
      return {
        ...base,
        codePrefix: '12',
        industry: '卫生和社会工作',
        name: () => (round === 0 ? `${prefix}${clinic}` : `${prefix}${nth(round - 1)}社区卫生服务站`),
        campusBuildings: ['门诊楼', '住院楼'],
        staff: [60, 0.5, 10, 300],
        safety: [50, 50, 0, 0],
        food: null,
      };
    }
    case 3:
      return {
        ...base,
        codePrefix: '12',
        industry: '教育',
        name: () => `${prefix}${nth(round)}中学`,
        campusBuildings: ['教学楼', '实验楼', '食堂'],
        staff: [100, 0.3, 40, 250],
        safety: [60, 40, 0, 0],
        food: '3',
      };
    default:
      return {
        ...base,
        codePrefix: '12',
        industry: '教育',
        name: () => `${prefix}${round === 0 ? '中心' : nth(round)}幼儿园`,
        campusBuildings: ['教学楼'],
        staff: [25, 0.3, 10, 60],
        safety: [70, 30, 0, 0],
        food: '3',
      };
  }
}
