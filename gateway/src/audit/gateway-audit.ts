import type { AuditWriter } from '../../../subgraphs/audit/src/trail/audit-writer';
import type { ChainedRecord } from '../../../subgraphs/audit/src/trail/record';
import type { SqlClient } from '../../../subgraphs/kit/src/database/sql-client';
import type { Logger } from '../../../subgraphs/kit/src/logger';
import type { Policies } from '../../../access-policies/compiler/model';
import { OperationFacts, operationRecord, sensitivityLookup } from './operation-record';
import { QuotaTracker } from './quotas';
import { recordShaping, RecordShaping } from './variable-shape';

export interface GatewayAuditOptions {
  writer: AuditWriter;
  /** The audit database (tests and the CLI read the trail through it). */
  sql: SqlClient;
  policies: Policies;
  logger: Logger;
  /** Key of the subject digests: personal values a caller sends are recorded as digests under it. */
  subjectDigestKey: Buffer;
  /** The trail's clock (record times, quota days). */
  now?: () => Date;
}

/** The gateway's side of the audit trail: records operations and keeps the quota counts. */
export class GatewayAudit {
  readonly quotas: QuotaTracker;
  readonly writer: AuditWriter;
  readonly sql: SqlClient;
  readonly now: () => Date;
  private readonly logger: Logger;
  private readonly sensitivityOf: ReturnType<typeof sensitivityLookup>;
  private readonly shaping: RecordShaping;

  constructor(options: GatewayAuditOptions) {
    this.writer = options.writer;
    this.sql = options.sql;
    this.logger = options.logger;
    this.now = options.now ?? (() => new Date());
    this.sensitivityOf = sensitivityLookup(options.policies);
    this.shaping = recordShaping(options.subjectDigestKey);
    this.quotas = new QuotaTracker(options.policies.departments, this.now, (department, sensitivity, count, quota, record) => {
      void this.raiseQuotaExceeded(department, sensitivity, count, quota, record);
    });
  }

  async init(): Promise<void> {
    await this.quotas.init(this.sql);
  }

  /** Resolves once the record is durable; rejects when it is not, and the answer must then be withheld. */
  async record(facts: OperationFacts): Promise<ChainedRecord> {
    const record = await this.writer.append(operationRecord(facts, this.sensitivityOf, this.shaping));
    this.quotas.count([record]);
    return record;
  }

  private async raiseQuotaExceeded(department: string, sensitivity: string, count: number, quota: number, record: ChainedRecord): Promise<void> {
    this.logger.warn({ event: 'audit.quota_exceeded', department, sensitivity, count, quota, seq: record.seq }, 'daily quota exceeded');
    await this.sql
      .query('INSERT INTO audit_event (at, department, kind, detail, record_seq) VALUES ($1, $2, $3, $4, $5)', [
        record.at,
        department,
        'QUOTA_EXCEEDED',
        JSON.stringify({ sensitivity, count, quota }),
        record.seq,
      ])
      .catch((err) => this.logger.error({ event: 'audit.event_failed', err }, 'could not store the quota anomaly'));
  }
}
