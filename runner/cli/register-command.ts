import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../platform/config';
import { ENTITY_REGISTER_HEADER, ENTITY_TRUTH_HEADER, generateMessyEntityRegister } from '../../synthetic-city/messy-entity-register';
import { generateMessyRegister, REGISTER_HEADER, TRUTH_HEADER } from '../../synthetic-city/messy-register';
import { csvLine } from './audit-csv';

export const REGISTER_USAGE = `  register [persons|legal-entities] --out <dir> [--rows N] [--scale S] [--seed N]
                      write a messy register of the synthetic city as a department would deliver it
                      (register.csv: addresses as people write them, duplicates, bad ID numbers and
                      credit codes, strangers) and the truth beside it (truth.csv); persons (public
                      security's, the default) or legal-entities (market regulation's business
                      register); same options, same bytes`;

const DEFAULT_ROWS = 10_000;

interface Written {
  header: readonly string[];
  rows: string[][];
  truthHeader: readonly string[];
  truth: unknown[][];
}

/** The registers it writes: each the generator of the register `gridshare import` takes under that name. */
const REGISTERS: Record<string, (options: { scale: Config['seedScale']; seed: number; rows: number }) => Written> = {
  persons(options) {
    const register = generateMessyRegister(options);
    return {
      header: REGISTER_HEADER,
      rows: register.rows,
      truthHeader: TRUTH_HEADER,
      truth: register.truth.map((t) => [
        t.row,
        t.kind,
        t.personId,
        t.duplicateOf,
        t.addressCode,
        t.houseCode,
        String(t.addressMatchable),
        t.addressForms.join('|'),
        t.idNumberDefect,
        t.creditCodeDefect,
      ]),
    };
  },
  'legal-entities'(options) {
    const register = generateMessyEntityRegister(options);
    return {
      header: ENTITY_REGISTER_HEADER,
      rows: register.rows,
      truthHeader: ENTITY_TRUTH_HEADER,
      truth: register.truth.map((t) => [t.row, t.kind, t.uscc, t.addressCode, String(t.addressMatchable), t.addressForms.join('|'), t.creditCodeDefect]),
    };
  },
};

/** `gridshare register`: a messy register of the synthetic city (synthetic-city/messy-register.ts, messy-entity-register.ts) as two CSV files. */
export function runRegister(config: Pick<Config, 'seedScale' | 'seed'>, options: { out?: string; rows?: string; register?: string }): number {
  const name = options.register ?? 'persons';
  const generate = REGISTERS[name];
  if (!generate) {
    console.error(`gridshare register: no register ${JSON.stringify(name)} (${Object.keys(REGISTERS).join(', ')})\n\n${REGISTER_USAGE}`);
    return 2;
  }
  if (!options.out) {
    console.error(`gridshare register: --out <dir> is required\n\n${REGISTER_USAGE}`);
    return 2;
  }
  const rows = options.rows === undefined ? DEFAULT_ROWS : Number(options.rows);
  if (!Number.isInteger(rows) || rows < 1) {
    console.error(`gridshare register: --rows must be a whole number from 1, got ${JSON.stringify(options.rows)}`);
    return 2;
  }
  let register: Written;
  try {
    register = generate({ scale: config.seedScale, seed: config.seed, rows });
  } catch (error) {
    console.error(`gridshare register: ${(error as Error).message}`);
    return 2;
  }
  fs.mkdirSync(options.out, { recursive: true });
  const registerFile = path.join(options.out, 'register.csv');
  const truthFile = path.join(options.out, 'truth.csv');
  fs.writeFileSync(registerFile, [csvLine([...register.header]), ...register.rows.map((cells) => csvLine(cells))].join(''));
  fs.writeFileSync(truthFile, [csvLine([...register.truthHeader]), ...register.truth.map((cells) => csvLine(cells as never))].join(''));
  console.log(`wrote ${rows} rows of the ${config.seedScale} city's ${name} register (seed ${config.seed}): ${registerFile}, ${truthFile}`);
  return 0;
}
