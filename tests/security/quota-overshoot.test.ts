import { Pool } from 'pg';
import { QuotaLedger } from '../../gateway/src/audit/quotas';
import { repositoryPolicies } from '../../access-policies/runtime/load';
import { sqlClientForPg } from '../../platform/database/sql-client';
import type { SqlClient } from '../../platform/database/sql-client';
import { startTestFederation, testBackends, TestFederation } from '../helpers/federation';
import { loadPolicyFixtures, PolicyFixtures } from '../policies/fixtures';

/** The audit clock: quota days are China local days of this instant, whatever today is. */
const NOW = new Date('2026-03-02T10:00:00+08:00');

/**
 * Hole 5 of the security issue: six concurrent `first: 500` reads against a daily quota of 500
 * served 3 000 records. Fire and rescue may read 500 sensitive records a day (departments.yaml); the
 * welfare tags it reads for emergency rescue are sensitive.
 */
describe.each(testBackends())('daily quotas under concurrent requests on %s', (backend) => {
  let federation: TestFederation;
  let fixtures: PolicyFixtures;
  beforeAll(async () => {
    federation = await startTestFederation({ backend, auditNow: () => new Date(NOW) });
    fixtures = await loadPolicyFixtures(federation);
  });
  afterAll(() => federation?.stop());

  const ledger = () => federation.system.audit!.quotas;
  const pageOfTags = (department: string, purpose: string, gridCode: string, first: number) =>
    federation.queryAs({ department, purpose }, 'query ($g: ID!, $n: Int) { persons(gridCode: $g, first: $n) { edges { node { id tags } } } }', {
      g: gridCode,
      n: first,
    });
  const served = (body: any) => (body.data?.persons?.edges ?? []).filter((e: any) => e.node.tags !== null).length;

  it('serves six concurrent first: 500 reads no more sensitive records than the quota of 500', async () => {
    const quota = repositoryPolicies().departments.get('fire-rescue')!.quotas.sensitive!;
    expect(quota).toBe(500);
    const answers = await Promise.all(Array.from({ length: 6 }, () => pageOfTags('fire-rescue', 'emergency-rescue', '449900', 500)));
    const total = answers.reduce((sum, { body }) => sum + served(body), 0);
    expect(total).toBeLessThanOrEqual(quota);
    // One of them fits and is served whole; the others get the tags refused, and the rest of the answer.
    expect(total).toBe(500);
    const refused = answers.filter(({ body }) => served(body) === 0);
    expect(refused).toHaveLength(5);
    for (const { body } of refused) {
      expect(body.data.persons.edges).toHaveLength(500);
      expect(body.errors![0].extensions).toEqual(expect.objectContaining({ code: 'FORBIDDEN', reason: 'QUOTA_EXCEEDED' }));
    }
    expect(await ledger().usage('fire-rescue', 'sensitive')).toEqual({ used: 500, reserved: 0 });
    const again = await pageOfTags('fire-rescue', 'emergency-rescue', '449900', 1);
    expect(served(again.body)).toBe(0);
  });

  it('settles to what was read, so the unused part of a reservation is there for the next request', async () => {
    const sql = federation.system.subgraphs.population!.db.sql;
    const inA = (await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM person WHERE grid_code LIKE $1', [`${fixtures.communityA}%`])).rows[0].n;
    expect(inA).toBeGreaterThan(0);
    expect(inA).toBeLessThan(500);
    const first = await pageOfTags('emergency-management', 'emergency-response', fixtures.communityA, 500);
    expect(served(first.body)).toBe(inA);
    expect(await ledger().usage('emergency-management', 'sensitive')).toEqual({ used: inA, reserved: 0 });
    // Had the 500 stayed reserved, this would not fit.
    const second = await pageOfTags('emergency-management', 'emergency-response', '449900', 500 - inA);
    expect(served(second.body)).toBe(500 - inA);
    expect(await ledger().usage('emergency-management', 'sensitive')).toEqual({ used: 500, reserved: 0 });
  });

  it('never returns more of a list than the bound its worst case was reserved on', async () => {
    // A house with 80 residents, more than House.residents' maxItems of 50 (copies of one person).
    const sql = federation.system.subgraphs.population!.db.sql;
    const columns = (
      await sql.query<{ c: string }>(
        `SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'person' AND table_schema = current_schema() ORDER BY ordinal_position`,
      )
    ).rows.map((r) => `"${r.c}"`);
    const copied = columns.map((c) => (c === '"id"' ? `'QX' || lpad(g::text, 8, '0')` : c === '"id_number"' ? `'X' || lpad(g::text, 17, '0')` : c));
    await sql.query(`INSERT INTO person (${columns.join(', ')}) SELECT ${copied.join(', ')} FROM person, generate_series(1, 80) AS g WHERE id = $1`, [
      fixtures.personA.id,
    ]);
    try {
      const { body } = await federation.queryAs({ department: 'public-security' }, 'query ($h: ID!) { house(code: $h) { residents { id } } }', {
        h: fixtures.house,
      });
      expect(body.data.house.residents).toHaveLength(50);
    } finally {
      await sql.query(`DELETE FROM person WHERE id LIKE 'QX%'`);
    }
  });

  it('holds across gateway replicas: two ledgers on their own connections never reserve past the quota', async () => {
    const main = federation.system.audit!.sql;
    let other: SqlClient = main;
    let pool: Pool | undefined;
    if (backend === 'postgres') {
      const database = (await main.query<{ db: string }>('SELECT current_database() AS db')).rows[0].db;
      const url = new URL(process.env.GRIDSHARE_TEST_POSTGRES_URL!);
      url.pathname = `/${database}`;
      pool = new Pool({ connectionString: url.toString(), max: 8 });
      other = sqlClientForPg(pool);
    }
    try {
      const departments = new Map([
        ['replica-test', { id: 'replica-test', name: 'r', nameEn: 'r', purposes: ['x'], quotas: { personal: 1000, sensitive: 500 }, roles: [] }],
      ]);
      const replicas = [new QuotaLedger(main, departments, () => new Date(NOW)), new QuotaLedger(other, departments, () => new Date(NOW))];
      const reservations = await Promise.all(Array.from({ length: 24 }, (_, i) => replicas[i % 2].reserve('replica-test', { personal: 0, sensitive: 100 })));
      const granted = reservations.filter((r) => r.refused.length === 0);
      expect(granted).toHaveLength(5);
      expect(reservations.filter((r) => r.refused.includes('sensitive'))).toHaveLength(19);
      expect(await replicas[0].usage('replica-test', 'sensitive')).toEqual({ used: 0, reserved: 500 });
      await Promise.all(granted.map((r, i) => replicas[i % 2].settle(r, { personal: 0, sensitive: 10 * i })));
      expect(await replicas[1].usage('replica-test', 'sensitive')).toEqual({ used: 100, reserved: 0 });
      const more = await replicas[1].reserve('replica-test', { personal: 0, sensitive: 400 });
      expect(more.refused).toEqual([]);
      expect((await replicas[0].reserve('replica-test', { personal: 0, sensitive: 1 })).refused).toEqual(['sensitive']);
    } finally {
      await pool?.end();
    }
  });
});
