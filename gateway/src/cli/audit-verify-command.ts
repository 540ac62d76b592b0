import path from 'node:path';
import { ConfigError, Config } from '../../../subgraphs/kit/src/config';
import { openDatabase } from '../../../subgraphs/kit/src/database/open-database';
import { readPublicKey } from '../../../subgraphs/kit/src/keys';
import type { SubgraphName } from '../../../subgraphs/kit/src/services';
import { createAuditPrisma } from '../../../subgraphs/audit/src/prisma';
import { TrailFiles } from '../../../subgraphs/audit/src/trail/trail-files';
import { verifyTrail } from '../../../subgraphs/audit/src/trail/verify';
import { defaultStore } from '../system/system';
import fs from 'node:fs';

/** `gridshare audit verify`: checks both copies of the trail; exit 1 names the first broken record. */
export async function runAuditVerify(config: Config): Promise<number> {
  const publicKeyFile = path.join(config.dataDir, 'keys', 'gateway-caller.public.pem');
  if (!fs.existsSync(publicKeyFile)) throw new ConfigError(`no gateway public key at ${publicKeyFile}: checkpoints cannot be checked`);
  const db = await openDatabase({ subgraph: 'audit', location: defaultStore(config, 'audit' as SubgraphName), createPrisma: createAuditPrisma });
  try {
    const result = await verifyTrail({
      sql: db.sql,
      files: new TrailFiles(path.join(config.dataDir, 'audit')),
      publicKey: readPublicKey(publicKeyFile),
    });
    const rate = result.seconds > 0 ? Math.round(result.records / result.seconds) : result.records;
    if (result.ok) {
      console.log(
        `audit trail verified: ${result.records} records, ${result.checkpoints} signed checkpoints, ` +
          `head ${result.headSeq} ${result.headHash.slice(0, 16)}… (${result.seconds.toFixed(2)} s, ${rate} records/s)`,
      );
      return 0;
    }
    const p = result.problem!;
    console.error(`audit trail BROKEN at record ${p.seq ?? '?'}${p.requestId ? ` (request ${p.requestId})` : ''} in ${p.where}: ${p.problem}`);
    return 1;
  } finally {
    await db.close();
  }
}
