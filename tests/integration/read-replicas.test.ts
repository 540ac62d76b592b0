import { Pool } from 'pg';
import { TestClock } from '../helpers/events';
import { startTestFederation, TestFederation } from '../helpers/federation';
import { key, newIdNumber, registrar } from '../helpers/living';
import { loadConfig } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { referenceCheckerFor } from '../../runner/system/reference-checks';
import { REPLICA_SKIP_REASON, replicaClusters } from '../helpers/replica-postgres';
import { until } from '../helpers/until';
import type { PopulationPrisma } from '../../subgraphs/population/src/prisma';

const clusters = replicaClusters();
const describeWithReplicas = clusters ? describe : describe.skip;
if (!clusters) console.warn(`read-replicas.test: ${REPLICA_SKIP_REASON}`);

// Seeding a city on a primary whose every write is also streamed to a standby, on a loaded 2-core machine.
jest.setTimeout(300_000);

const PERSON = 'query ($id: ID!) { person(id: $id) { id version phone } }';
const REGISTER_ARRIVAL = `mutation ($input: RegisterArrivalInput!) { registerArrival(input: $input) { person { id } } }`;
const UPDATE_PHONE = `mutation ($input: UpdatePersonParticularsInput!) {
  updatePersonParticulars(input: $input) { version person { id version phone } } }`;

/**
 * The population subgraph on a primary (DATABASE_URL) with a hot standby (DATABASE_READ_URL). Replay
 * on the standby is held, so anything the standby answers is visibly older than the primary: a
 * mutation's answer must show its write (the primary), a later query must show the standby's older
 * row, and once replay catches up the query shows the write.
 */
