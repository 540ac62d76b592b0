import { Pool } from 'pg';
import { databaseNameFor } from '../../../platform/database/open-database';

/** One operation of the department mix: who asks, what, and the hops it should cost. */
export interface BaseDataOperation {
  id: string;
  label: string;
  department: string;
  query: string;
  variables: Record<string, unknown>;
  /**
   * The (subgraph, entity type or child list) fetches the operation needs, per subgraph: the most
   * SQL statements it may cost when every hop is one batched statement.
   */
  hops: Record<string, number>;
  /** Set for lookups served by one subgraph alone: measured through the gateway and directly. */
  direct?: { subgraph: string };
}

export interface BaseDataFixtures {
  idNumber: string;
  communityCode: string;
  gridCode: string;
  uscc: string;
  eventGridCode?: string;
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** One statement against a subgraph's database on the bench's PostgreSQL: its rows. */
export async function subgraphRows<T>(serverUrl: string, subgraph: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const pool = new Pool({ connectionString: withDatabase(serverUrl, databaseNameFor(subgraph)), max: 1 });
  try {
    return (await pool.query(sql, params)).rows as T[];
  } finally {
    await pool.end();
  }
}

async function one<T>(serverUrl: string, subgraph: string, sql: string): Promise<T | undefined> {
  return (await subgraphRows<T>(serverUrl, subgraph, sql))[0];
}

/** Real keys from the seeded city: a person with a home and an employer, their community, an entity with premises. */
export async function discoverFixtures(serverUrl: string, withEvents: boolean): Promise<BaseDataFixtures> {
  const person = await one<{ id_number: string; grid_code: string }>(
    serverUrl,
    'population',
    `SELECT id_number, grid_code FROM person WHERE house_code IS NOT NULL AND employer_uscc IS NOT NULL ORDER BY id LIMIT 1 OFFSET 500`,
  );
  if (!person) throw new Error('the seeded city has no person with a home and an employer: seed it first (gridshare seed)');
  const entity = await one<{ entity_uscc: string }>(serverUrl, 'legal-entities', 'SELECT entity_uscc FROM premises ORDER BY entity_uscc LIMIT 1 OFFSET 50');
  if (!entity) throw new Error('the seeded city has no legal entity with premises');
  const event = withEvents
    ? await one<{ grid_code: string }>(serverUrl, 'events', 'SELECT grid_code FROM event ORDER BY id LIMIT 1').catch(() => undefined)
    : undefined;
  return {
    idNumber: person.id_number,
    gridCode: person.grid_code,
    communityCode: person.grid_code.slice(0, 12),
    uscc: entity.entity_uscc,
    ...(event ? { eventGridCode: event.grid_code.slice(0, 12) } : {}),
  };
}

export function baseDataOperations(f: BaseDataFixtures): BaseDataOperation[] {
  const operations: BaseDataOperation[] = [
    {
      id: 'person-by-id-number',
      label: 'person by ID number → residence → building → address → grid → parent (public-security)',
      department: 'public-security',
      query: `query PersonHome($idNumber: String!) { personByIdNumber(idNumber: $idNumber) {
        name gender birthDate
        residence { roomNumber building { name address { fullText grid { name parent { name } } } } }
      } }`,
      variables: { idNumber: f.idNumber },
      // person · house, building · address, grid, parent grid
      hops: { population: 1, housing: 2, address: 3 },
    },
    {
      id: 'grid-person-page',
      label: "a community's 50-person page with homes' grids and employers (public-security)",
      department: 'public-security',
      query: `query GridPersons($grid: ID!) { persons(gridCode: $grid, first: 50) {
        pageInfo { hasNextPage endCursor }
        edges { node { name residence { building { address { grid { name } } } } employer { name } } }
      } }`,
      variables: { grid: f.communityCode },
      // persons page · houses, buildings · addresses, grids · employers
      hops: { population: 1, housing: 2, address: 2, 'legal-entities': 1 },
    },
    {
      id: 'legal-entity',
      label: 'a legal entity with its representative, registered address and premises (market-regulation)',
      department: 'market-regulation',
      query: `query Entity($uscc: String!) { legalEntity(uscc: $uscc) {
        name type industry licenceStatus
        legalRepresentative { name }
        registeredAddress { fullText grid { name } }
        premises { roomNumber building { name } }
      } }`,
      variables: { uscc: f.uscc },
      // entity, premises list · houses, buildings · address, grid (the representative's name is provided)
      hops: { 'legal-entities': 2, housing: 2, address: 2 },
    },
  ];
  if (f.eventGridCode) {
    operations.push({
      id: 'grid-events',
      label: "a community's 20 newest events with their grid (grid-command)",
      department: 'grid-command',
      query: `query GridEvents($grid: ID!) { events(filter: { gridCode: $grid }, first: 20) {
        edges { node { id title status grid { name } } }
      } }`,
      variables: { grid: f.eventGridCode },
      // events page · grids
      hops: { events: 1, address: 1 },
    });
  }
  operations.push(
    {
      id: 'lookup-person',
      label: 'single-subgraph lookup: person by ID number (public-security)',
      department: 'public-security',
      query: 'query Person($idNumber: String!) { personByIdNumber(idNumber: $idNumber) { name gender birthDate residenceType } }',
      variables: { idNumber: f.idNumber },
      hops: { population: 1 },
      direct: { subgraph: 'population' },
    },
    {
      id: 'lookup-legal-entity',
      label: 'single-subgraph lookup: legal entity by credit code (market-regulation)',
      department: 'market-regulation',
      query: 'query EntityCard($uscc: String!) { legalEntity(uscc: $uscc) { name type industry staffCount establishedOn } }',
      variables: { uscc: f.uscc },
      hops: { 'legal-entities': 1 },
      direct: { subgraph: 'legal-entities' },
    },
    {
      id: 'lookup-grid',
      label: 'single-subgraph lookup: grid by code with its parent (grid-command)',
      department: 'grid-command',
      query: 'query GridCard($code: ID!) { grid(code: $code) { name level parent { name } } }',
      variables: { code: f.gridCode },
      hops: { address: 2 },
      direct: { subgraph: 'address' },
    },
  );
  return operations;
}

/** Statements per subgraph ÷ hops per subgraph: the worst subgraph of an operation (1 = one statement per hop). */
export function statementsPerHop(statements: Record<string, number>, hops: Record<string, number>): number {
  let worst = 0;
  for (const [subgraph, count] of Object.entries(statements)) {
    if (count === 0) continue;
    const allowed = hops[subgraph] ?? 0;
    worst = Math.max(worst, allowed === 0 ? Number.POSITIVE_INFINITY : count / allowed);
  }
  return worst;
}
