import { startTestFederation, TestFederation, TestFederationOptions } from '../helpers/federation';

/** Real rows of the seeded tiny city that policy tests talk about, read from the subgraphs' own databases. */
export interface PolicyFixtures {
  town: string;
  communityA: string;
  communityB: string;
  personA: Record<string, any>;
  personB: Record<string, any>;
  entity: Record<string, any>;
  house: string;
  /** A house a legal entity owns (a dormitory or a company's own premises). */
  companyHouse: string;
}

export async function loadPolicyFixtures(federation: TestFederation): Promise<PolicyFixtures> {
  const sql = (name: 'address' | 'population' | 'legal-entities' | 'housing') => federation.system.subgraphs[name]!.db.sql;
  const communities = (
    await sql('address').query<{ code: string; parent_code: string }>(`SELECT code, parent_code FROM grid WHERE level = 'COMMUNITY' ORDER BY code LIMIT 2`)
  ).rows;
  const personIn = async (community: string) =>
    (
      await sql('population').query<Record<string, any>>(
        `SELECT id, name, id_number AS "idNumber", phone, tags, grid_code AS "gridCode", house_code AS "houseCode",
              to_char(birth_date, 'YYYY-MM-DD') AS "birthDate"
         FROM person
        WHERE grid_code LIKE $1 AND phone IS NOT NULL AND employer_uscc IS NOT NULL AND house_code IS NOT NULL
          AND array_length(tags, 1) IS NULL
        ORDER BY id LIMIT 1`,
        [`${community}%`],
      )
    ).rows[0];
  const personA = await personIn(communities[0].code);
  const personB = await personIn(communities[1].code);
  const entity = (
    await sql('legal-entities').query<Record<string, any>>(
      `SELECT uscc, name, legal_representative_id AS "representativeId", legal_representative_name AS "representativeName"
       FROM legal_entity ORDER BY uscc LIMIT 1`,
    )
  ).rows[0];
  const companyHouse = (await sql('housing').query<{ code: string }>(`SELECT code FROM house WHERE owner_uscc IS NOT NULL ORDER BY code LIMIT 1`)).rows[0]
    ?.code;
  return {
    companyHouse,
    town: communities[0].parent_code,
    communityA: communities[0].code,
    communityB: communities[1].code,
    personA,
    personB,
    entity,
    house: personA.houseCode,
  };
}

/** The whole federation on the seeded tiny city, and the policy fixtures read from it. */
export async function startPolicyFederation(options: TestFederationOptions = {}): Promise<{ federation: TestFederation; fixtures: PolicyFixtures }> {
  const federation = await startTestFederation(options);
  try {
    return { federation, fixtures: await loadPolicyFixtures(federation) };
  } catch (error) {
    await federation.stop();
    throw error;
  }
}

/**
 * Replaces "$path.to.value" strings (and "$mask:<name>:path") inside a case with fixture values,
 * so cases are data that never hard-code a seeded value.
 */
export function substitute(value: unknown, fixtures: PolicyFixtures, mask: (name: string, v: unknown) => unknown): unknown {
  if (typeof value === 'string' && value.startsWith('$')) {
    const masked = /^\$mask:([a-z-]+):(.+)$/.exec(value);
    const path = masked ? masked[2] : value.slice(1);
    const resolved = path.split('.').reduce<any>((v, key) => (v === undefined || v === null ? v : v[key]), fixtures);
    if (resolved === undefined) throw new Error(`case refers to unknown fixture ${value}`);
    return masked ? mask(masked[1], resolved) : resolved;
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, fixtures, mask));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, fixtures, mask)]));
  }
  return value;
}
