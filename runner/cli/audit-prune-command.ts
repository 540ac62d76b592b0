import path from 'node:path';
import type { Config } from '../../platform/config';
import { openDatabase } from '../../platform/database/open-database';
import { loadCallerKeys } from '../../platform/key-files';
import type { SubgraphName } from '../../platform/services';
import { createAuditPrisma } from '../../subgraphs/audit/src/prisma';
import { pruneTrail } from '../../audit-trail/prune';
import { moveLegacyTrailFiles, TrailFiles } from '../../audit-trail/trail-files';
import { openWitness } from '../../audit-trail/witness';
import { createLogger } from '../../platform/logger';
import { defaultStore } from '../system/system';

/** `gridshare audit prune [--before YYYY-MM-DD]`: applies the retention setting to both stores, a whole month at a time. */
export async function runAuditPrune(config: Config, options: { before?: string }): Promise<number> {
  const before = options.before ? new Date(`${options.before}T00:00:00+08:00`) : new Date(Date.now() - config.auditRetentionDays * 86_400_000);
  if (Number.isNaN(before.getTime())) {
    console.error(`gridshare: --before must be a date YYYY-MM-DD, got ${JSON.stringify(options.before)}`);
    return 2;
  }
  // Only whole past days: today's file is the one the gateway is appending to.
  if (before.getTime() > Date.now() - 86_400_000) {
    console.error('gridshare: audit prune keeps at least the last day; choose an earlier --before');
    return 2;
  }
  const db = await openDatabase({ subgraph: 'audit', location: defaultStore(config, 'audit' as SubgraphName), createPrisma: createAuditPrisma });
  const witness = openWitness(config.auditWitness);
  try {
    moveLegacyTrailFiles(path.join(config.dataDir, 'audit'), config.auditTrailDir, createLogger({ level: 'warn' }));
    const result = await pruneTrail({
      sql: db.sql,
      files: new TrailFiles(config.auditTrailDir),
      signingKey: loadCallerKeys(path.join(config.dataDir, 'keys'), { signer: true }).signing!,
      before,
      witness,
    });
    // Whole months go (their partitions are dropped): the month `before` falls in waits until it has wholly expired.
    console.log(
      result.removedRecords === 0
        ? `no whole month of audit records before ${before.toISOString()}`
        : `removed ${result.removedRecords} audit records, the whole months before ${before.toISOString()}; the trail now starts after signed anchor ${result.anchorSeq}`,
    );
    return 0;
  } finally {
    await witness.close();
    await db.close();
  }
}