describeWithReplicas('reads from a hot standby, writes and their answers on the primary', () => {
  const clock = new TestClock('2026-12-01T10:00');
  let federation: TestFederation;
  let resident: { id: string; version: number; phone: string | null; houseCode: string };
  let database: string;
  const readyOf = async () => {
    const response = await fetch(federation.subgraphUrl('population').replace(/\/graphql$/, '/ready'));
    return { status: response.status, body: (await response.json()) as { detail?: { standby?: string } } };
  };

  beforeAll(async () => {
    federation = await startTestFederation({
      backend: 'postgres',
      postgresUrl: clusters!.primaryUrl,
      postgresReadUrl: clusters!.standbyUrl,
      // audit too: the gateway's trail goes into its database, which must then exist on this server.
      // housing: the registers' reference checks (a new person's house; the test's own check of a person).
      subgraphs: ['population', 'housing', 'audit'],
      now: clock.now,
    });
    resident = (
      await federation.system.subgraphs.population!.db.sql.query<typeof resident>(
        `SELECT id, version, phone, house_code AS "houseCode" FROM person WHERE status = 'ACTIVE' AND house_code IS NOT NULL ORDER BY id LIMIT 1`,
      )
    ).rows[0]!;
    database = (await federation.system.subgraphs.population!.db.sql.query<{ name: string }>('SELECT current_database() AS name')).rows[0]!.name;
    await clusters!.caughtUp();
  });

  afterAll(async () => {
    await clusters?.resumeReplay().catch(() => undefined);
    await federation?.stop();
    await clusters?.close();
  });

  it('answers a write from the primary and later reads from the standby until it has replayed the write', async () => {
    const before = await federation.queryAs(registrar(), PERSON, { id: resident.id });
    expect(before.body).toEqual({ data: { person: { id: resident.id, version: resident.version, phone: resident.phone } } });

    await clusters!.pauseReplay();
    const phone = resident.phone === '13912345678' ? '13987654321' : '13912345678';
    const write = await federation.queryAs(registrar(), UPDATE_PHONE, {
      input: { idempotencyKey: key(), expectedVersion: resident.version, change: { personId: resident.id, phone } },
    });
    // Read-your-writes: the mutation's answer is read in the same request, from the primary.
    expect(write.body.errors).toBeUndefined();
    expect(write.body.data.updatePersonParticulars).toEqual({
      version: resident.version + 1,
      person: { id: resident.id, version: resident.version + 1, phone },
    });

    // The primary has it; the standby, held, does not: this read came from the standby.
    const primary = new Pool({ connectionString: onServer(clusters!.primaryUrl, database), max: 1 });
    const standby = new Pool({ connectionString: onServer(clusters!.standbyUrl, database), max: 1 });
    try {
      const phoneOn = async (pool: Pool) => (await pool.query('SELECT phone FROM person WHERE id = $1', [resident.id])).rows[0]?.phone;
      expect({ primary: await phoneOn(primary), standby: await phoneOn(standby) }).toEqual({ primary: phone, standby: resident.phone });
    } finally {
      await primary.end();
      await standby.end();
    }
    const stale = await federation.queryAs(registrar(), PERSON, { id: resident.id });
    expect(stale.body).toEqual({ data: { person: { id: resident.id, version: resident.version, phone: resident.phone } } });
    expect(await readyOf()).toEqual({ status: 200, body: expect.objectContaining({ status: 'ready', detail: { standby: 'reading' } }) });

    await clusters!.resumeReplay();
    await clusters!.caughtUp();
    const fresh = await federation.queryAs(registrar(), PERSON, { id: resident.id });
    expect(fresh.body).toEqual({ data: { person: { id: resident.id, version: resident.version + 1, phone } } });
  });

  it("answers a service identity's reads (an owner's reference check) from the primary: a write just made is never refused as missing", async () => {
    await clusters!.caughtUp();
    await clusters!.pauseReplay();
    try {
      const arrival = await federation.queryAs(registrar(), REGISTER_ARRIVAL, {
        input: {
          idempotencyKey: key(),
          change: {
            newPerson: {
              name: '测试乙',
              idNumber: newIdNumber('1991-05-06', false),
              gender: 'FEMALE',
              birthDate: '1991-05-06',
              householdRegistration: '广东省某市某区',
            },
            houseCode: resident.houseCode,
            residenceType: 'MIGRANT',
            movedInOn: '2026-11-28',
          },
        },
      });
      expect(arrival.body.errors).toBeUndefined();
      const newcomer = arrival.body.data.registerArrival.person.id as string;
      // A person's query is read on the held standby: the newcomer is not there yet.
      expect((await federation.queryAs(registrar(), PERSON, { id: newcomer })).body).toEqual({ data: { person: null } });
      // Housing's reference check (role service, through the gateway) asks whether the person exists: the primary says yes.
      const housingCheck = referenceCheckerFor('housing', loadConfig({}), () => federation.gatewayUrl, federation.issuer.privateKey)!;
      const logger = createLogger({ level: 'silent' });
      expect(await housingCheck.missing([{ kind: 'person', code: newcomer, field: 'change.ownerId' }], { requestId: 'read-replicas-test', logger })).toEqual(
        [],
      );
    } finally {
      await clusters!.resumeReplay();
    }
  });

  it('serves reads from the primary while the standby is down, stays ready and says so, and reads the standby again once it is back', async () => {
    const current = (await federation.queryAs(registrar(), PERSON, { id: resident.id })).body.data.person;
    clusters!.stopStandby();
    try {
      const started = Date.now();
      const during = await federation.queryAs(registrar(), PERSON, { id: resident.id });
      expect(during.body).toEqual({ data: { person: current } });
      // A refused connection, not a connect timeout: failing over must not make the read slow.
      expect(Date.now() - started).toBeLessThan(3000);
      expect(await readyOf()).toEqual({
        status: 200,
        body: expect.objectContaining({ status: 'ready', detail: expect.objectContaining({ standby: 'unavailable, reads served by the primary' }) }),
      });
    } finally {
      clusters!.startStandby();
    }
    await until(async () => (await readyOf()).body.detail?.standby === 'reading', 'the standby reading again', 60_000, 200);
    // Back on the standby: held again, it serves the row as it was.
    await clusters!.caughtUp();
    await clusters!.pauseReplay();
    const phone = current.phone === '13700000001' ? '13700000002' : '13700000001';
    const write = await federation.queryAs(registrar(), UPDATE_PHONE, {
      input: { idempotencyKey: key(), expectedVersion: current.version, change: { personId: resident.id, phone } },
    });
    expect(write.body.data?.updatePersonParticulars?.person).toEqual({ id: resident.id, version: current.version + 1, phone });
    expect((await federation.queryAs(registrar(), PERSON, { id: resident.id })).body).toEqual({ data: { person: current } });
    await clusters!.resumeReplay();
  });

  it('sends whatever writes through the reading clients, and every transaction, to the primary', async () => {
    const reader = federation.system.subgraphs.population!.db.reader!;
    const phoneOnStandby = async () => (await reader.standby.query<{ phone: string }>('SELECT phone FROM person WHERE id = $1', [resident.id])).rows[0]!.phone;
    await clusters!.caughtUp();
    const before = await phoneOnStandby();
    await clusters!.pauseReplay();
    try {
      // Raw SQL: the standby refuses the UPDATE (25006) and it runs on the primary.
      await reader.sql.query('UPDATE person SET phone = $1 WHERE id = $2', ['13600000001', resident.id]);
      // A transaction (Prisma's interactive one) runs on the primary: it sees that write.
      const prisma = reader.prisma as PopulationPrisma;
      expect(await prisma.$transaction((tx) => tx.person.findUnique({ where: { id: resident.id }, select: { phone: true } }))).toEqual({
        phone: '13600000001',
      });
      // Prisma's own write through the reading client.
      await prisma.person.update({ where: { id: resident.id }, data: { phone: '13600000002' } });
      // Plain reads are the standby's, held before both writes.
      expect(await prisma.person.findUnique({ where: { id: resident.id }, select: { phone: true } })).toEqual({ phone: before });
      expect(await phoneOnStandby()).toBe(before);
    } finally {
      await clusters!.resumeReplay();
    }
    await clusters!.caughtUp();
    expect(await phoneOnStandby()).toBe('13600000002');
  });
});

/** The same database on another server: the standby holds the primary's databases under their names. */
function onServer(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
