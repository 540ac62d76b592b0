import path from 'node:path';
import type { Config } from '../../platform/config';
import { openDatabase } from '../../platform/database/open-database';
import { loadCallerKeys } from '../../platform/key-files';
import { createLogger } from '../../platform/logger';
import type { SubgraphName } from '../../platform/services';
import { createAuditPrisma } from '../../subgraphs/audit/src/prisma';
import { moveLegacyTrailFiles, TrailFiles } from '../../audit-trail/trail-files';
import { verifyTrail } from '../../audit-trail/verify';
import { openWitness } from '../../audit-trail/witness';
import { defaultStore } from '../system/system';

/**
 * `gridshare audit verify`: checks both copies of the trail and the witness of its checkpoints;
 * exit 1 names the first broken record. On PGlite it takes the data directory's lock like every
 * command, so it refuses while the system runs (ask the running system: `verifyAuditChain`).
 */
export async function runAuditVerify(config: Config): Promise<number> {
  // Every key of the set: each checkpoint is checked with the key it names (old ones: the legacy key).
  const { keys } = loadCallerKeys(path.join(config.dataDir, 'keys'), { signer: false });
  const db = await openDatabase({ subgraph: 'audit', location: defaultStore(config, 'audit' as SubgraphName), createPrisma: createAuditPrisma });
  const witness = openWitness(config.auditWitness);
  try {
    moveLegacyTrailFiles(path.join(config.dataDir, 'audit'), config.auditTrailDir, createLogger({ level: 'warn' }));
    const result = await verifyTrail({ sql: db.sql, files: new TrailFiles(config.auditTrailDir), witness, publicKey: keys });
    const rate = result.seconds > 0 ? Math.round(result.records / result.seconds) : result.records;
    if (result.ok) {
      console.log(
        `audit trail verified: ${result.records} records, ${result.checkpoints} signed checkpoints, ` +
          `head ${result.headSeq} ${result.headHash.slice(0, 16)}… (${result.seconds.toFixed(2)} s, ${rate} records/s)`,
      );
      console.log(
        result.unprotectedRecords === 0
          ? `witness ${witness.where}: vouches for every record (up to ${result.protectedSeq})`
          : `witness ${witness.where}: vouches for records up to ${result.protectedSeq}; ` +
              `${result.unprotectedRecords} later records are not yet vouched for (cutting them off would not be detected)`,
      );
      if (result.filesBehind > 0)
        console.log(
          `files ${config.auditTrailDir}: end ${result.filesBehind} records before the database (written by another gateway after this ` +
            `directory's last commit; it appends them at its next commit, or start-up does). With one gateway stopped cleanly this is 0: ` +
            `anything else means lines were removed from these files`,
        );
      return 0;
    }
    const p = result.problem!;
    console.error(`audit trail BROKEN at record ${p.seq ?? '?'}${p.requestId ? ` (request ${p.requestId})` : ''} in ${p.where}: ${p.problem}`);
    return 1;
  } finally {
    await witness.close();
    await db.close();
  }
}
