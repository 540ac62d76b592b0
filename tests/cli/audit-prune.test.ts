import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, Config } from '../../platform/config';
import { openDatabase } from '../../platform/database/open-database';
import { loadOrCreateKeyPair } from '../../platform/keys';
import { createLogger } from '../../platform/logger';
import type { SubgraphName } from '../../platform/services';
import { createAuditPrisma } from '../../subgraphs/audit/src/prisma';
import { AuditWriter } from '../../audit-trail/audit-writer';
import { TrailFiles } from '../../audit-trail/trail-files';
import { openWitness } from '../../audit-trail/witness';
import { defaultStore } from '../../runner/system/system';
import { ManualClock, recordBody } from '../helpers/trail-store';
import { runCli } from '../helpers/cli';
import { writeDataDirectory } from '../helpers/test-stores';

/** An operator applies the retention with the command, then checks the trail with the other. */
describe('gridshare audit prune on a trail partitioned by month', () => {
  let dataDir: string;
  let config: Config;
  const env = () => ({ GRIDSHARE_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' });
  const open = () => openDatabase({ subgraph: 'audit', location: defaultStore(config, 'audit' as SubgraphName), createPrisma: createAuditPrisma });
  const partitions = async () => {
    const db = await open();
    try {
      const { rows } = await db.sql.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'audit_record'::regclass ORDER BY 1`,
      );
      return rows.map((r) => r.name);
    } finally {
      await db.close();
    }
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-prune-'));
    config = loadConfig(env());
    await writeDataDirectory(dataDir, ['audit'], false);
    // The gateway's trail over January and February 2020: three records, then two.
    const db = await open();
    const clock = new ManualClock('2020-01-30T10:00:00Z');
    const writer = new AuditWriter({
      sql: db.sql,
      files: new TrailFiles(config.auditTrailDir),
      signingKey: loadOrCreateKeyPair(path.join(dataDir, 'keys'), 'gateway-caller').privateKey,
      logger: createLogger({ level: 'warn' }),
      witness: openWitness(config.auditWitness),
      now: clock.now,
    });
    try {
      await writer.init();
      for (let i = 1; i <= 5; i++) {
        await writer.append(recordBody(i, clock.now()));
        clock.advance(i === 3 ? 3 * 86_400_000 : 60_000);
      }
      await writer.close();
    } finally {
      await db.close();
    }
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('drops the wholly expired month, keeps the month the cutoff falls in, and the trail still verifies', async () => {
    // No upkeep ran for 2020: the records waited in the default partition; prune gives them their months first.
    expect(await partitions()).not.toContain('audit_record_p202001');
    const pruned = runCli(['audit', 'prune', '--before', '2020-02-15'], env());
    expect(pruned.stderr).toBe('');
    expect(pruned.stdout).toMatch(/removed 3 audit records, the whole months before 2020-02-14T16:00:00.000Z; the trail now starts after signed anchor 3/);
    expect(pruned.status).toBe(0);
    const left = await partitions();
    expect(left).toContain('audit_record_p202002');
    expect(left).not.toContain('audit_record_p202001');
    const verified = runCli(['audit', 'verify'], env());
    expect(verified.stdout).toMatch(/audit trail verified: 2 records/);
    expect(verified.status).toBe(0);

    // February is only partly before the 20th: nothing more goes.
    const again = runCli(['audit', 'prune', '--before', '2020-02-20'], env());
    expect(again.stdout).toMatch(/no whole month of audit records before/);
    expect(await partitions()).toContain('audit_record_p202002');
  });
});
