/**
 * The business register (企业登记) of the synthetic city as market regulation would deliver it,
 * with the truth alongside: a row per entity (credit code, name, business address as people write
 * it, founding date written as clerks do, status, industry), and at stated rates a duplicate row,
 * an invalid credit code (register-defects.ts), an entity the city does not know. Kept small: the
 * persons register (messy-register.ts) is where address writing and matching are measured.
 */
import { AddressWriter } from './address-writing';
import { generateCity } from './index';
import { cityNames, fitIndex } from './messy-register';
import { damageCreditCode, writeDate } from './register-defects';
import { Rng } from './rng';
import type { Scale } from './scales';
import type { AddressRow, LegalEntityRow } from './types';
import { makeCreditCode } from '../platform/identifiers/credit-code';

export const ENTITY_REGISTER_HEADER = ['序号', '统一社会信用代码', '名称', '经营场所', '成立日期', '登记状态', '行业'] as const;
const STATUS_WORDS: Record<string, string> = { ACTIVE: '存续', SUSPENDED: '停业', REVOKED: '吊销', DEREGISTERED: '注销' };
const ENTITY_STREAM = 0x5e91;

export const ENTITY_TRUTH_HEADER = ['row', 'kind', 'uscc', 'addressCode', 'addressMatchable', 'addressForms', 'creditCodeDefect'] as const;

export interface EntityRegisterTruth {
  row: number;
  kind: 'ENTITY' | 'DUPLICATE' | 'UNKNOWN_ENTITY';
  uscc: string | null;
  addressCode: string;
  /** The written business address fits exactly one standard address, the right one (as in the persons register). */
  addressMatchable: boolean;
  /** How it was written (address-writing.ts). */
  addressForms: string[];
  creditCodeDefect: string | null;
}

export function generateMessyEntityRegister(options: {
  scale: Scale;
  seed: number;
  rows: number;
  rates?: { duplicate?: number; invalidCreditCode?: number; unknownEntity?: number };
}) {
  const rates = { duplicate: 0.03, invalidCreditCode: 0.03, unknownEntity: 0.02, ...options.rates };
  const rng = new Rng(options.seed, ENTITY_STREAM);
  const entities: LegalEntityRow[] = [];
  const addresses: AddressRow[] = [];
  for (const batch of generateCity({ scale: options.scale, seed: options.seed })) {
    entities.push(...batch.legalEntities);
    addresses.push(...batch.addresses);
  }
  if (options.rows > entities.length) throw new Error(`the ${options.scale} city has ${entities.length} legal entities; ask for fewer rows`);
  const byCode = new Map(addresses.map((a) => [a.code, a]));
  const writer = new AddressWriter(rng, cityNames(addresses));
  const fits = fitIndex(addresses);
  const rows: string[][] = [];
  const truth: EntityRegisterTruth[] = [];
  let next = 0;
  for (let row = 1; row <= options.rows; row++) {
    if (row > 1 && rng.chance(rates.duplicate)) {
      const earlier = rng.int(0, rows.length - 1);
      rows.push([String(row), ...rows[earlier]!.slice(1)]);
      truth.push({ ...truth[earlier]!, row, kind: 'DUPLICATE' });
      continue;
    }
    const entity = entities[next++]!;
    const unknown = rng.chance(rates.unknownEntity);
    let uscc = unknown ? makeCreditCode(`91449900MA${String(rng.int(0, 9_999_999)).padStart(7, '0')}`) : entity.uscc;
    let creditCodeDefect: string | null = null;
    if (!unknown && rng.chance(rates.invalidCreditCode)) ({ value: uscc, defect: creditCodeDefect } = damageCreditCode(rng, uscc));
    const addressCode = entity.businessAddressCode ?? entity.registeredAddressCode;
    const written = writer.write(byCode.get(addressCode)!, null);
    rows.push([String(row), uscc, entity.name, written.text, writeDate(rng, entity.establishedOn), STATUS_WORDS[entity.licenceStatus]!, entity.industry]);
    truth.push({
      row,
      kind: unknown ? 'UNKNOWN_ENTITY' : 'ENTITY',
      uscc: unknown ? null : entity.uscc,
      addressCode,
      addressMatchable: fits(written) === addressCode,
      addressForms: written.forms,
      creditCodeDefect,
    });
  }
  return { rows, truth, rates };
}
