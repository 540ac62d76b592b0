import type { AuditWriter } from '../../../subgraphs/audit/src/trail/audit-writer';
import type { ChainedRecord } from '../../../subgraphs/audit/src/trail/record';
import type { SqlClient } from '../../../subgraphs/kit/src/database/sql-client';
import type { Logger } from '../../../subgraphs/kit/src/logger';
import type { Policies } from '../../../access-policies/compiler/model';
import { OperationFacts, operationRecord, sensitivityLookup } from './operation-record';
import { QuotaTracker } from './quotas';

/** The gateway's side of the audit trail: records operations and keeps the quota counts. */
export class GatewayAudit {
  readonly quotas: QuotaTracker;
  private readonly sensitivityOf: ReturnType<typeof sensitivityLookup>;
  /** Anomaly writes under way: they never hold up an answer, but whoever must see them can wait. */
  private readonly pendingEvents = new Set<Promise<void>>();

  constructor(
    readonly writer: AuditWriter,
    /** The audit database (tests and the CLI read the trail through it). */
    readonly sql: SqlClient,
    policies: Policies,
    private readonly logger: Logger,
    readonly now: () => Date = () => new Date(),
  ) {
    this.sensitivityOf = sensitivityLookup(policies);
    this.quotas = new QuotaTracker(policies.departments, now, (department, sensitivity, count, quota, record) => {
      const write = this.raiseQuotaExceeded(department, sensitivity, count, quota, record);
      this.pendingEvents.add(write);
      void write.finally(() => this.pendingEvents.delete(write));
    });
  }

  async init(): Promise<void> {
    await this.quotas.init(this.sql);
  }

  /** Resolves once every anomaly raised so far is stored (or its failure logged). */
  async eventsWritten(): Promise<void> {
    await Promise.all(this.pendingEvents);
  }

  /** Resolves once the record is durable; rejects when it is not, and the answer must then be withheld. */
  async record(facts: OperationFacts): Promise<ChainedRecord> {
    const record = await this.writer.append(operationRecord(facts, this.sensitivityOf));
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
