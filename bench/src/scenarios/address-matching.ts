import { AddressIndex } from '../../../subgraphs/kit/src/address-matching/address-index';
import { measureMatchingQuality } from '../../../subgraphs/kit/src/address-matching/quality';
import { generateCity } from '../../../synthetic-city';
import { generateMessyEntityRegister } from '../../../synthetic-city/messy-entity-register';
import { generateMessyRegister } from '../../../synthetic-city/messy-register';
import type { Scale } from '../../../synthetic-city/scales';
import { BenchContext } from '../context';
import { ScenarioResult } from '../report';

/** The register the quality targets are measured on: the medium city (ten towns, so the same road and number recur across towns). */
export function matchingRegister(quick: boolean): { scale: Scale; seed: number; rows: number } {
  return quick ? { scale: 'small', seed: 1, rows: 5_000 } : { scale: 'medium', seed: 1, rows: 50_000 };
}

/** The business register of the same city (market regulation's): fewer rows, as the city has fewer entities than people. */
export function entityMatchingRegister(quick: boolean): { scale: Scale; seed: number; rows: number } {
  return quick ? { scale: 'small', seed: 1, rows: 1_000 } : { scale: 'medium', seed: 1, rows: 10_000 };
}

/**
 * Address matching quality on the synthetic city's messy register, whose truth is known: the
 * in-process engine the address and events subgraphs use (kit/src/address-matching), over every
 * address of the city, one row's written address at a time. Quality, not speed, is the target;
 * matches/s is reported for scale.
 */
export async function addressMatching(context: BenchContext): Promise<ScenarioResult> {
  const started = Date.now();
  const options = matchingRegister(context.options.quick);
  context.log(`  messy register: ${options.rows} rows of the ${options.scale} city`);
  const register = generateMessyRegister(options);
  const addresses = [...generateCity({ scale: options.scale, seed: options.seed })].flatMap((town) => town.addresses);
  const buildStarted = process.hrtime.bigint();
  const index = AddressIndex.build(addresses);
  const buildSeconds = Number(process.hrtime.bigint() - buildStarted) / 1e9;
  const quality = measureMatchingQuality(
    index,
    register.truth.map((truth, i) => ({
      address: register.rows[i]![6]!,
      addressCode: truth.addressCode,
      matchable: truth.addressMatchable,
      forms: truth.addressForms,
    })),
  );
  context.log(
    `  top-1 ${(quality.top1Accuracy * 100).toFixed(2)} % of matchable rows, wrong automatic ${(quality.wrongAutomaticRate * 100).toFixed(3)} % of rows`,
  );
  // The business register's addresses are business premises, written by the same writer: reported beside, not a target of its own.
  const entityOptions = entityMatchingRegister(context.options.quick);
  const entities = generateMessyEntityRegister(entityOptions);
  const entityQuality = measureMatchingQuality(
    index,
    entities.truth.map((truth, i) => ({
      address: entities.rows[i]![3]!,
      addressCode: truth.addressCode,
      matchable: truth.addressMatchable,
      forms: truth.addressForms,
    })),
  );
  context.log(
    `  business register: top-1 ${(entityQuality.top1Accuracy * 100).toFixed(2)} % of matchable rows, wrong automatic ${(entityQuality.wrongAutomaticRate * 100).toFixed(3)} % of rows`,
  );
  const percent = (x: number) => Math.round(x * 10_000) / 100;
  const qualityRow = (register: string, q: typeof quality) => [
    register,
    q.rows,
    q.matchableRows,
    percent(q.top1Accuracy),
    percent(q.shares.MATCHED),
    percent(q.shares.AMBIGUOUS),
    percent(q.shares.UNMATCHED),
    percent(q.automaticRecall),
    percent(q.wrongAutomaticRate),
    Math.round(q.matchesPerSecond),
  ];
  return {
    status: 'ok',
    seconds: (Date.now() - started) / 1000,
    setup: { ...options, addresses: addresses.length, indexBuildSeconds: buildSeconds, where: 'in the bench process (no server): the engine alone' },
    tables: [
      {
        columns: [
          'register',
          'rows',
          'matchable',
          'top-1 % (matchable)',
          'matched %',
          'ambiguous %',
          'unmatched %',
          'right automatic % (matchable)',
          'wrong automatic % (all)',
          'matches/s',
        ],
        rows: [qualityRow('persons (the targets)', quality), qualityRow(`legal entities (${entityOptions.rows} rows)`, entityQuality)],
      },
      {
        title: 'top-1 by how the address was written (matchable rows; a row has several forms)',
        columns: ['form', 'rows', 'top-1 %'],
        rows: Object.entries(quality.top1ByForm).map(([form, f]) => [form, f.rows, percent(f.top1Accuracy)]),
      },
    ],
    figures: { quality, entityQuality },
    measured: { 'address-matching.top1': quality.top1Accuracy, 'address-matching.wrong-automatic': quality.wrongAutomaticRate },
    notes: context.options.quick
      ? ['Quick run: the small city (one town), where fewer addresses look alike than in the medium city the targets are about.']
      : [],
  };
}
