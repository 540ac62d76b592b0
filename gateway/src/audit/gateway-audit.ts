import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { AuditWriter } from '../../../audit-trail/audit-writer';
import type { AccessEntry, ChainedRecord } from '../../../audit-trail/record';
import type { SqlClient } from '../../../platform/database/sql-client';
import type { Logger } from '../../../platform/logger';
import { OperationDocuments } from './operation-documents';
import type { Policies } from '../../../access-policies/runtime/model';
import { mergeAccesses, OperationFacts, operationRecord, sensitivityLookup } from './operation-record';
import { QuotaLedger, Reservation } from './quotas';
import { recordShaping, RecordShaping } from './variable-shape';
import { QUOTA_SENSITIVITIES, QuotaAmounts, worstCase, WorstCaseModel, worstCaseModel } from './worst-case';

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

/** The operation a reservation is worked out from, as Apollo resolved it. */
export interface OperationToReserve {
  department: string;
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown> | undefined;
}

/** The gateway's side of the audit trail: records operations and keeps the daily quotas. */
export class GatewayAudit {
  readonly quotas: QuotaLedger;
  readonly writer: AuditWriter;
  readonly sql: SqlClient;
  readonly now: () => Date;
  private readonly policies: Policies;
  private readonly logger: Logger;
  private readonly documents: OperationDocuments;
  private readonly sensitivityOf: ReturnType<typeof sensitivityLookup>;
  private readonly worstCaseModel: WorstCaseModel;
  private readonly shaping: RecordShaping;

  constructor(options: GatewayAuditOptions) {
    this.writer = options.writer;
    this.sql = options.sql;
    this.policies = options.policies;
    this.logger = options.logger;
    this.documents = new OperationDocuments(options.sql, options.logger);
    this.now = options.now ?? (() => new Date());
    this.sensitivityOf = sensitivityLookup(options.policies);
    this.worstCaseModel = worstCaseModel(options.policies);
    this.shaping = recordShaping(options.subjectDigestKey);
    this.quotas = new QuotaLedger(options.sql, options.policies.departments, this.now);
  }

  async init(): Promise<void> {
    // The quotas live in the audit database (quota_usage): nothing to load.
  }

  /**
   * Reserves the operation's worst case of each quota before it runs. When the store cannot be
   * reached, every quota the department has is refused for this request: fail closed.
   */
  async reserve(target: OperationToReserve, requestId: string): Promise<Reservation> {
    try {
      const amounts = worstCase(target.schema, target.document, target.operation, target.variables, this.worstCaseModel);
      return await this.quotas.reserve(target.department, amounts);
    } catch (error) {
      this.logger.error(
        { event: 'quota.reserve_failed', requestId, department: target.department, err: error },
        'quota reservation failed; quota-bound fields refused',
      );
      const quotas = this.policies.departments.get(target.department)?.quotas ?? {};
      return {
        department: target.department,
        day: '',
        reserved: { personal: 0, sensitive: 0 },
        refused: QUOTA_SENSITIVITIES.filter((s) => quotas[s] !== undefined),
        firstRefusals: [],
      };
    }
  }

  /**
   * Resolves once the record is durable; rejects when it is not, and the answer must then be
   * withheld. A reservation is settled either way: to what was read when the answer goes out, to
   * nothing when it is withheld.
   */
  async record(facts: OperationFacts, reservation?: Reservation): Promise<ChainedRecord> {
    let record: ChainedRecord;
    try {
      record = await this.writer.append(operationRecord(facts, this.sensitivityOf, this.shaping));
    } catch (error) {
      if (reservation) await this.settle(reservation, { personal: 0, sensitive: 0 }, facts.requestId);
      throw error;
    }
    if (reservation) {
      await this.settle(reservation, this.quotaCounts(facts.accesses), facts.requestId);
      for (const refusal of reservation.firstRefusals) await this.raiseQuotaExceeded(refusal, record);
    }
    await this.documents.store(record.documentHash, facts.source ?? undefined, record.at);
    return record;
  }

  /**
   * Records read per quota sensitivity: a record counts for a sensitivity when a field of it went out
   * (raw or masked), in the subgraph that reported the record; several subgraphs reporting one record count once.
   */
  quotaCounts(accesses: AccessEntry[]): QuotaAmounts {
    const bySensitivity = { personal: new Set<string>(), sensitive: new Set<string>() };
    for (const access of mergeAccesses(accesses)) {
      for (const coordinate of [...access.raw, ...access.masked]) {
        const sensitivity = this.sensitivityOf(access.subgraph, coordinate);
        if (sensitivity === 'personal' || sensitivity === 'sensitive') bySensitivity[sensitivity].add(`${access.entityType}\u0000${access.entityKey}`);
      }
    }
    return { personal: bySensitivity.personal.size, sensitive: bySensitivity.sensitive.size };
  }

  private async settle(reservation: Reservation, read: QuotaAmounts, requestId: string): Promise<void> {
    if (!reservation.day) return;
    for (const sensitivity of QUOTA_SENSITIVITIES) {
      if (read[sensitivity] > reservation.reserved[sensitivity]) {
        // The worst case is meant to be sound; if it was not, the quota store still counts the truth.
        this.logger.error(
          {
            event: 'quota.overdrawn',
            requestId,
            department: reservation.department,
            sensitivity,
            read: read[sensitivity],
            reserved: reservation.reserved[sensitivity],
          },
          'read more than reserved',
        );
      }
    }
    // A reservation that cannot be settled stays reserved until the day ends: fail closed.
    await this.quotas.settle(reservation, read).catch((err) => this.logger.error({ event: 'quota.settle_failed', requestId, err }, 'quota settlement failed'));
  }

  private async raiseQuotaExceeded(refusal: Reservation['firstRefusals'][number], record: ChainedRecord): Promise<void> {
    const { sensitivity, quota, used, requested } = refusal;
    this.logger.warn(
      { event: 'audit.quota_exceeded', department: record.department, sensitivity, used, quota, requested, seq: record.seq },
      'daily quota exceeded',
    );
    await this.sql
      .query('INSERT INTO audit_event (at, department, kind, detail, record_seq) VALUES ($1, $2, $3, $4, $5)', [
        record.at,
        record.department,
        'QUOTA_EXCEEDED',
        JSON.stringify({ sensitivity, count: used, quota, requested: Number.isFinite(requested) ? requested : null }),
        record.seq,
      ])
      .catch((err) => this.logger.error({ event: 'audit.event_failed', err }, 'could not store the quota anomaly'));
  }
}
