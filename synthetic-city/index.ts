/**
 * A synthetic city for development, tests and load: 示范市, a Dongguan-like manufacturing city of towns,
 * communities and grids, with addresses, buildings, rooms, residents and legal entities that agree with
 * each other across the four base-data subgraphs. Every person is invented; ID numbers and credit codes
 * carry valid check characters so that validation runs for real.
 *
 * The city comes one town at a time so that 'large' (two million people) never sits in memory whole.
 */
import { CITY_CODE, CITY_NAME } from './places';
import { Rng, splitProportionally } from './rng';
import { CityOptions, SCALES } from './scales';
import { generateTown } from './town';
import { TownBatch } from './types';

export { SCALES } from './scales';
export type { CityOptions, Scale, ScaleShape } from './scales';
export { SNAPSHOT_DATE } from './dates';
export { CITY_CODE, CITY_NAME } from './places';
export type * from './types';

/** Same options, same rows in the same order, byte for byte. */
export function* generateCity(options: CityOptions): Generator<TownBatch> {
  const shape = SCALES[options.scale];
  if (!shape) throw new Error(`unknown scale ${JSON.stringify(options.scale)}`);
  // Town sizes vary (0.6-1.4 of the mean) but come from the city's own stream, so each town knows its
  // share and where its person numbers start without generating the towns before it.
  const cityRng = new Rng(options.seed, 0);
  const weights = Array.from({ length: shape.towns }, () => 0.6 + cityRng.next() * 0.8);
  const persons = splitProportionally(shape.persons, weights);
  const legalEntities = splitProportionally(shape.legalEntities, weights);

  let firstPersonNumber = 1;
  for (let townIndex = 0; townIndex < shape.towns; townIndex++) {
    const batch = generateTown({
      seed: options.seed,
      shape,
      townIndex,
      persons: persons[townIndex]!,
      legalEntities: legalEntities[townIndex]!,
      firstPersonNumber,
    });
    if (townIndex === 0) batch.grids.unshift({ code: CITY_CODE, name: CITY_NAME, level: 'CITY', parentCode: null });
    firstPersonNumber += persons[townIndex]!;
    yield batch;
  }
}
