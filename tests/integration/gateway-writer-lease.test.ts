import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../platform/config';
import { startSystem } from '../../runner/system/system';
import { startTestFederation, TestFederation } from '../helpers/federation';

const serverUrl = process.env.GRIDSHARE_TEST_POSTGRES_URL;
const describeWithPostgres = serverUrl ? describe : describe.skip;

/**
 * A second gateway on the audit database of a running one. It used to start, say /ready 200, and
 * answer 503 to every request (its commits collided with the first's chain: duplicate key). Until
 * several writers of one trail are built it must refuse to start, saying why.
 */
describeWithPostgres('a second gateway on the same audit database', () => {
  let federation: TestFederation;
  let directory: string;
  let auditDatabase: string;
  beforeAll(async () => {
    federation = await startTestFederation({ backend: 'postgres', subgraphs: ['address', 'audit'] });
    auditDatabase = (await federation.system.audit!.sql.query<{ name: string }>('SELECT current_database() AS name')).rows[0]!.name;
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-second-gateway-'));
  });
  afterAll(async () => {
    await federation?.stop();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  const startSecond = async () => {
    return startSystem({
      config: loadConfig({ LOG_LEVEL: 'silent' }, { dataDir: directory }),
      subgraphs: [],
      storeFor: () => ({ kind: 'postgres', serverUrl: serverUrl!, database: auditDatabase }),
      ephemeralPorts: true,
      keys: federation.keys,
      subjectDigestKey: federation.subjectDigestKey,
      auditDirectory: path.join(directory, 'trail'),
      auditWitness: path.join(directory, 'witness.ndjson'),
    });
  };

  it('refuses to start while the first writes the trail, naming why, and the first keeps answering', async () => {
    await expect(startSecond()).rejects.toThrow(/another gateway \(.*\) writes the audit trail in this database/);
    const { status, body } = await federation.query('{ grid(code: "449900") { name } }');
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
  });

  it('starts once the first has stopped', async () => {
    await federation.system.stop();
    const second = await startSecond();
    await second.stop();
  });
});
