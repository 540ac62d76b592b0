/**
 * The registers `gridshare import` knows: the columns a department's file may name (Chinese
 * headers as departments write them, or the field names), which of them a row cannot do without,
 * and the owner's import mutation the rows go to.
 */

export interface RegisterColumns {
  /** What `gridshare import <register>` calls it. */
  name: string;
  owner: string;
  /** The purpose stated with every page (the owner's write grants name it). */
  purpose: string;
  mutation: string;
  rowInput: string;
  /** Field → headers that mean it (the first is what the report and errors call it). */
  columns: Record<string, readonly string[]>;
  required: readonly string[];
  /** The column holding free text to match with addressMatch before sending. */
  addressField: string | null;
  /** What of addressMatch's answer the owner's mutation takes (beyond status and code). */
  understood: readonly ('building' | 'unit' | 'room')[];
}

const PERSONS: RegisterColumns = {
  name: 'persons',
  owner: 'public security (population)',
  purpose: 'population-management',
  mutation: 'importPersons',
  rowInput: 'ImportPersonsInput',
  columns: {
    name: ['姓名', 'name'],
    gender: ['性别', 'gender', 'sex'],
    idNumber: ['公民身份号码', '身份证号码', '身份证号', 'idNumber'],
    birthDate: ['出生日期', 'birthDate'],
    phone: ['联系电话', '电话', '手机号码', 'phone'],
    address: ['现住址', '居住地址', '住址', 'address'],
    employerName: ['服务处所', '工作单位', 'employerName'],
    employerUscc: ['服务处所统一社会信用代码', '统一社会信用代码', 'employerUscc'],
  },
  required: ['name', 'gender', 'idNumber', 'birthDate', 'address'],
  addressField: 'address',
  understood: [],
};

const HOUSES: RegisterColumns = {
  name: 'houses',
  owner: 'the housing bureau (housing)',
  purpose: 'rental-management',
  mutation: 'importHouses',
  rowInput: 'ImportHousesInput',
  columns: {
    address: ['房屋地址', '地址', 'address'],
    use: ['房屋用途', '用途', 'use'],
    occupancy: ['使用状态', '居住状态', 'occupancy'],
    rentalRegisteredOn: ['出租登记日期', 'rentalRegisteredOn'],
  },
  required: ['address', 'occupancy'],
  addressField: 'address',
  understood: ['building', 'unit', 'room'],
};

const LEGAL_ENTITIES: RegisterColumns = {
  name: 'legal-entities',
  owner: 'market regulation (legal-entities)',
  purpose: 'market-supervision',
  mutation: 'importLegalEntities',
  rowInput: 'ImportLegalEntitiesInput',
  columns: {
    uscc: ['统一社会信用代码', '信用代码', 'uscc'],
    name: ['名称', '企业名称', '单位名称', 'name'],
    businessAddress: ['经营场所', '经营地址', '住所', 'businessAddress'],
    establishedOn: ['成立日期', 'establishedOn'],
    licenceStatus: ['登记状态', '经营状态', 'licenceStatus'],
    industry: ['行业', '所属行业', 'industry'],
  },
  required: ['uscc', 'name', 'businessAddress', 'establishedOn'],
  addressField: 'businessAddress',
  understood: [],
};

export const REGISTERS: Record<string, RegisterColumns> = { persons: PERSONS, houses: HOUSES, 'legal-entities': LEGAL_ENTITIES };

/** Registers named in the issue whose owner has no import mutation yet (none now). */
export const PLANNED_REGISTERS: string[] = [];

/** Which cell of a record holds each field, or the required column the header lacks. */
export function mapHeader(register: RegisterColumns, header: string[]): { positions: Record<string, number> } | { missing: string[] } {
  const cleaned = header.map((h) => h.trim());
  const positions: Record<string, number> = {};
  for (const [field, names] of Object.entries(register.columns)) {
    const at = cleaned.findIndex((h) => names.includes(h));
    if (at >= 0) positions[field] = at;
  }
  const missing = register.required.filter((f) => positions[f] === undefined).map((f) => `${register.columns[f]![0]} (${f})`);
  return missing.length > 0 ? { missing } : { positions };
}

/** The file's own name for a field, for the report. */
export function columnName(register: RegisterColumns, header: string[], field: string | null): string {
  if (field === null) return '';
  const bare = field.replace(/^rows\.\d+\./, '').replace(/^change\./, '');
  const names = register.columns[bare];
  return (names && header.find((h) => names.includes(h.trim()))) ?? bare;
}
