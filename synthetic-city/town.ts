import { EntityFactory } from './entities';
import { planTown } from './grids';
import { GridHousing } from './housing';
import { assignEmployers, assignEntityOwners, assignOwners, assignRegisteredAddresses, assignRepresentatives, settlePremises, TownPeople } from './links';
import { CITY_NAME, districtOfTown, PROVINCE } from './places';
import { HousingSink } from './plot-writer';
import { PersonFactory } from './persons';
import { settleResidents } from './residents';
import { Rng, splitProportionally } from './rng';
import { ScaleShape } from './scales';
import { PersonRow, TownBatch } from './types';

export interface TownJob {
  seed: number;
  shape: ScaleShape;
  townIndex: number;
  persons: number;
  legalEntities: number;
  /** Person ids are numbered city-wide; this town's start after the towns before it. */
  firstPersonNumber: number;
}

/**
 * Generates one town from its own random stream. The order matters: factories come before residents so
 * their dormitories can house workers, and shops and offices come after, so shops built into residents'
 * buildings are let first.
 */
export function generateTown(job: TownJob): TownBatch {
  const rng = new Rng(job.seed, job.townIndex + 1);
  const plan = planTown(rng, job.townIndex, job.shape);
  const sink: HousingSink = { addresses: [], buildings: [], houses: [], slots: [], names: new Set() };
  const housings = plan.grids.map((grid) => new GridHousing(rng, plan, grid, sink));

  const entityFactory = new EntityFactory(rng, plan, housings, job.shape.towns);
  const drafts = entityFactory.draftAll(job.legalEntities);
  const industrial = (use: string) => use === 'FACTORY' || use === 'WAREHOUSE';
  for (const draft of drafts) if (industrial(draft.kind.premises)) entityFactory.placePremises(draft);

  const persons: PersonRow[] = [];
  const personFactory = new PersonFactory(rng, job.townIndex, job.shape.towns, job.firstPersonNumber);
  const gridQuotas = splitProportionally(
    job.persons,
    housings.map(() => 0.6 + rng.next() * 0.8),
  );
  const registeredShare = plan.kind === 'PARK' ? 0.1 : 0.2;
  const district = districtOfTown(plan.index, plan.kind);
  housings.forEach((housing, index) => {
    const setting = {
      localRegistration: `${PROVINCE}${CITY_NAME}${district.name}${plan.name}`,
      localDivisionCode: district.code,
      registeredShare: housing.grid.community.isVillage ? registeredShare + 0.12 : registeredShare,
    };
    settleResidents(rng, housing, personFactory, setting, gridQuotas[index]!, persons);
  });

  for (const draft of drafts) if (!industrial(draft.kind.premises)) entityFactory.placePremises(draft);

  const people = new TownPeople(persons);
  assignEmployers(rng, people, drafts);
  assignRepresentatives(rng, people, drafts);
  assignRegisteredAddresses(rng, drafts, sink.addresses);
  settlePremises(rng, drafts);
  assignOwners(rng, people, sink.slots);
  assignEntityOwners(drafts, sink.slots);

  return {
    grids: plan.rows,
    addresses: sink.addresses,
    buildings: sink.buildings,
    houses: sink.houses,
    persons,
    legalEntities: drafts.map((d) => d.row),
    premises: drafts.flatMap((d) => d.premises.map((slot) => ({ entityUscc: d.row.uscc, houseCode: slot.row.code }))),
  };
}
