import { randomUUID } from 'node:crypto';
import type { TokenClaims } from '../../gateway/src/dev-tokens';
import { makeResidentIdNumber } from '../../platform/identifiers/resident-id';
import { Backend, GraphQLResult, startTestFederation, TestFederation } from './federation';
import type { TestClock } from './events';

/** What the living-data tests (#12) share: who acts, the operations they send, real rows of the seeded city. */

export type Claims = TokenClaims & { purpose?: string };

export const registrar = (user = 'ps-registrar-1'): Claims => ({ department: 'public-security', user, role: 'registrar', purpose: 'population-management' });
export const housingRegistrar = (user = 'hb-registrar-1'): Claims => ({ department: 'housing', user, role: 'registrar', purpose: 'rental-management' });
export const gridWorker = (grid: string, user = 'gw-1'): Claims => ({
  department: 'grid-command',
  user,
  role: 'grid-worker',
  level: 'community',
  jurisdiction: [grid.slice(0, 12)],
  purpose: 'grid-management',
});

export const key = () => `k-${randomUUID()}`;

export const PERSON_FIELDS = 'id version name idNumber phone residenceType movedInOn movedOutOn status residence { code }';

export const REGISTER_ARRIVAL = `mutation ($input: RegisterArrivalInput!) {
  registerArrival(input: $input) { version replayed person { ${PERSON_FIELDS} } } }`;
export const UPDATE_PARTICULARS = `mutation ($input: UpdatePersonParticularsInput!) {
  updatePersonParticulars(input: $input) { version replayed person { ${PERSON_FIELDS} } } }`;
export const RECORD_DEPARTURE = `mutation ($input: RecordDepartureInput!) {
  recordDeparture(input: $input) { version replayed person { ${PERSON_FIELDS} } } }`;
export const END_REGISTRATION = `mutation ($input: EndPersonRegistrationInput!) {
  endPersonRegistration(input: $input) { version replayed person { ${PERSON_FIELDS} } } }`;
const REQUEST_FIELDS = 'id version status operation entityKey changedFields mergedCount light reviewDeadline reason appliedVersion gridCode';
export const SUBMIT_POPULATION = `mutation ($input: PopulationChangeRequestInput!) {
  submitPopulationChangeRequest(input: $input) { merged changeRequest { ${REQUEST_FIELDS} } } }`;
export const APPROVE_POPULATION = `mutation ($input: PopulationReviewInput!) {
  approvePopulationChangeRequest(input: $input) { changeRequest { ${REQUEST_FIELDS} } } }`;
export const REJECT_POPULATION = `mutation ($input: PopulationReviewInput!) {
  rejectPopulationChangeRequest(input: $input) { changeRequest { ${REQUEST_FIELDS} } } }`;
export const POPULATION_QUEUE = `query ($status: ChangeRequestStatus) {
  populationChangeRequests(status: $status, first: 100) { edges { node { ${REQUEST_FIELDS} } } } }`;
export const MY_POPULATION_REQUESTS = `{ myPopulationChangeRequests(first: 100) { edges { node { ${REQUEST_FIELDS} } } } }`;

export const HOUSE_FIELDS = 'code version use occupancy rentalRegisteredOn landlord { id } owner { id }';
export const CHANGE_HOUSE = `mutation ($input: ChangeHouseInput!) { changeHouse(input: $input) { version replayed house { ${HOUSE_FIELDS} } } }`;
export const REGISTER_RENTAL = `mutation ($input: RegisterRentalInput!) { registerRental(input: $input) { version replayed house { ${HOUSE_FIELDS} } } }`;
export const END_RENTAL = `mutation ($input: EndRentalInput!) { endRental(input: $input) { version replayed house { ${HOUSE_FIELDS} } } }`;
export const SUBMIT_HOUSING = `mutation ($input: HousingChangeRequestInput!) {
  submitHousingChangeRequest(input: $input) { merged changeRequest { ${REQUEST_FIELDS} } } }`;
export const APPROVE_HOUSING = `mutation ($input: HousingReviewInput!) {
  approveHousingChangeRequest(input: $input) { changeRequest { ${REQUEST_FIELDS} } } }`;
export const REJECT_HOUSING = `mutation ($input: HousingReviewInput!) {
  rejectHousingChangeRequest(input: $input) { changeRequest { ${REQUEST_FIELDS} } } }`;

/** A synthetic resident ID number nobody in the seeded city has (sequence from 900 up). */
export function newIdNumber(birthDate: string, male: boolean, n = 0): string {
  return makeResidentIdNumber('449901', birthDate, 900 + 2 * n + (male ? 1 : 0));
}

export interface LivingCity {
  /** A room with nobody living in it and not let, in grid A. */
  vacantHouse: { code: string; gridCode: string; version: number };
  /** A person living in a house of grid A. */
  resident: { id: string; houseCode: string; gridCode: string; version: number; phone: string | null };
  /** A person living in another community. */
  outsider: { id: string; gridCode: string; version: number };
  /** A house in that other community. */
  outsideHouse: string;
  gridA: string;
}

export async function pickLivingCity(federation: TestFederation): Promise<LivingCity> {
  const population = federation.system.subgraphs.population!.db.sql;
  const housing = federation.system.subgraphs.housing!.db.sql;
  const resident = (
    await population.query<any>(
      `SELECT id, house_code AS "houseCode", grid_code AS "gridCode", version, phone FROM person
      WHERE house_code IS NOT NULL AND status = 'ACTIVE' ORDER BY id LIMIT 1`,
    )
  ).rows[0];
  const gridA: string = resident.gridCode;
  const occupied = new Set(
    (await population.query<{ h: string }>(`SELECT DISTINCT house_code AS h FROM person WHERE house_code LIKE $1`, [`${gridA}%`])).rows.map((r) => r.h),
  );
  const houses = (
    await housing.query<any>(
      `SELECT code, grid_code AS "gridCode", version FROM house WHERE grid_code = $1 AND occupancy <> 'RENTED' AND use = 'RESIDENTIAL' ORDER BY code`,
      [gridA],
    )
  ).rows;
  const vacantHouse = houses.find((h) => !occupied.has(h.code));
  const community = gridA.slice(0, 12);
  const outsider = (
    await population.query<any>(
      `SELECT id, grid_code AS "gridCode", version FROM person WHERE grid_code NOT LIKE $1 AND house_code IS NOT NULL ORDER BY id LIMIT 1`,
      [`${community}%`],
    )
  ).rows[0];
  const outsideHouse = (await housing.query<{ code: string }>(`SELECT code FROM house WHERE grid_code NOT LIKE $1 ORDER BY code LIMIT 1`, [`${community}%`]))
    .rows[0].code;
  if (!vacantHouse || !outsider) throw new Error('the seeded city has no vacant house in grid A or no person outside its community');
  return { vacantHouse, resident, outsider, outsideHouse, gridA };
}

export function errorOf(result: GraphQLResult<any>, path?: string) {
  return result.body.errors?.find((e) => !path || e.path?.[0] === path);
}

/** A federation on the test clock and the rows the living-data tests work on, for one test file. */
export async function startLivingCity(backend: Backend, clock: TestClock): Promise<{ federation: TestFederation; city: LivingCity }> {
  const federation = await startTestFederation({ backend, now: clock.now });
  return { federation, city: await pickLivingCity(federation) };
}
