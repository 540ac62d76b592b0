import type { Config } from '../../platform/config';
import { runAuditExport } from './audit-export-command';
import { runAuditPrune } from './audit-prune-command';
import { runAuditVerify } from './audit-verify-command';

export const AUDIT_USAGE = `  audit verify        check the audit trail (database and NDJSON files, hash chain, signed
                      checkpoints, the witness of the checkpoints); exits 1 naming the first
                      broken record; prints how many records nothing vouches for yet
  audit prune [--before YYYY-MM-DD]
                      remove records older than the retention (GRIDSHARE_AUDIT_RETENTION_DAYS)
  audit export --from <date|date-time> --to <date|date-time> [--format ndjson|csv] [--out file]
               [--department id] [--user id] [--purpose id] [--client name]
               [--entity-type House --entity-key code]
                      write the records of a period (Asia/Shanghai days, both included): ndjson
                      exactly as chained, csv one row per record (times in China Standard Time,
                      departments, purposes and fields also by their Chinese names); narrowed like
                      a record's access history; standard output unless --out`;

export interface AuditCommandValues {
  from?: string;
  to?: string;
  format?: string;
  out?: string;
  before?: string;
  department?: string;
  user?: string;
  purpose?: string;
  client?: string;
  'entity-type'?: string;
  'entity-key'?: string;
}

/** `gridshare audit <subcommand>`: the offline tools over the trail. */
export async function runAudit(config: Config, positionals: string[], values: AuditCommandValues): Promise<number> {
  const [subcommand] = positionals;
  switch (subcommand) {
    case 'verify':
      return runAuditVerify(config);
    case 'prune':
      return runAuditPrune(config, { before: values.before });
    case 'export':
      return runAuditExport(config, {
        from: values.from,
        to: values.to,
        format: values.format,
        out: values.out,
        department: values.department,
        user: values.user,
        purpose: values.purpose,
        client: values.client,
        entityType: values['entity-type'],
        entityKey: values['entity-key'],
      });
    default:
      console.error(
        `gridshare: audit needs a subcommand: verify, prune or export${subcommand ? ` (got ${JSON.stringify(subcommand)})` : ''}\n\n${AUDIT_USAGE}`,
      );
      return 2;
  }
}
