import type { TokenClaims } from '../../gateway/src/dev-tokens';
import type { EventsBackground } from '../../subgraphs/events/src/background';
import { Backend, GraphQLResult, startTestFederation, TestFederation } from './federation';

/** The clock the subgraphs read (ctx.now), moved by the test; callers never set times. */
export class TestClock {
  private current: Date;
  constructor(start: string) {
    this.current = cst(start);
  }
  readonly now = (): Date => new Date(this.current);
  set(dateTime: string): void {
    this.current = cst(dateTime);
  }
}

/** A China Standard Time wall-clock instant, e.g. cst('2026-11-02T09:00'). */
export function cst(dateTime: string): Date {
  return new Date(`${dateTime}+08:00`);
}

export type BaseData = Awaited<ReturnType<typeof pickBaseData>>;

/** What an events test works with: the federation, the clock its subgraphs read, base data to report on. */
export interface EventsCity {
  readonly clock: TestClock;
  readonly federation: TestFederation;
  readonly base: BaseData;
}

/**
 * Starts the seeded federation on `backend` with its clock at `start` (China Standard Time) before
 * the describe block's tests and stops it after them. Call it in a describe block; the federation
 * and base data are there once its beforeAll has run.
 */
export function useEventsCity(start: string, backend?: Backend): EventsCity {
  const clock = new TestClock(start);
  let federation: TestFederation | undefined;
  let base: BaseData | undefined;
  beforeAll(async () => {
    federation = await startTestFederation({ backend, now: clock.now });
    base = await pickBaseData(federation);
  });
  afterAll(() => federation?.stop());
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the events city starts in beforeAll: use it inside tests and hooks');
    return value;
  };
  return {
    clock,
    get federation() {
      return started(federation);
    },
    get base() {
      return started(base);
    },
  };
}

/** The department tokens of the workflow's roles (signed by the test identity provider). */
export const as = {
  gridWorker: (grid: string, user = `gw-${grid}`): TokenClaims => ({
    department: 'grid-command',
    user,
    role: 'grid-worker',
    level: 'community',
    jurisdiction: [grid],
  }),
  dispatcher: (user = 'cmd-dispatcher'): TokenClaims => ({ department: 'grid-command', user, role: 'dispatcher' }),
  handler: (department: string): TokenClaims => ({ department, user: `${department}-handler`, role: 'handler' }),
  leader: (department: string): TokenClaims => ({ department, user: `${department}-leader`, role: 'leader' }),
  /** Public security's service that transfers non-emergency 110 calls. The 12345 hotline and WeChat
   * services report the same way once departments.yaml lists them. */
  police110: (): TokenClaims => ({ department: 'public-security', user: 'police-110-transfer', role: 'reporter-service' }),
  /** A grid-command official of a town's command centre (or its community station), by role. */
  townCommand: (town: string, role = 'dispatcher', user = `town-${role}`): TokenClaims => ({
    department: 'grid-command',
    user,
    role,
    level: 'town',
    jurisdiction: [town],
  }),
  stationCommand: (community: string, role = 'dispatcher', user = `station-${role}`): TokenClaims => ({
    department: 'grid-command',
    user,
    role,
    level: 'community',
    jurisdiction: [community],
  }),
};

/**
 * The events subgraph's sweep and webhook deliverer. Its clock is injected, so nothing runs on timers:
 * a test moves the clock and then sweeps or delivers.
 */
export function eventsBackground(federation: TestFederation): EventsBackground {
  return federation.system.subgraphs.events!.background as EventsBackground;
}

export const EVENT_FIELDS = 'id version status light department contactDeadline handleDeadline extensionWorkingDays nextActions';

/** Runs a workflow mutation (`reportEvent`, `dispatchEvent`, …) with its `…Input` and returns the raw result. */
export function mutate(
  federation: TestFederation,
  who: TokenClaims,
  mutation: string,
  input: Record<string, unknown>,
  selection = `event { ${EVENT_FIELDS} }`,
): Promise<GraphQLResult<any>> {
  const inputType = `${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input`;
  const query = `mutation ($input: ${inputType}!) { ${mutation}(input: $input) { ${selection} } }`;
  return federation.queryAs(who, query, { input });
}

/** Like `mutate`, but fails the test on errors and returns the event. */
export async function step(federation: TestFederation, who: TokenClaims, mutation: string, input: Record<string, unknown>): Promise<any> {
  const { body } = await mutate(federation, who, mutation, input);
  if (body.errors) throw new Error(`${mutation} failed: ${JSON.stringify(body.errors)}`);
  return body.data[mutation].event;
}

/** The first error's code and message, for asserting on refusals. */
export function firstError(result: GraphQLResult<unknown>): { code: unknown; message: string } | undefined {
  const error = result.body.errors?.[0];
  return error ? { code: error.extensions?.code, message: error.message } : undefined;
}

/** Base data of the seeded tiny city that reports can point at, read from the subgraphs' own stores. */
export async function pickBaseData(federation: TestFederation) {
  const address = federation.system.subgraphs.address!.db.sql;
  const housing = federation.system.subgraphs.housing!.db.sql;
  const population = federation.system.subgraphs.population!.db.sql;
  const entities = federation.system.subgraphs['legal-entities']!.db.sql;
  const [{ code: addressCode, grid_code: gridCode }] = (
    await address.query<{ code: string; grid_code: string }>(`SELECT code, grid_code FROM address ORDER BY code LIMIT 1`)
  ).rows;
  const [{ code: houseCode }] = (await housing.query<{ code: string }>(`SELECT code FROM house WHERE grid_code = $1 ORDER BY code LIMIT 1`, [gridCode])).rows;
  const [{ id: personId }] = (await population.query<{ id: string }>(`SELECT id FROM person WHERE grid_code = $1 ORDER BY id LIMIT 1`, [gridCode])).rows;
  const [{ uscc }] = (await entities.query<{ uscc: string }>(`SELECT uscc FROM legal_entity ORDER BY uscc LIMIT 1`)).rows;
  const [{ code: townCode }] = (await address.query<{ code: string }>(`SELECT code FROM grid WHERE level = 'TOWN' LIMIT 1`)).rows;
  return { addressCode, gridCode, houseCode, personId, uscc, townCode };
}

let keyCounter = 0;
/** A fresh idempotency key. */
export function newKey(prefix = 'test'): string {
  keyCounter += 1;
  return `${prefix}-${process.pid}-${Date.now()}-${keyCounter}`;
}
