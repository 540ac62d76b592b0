import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../platform/config';
import { generateMessyRegister, REGISTER_HEADER, TRUTH_HEADER } from '../../synthetic-city/messy-register';
import { csvLine } from './audit-csv';

export const REGISTER_USAGE = `  register --out <dir> [--rows N] [--scale S] [--seed N]
                      write a messy register of the synthetic city as a department would deliver it
                      (register.csv: addresses as people write them, duplicates, bad ID numbers and
                      credit codes, strangers) and the truth beside it (truth.csv); same options,
                      same bytes`;

const DEFAULT_ROWS = 10_000;

/** `gridshare register`: the synthetic city's messy register (kit/src/synthetic-city/messy-register.ts) as two CSV files. */
export function runRegister(config: Pick<Config, 'seedScale' | 'seed'>, options: { out?: string; rows?: string }): number {
  if (!options.out) {
    console.error(`gridshare register: --out <dir> is required\n\n${REGISTER_USAGE}`);
    return 2;
  }
  const rows = options.rows === undefined ? DEFAULT_ROWS : Number(options.rows);
  if (!Number.isInteger(rows) || rows < 1) {
    console.error(`gridshare register: --rows must be a whole number from 1, got ${JSON.stringify(options.rows)}`);
    return 2;
  }
  let register;
  try {
    register = generateMessyRegister({ scale: config.seedScale, seed: config.seed, rows });
  } catch (error) {
    console.error(`gridshare register: ${(error as Error).message}`);
    return 2;
  }
  fs.mkdirSync(options.out, { recursive: true });
  const registerFile = path.join(options.out, 'register.csv');
  const truthFile = path.join(options.out, 'truth.csv');
  fs.writeFileSync(registerFile, [csvLine([...REGISTER_HEADER]), ...register.rows.map((cells) => csvLine(cells))].join(''));
  const truthCells = (t: (typeof register.truth)[number]) => [
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
  ];
  fs.writeFileSync(truthFile, [csvLine([...TRUTH_HEADER]), ...register.truth.map((t) => csvLine(truthCells(t)))].join(''));
  console.log(`wrote ${rows} rows of the ${config.seedScale} city (seed ${config.seed}): ${registerFile}, ${truthFile}`);
  return 0;
}
