import fs from 'node:fs';
import { TrailFiles } from '../../../../audit-trail/trail-files';
import { verifyTrail } from '../../../../audit-trail/verify';
import { openWitness } from '../../../../audit-trail/witness';
import { accessRecords, AccessRecordsArgs, auditRecord } from '../access-records';
import { citizenAccessReport } from '../citizen-report/citizen-report';
import { findAnomalies } from '../findings/list-findings';
import type { CaseFilter } from '../findings/finding-cases';
import { departmentDailySummaries } from '../daily-summaries';
import type { QueryResolvers } from '../generated/resolver-types';
import type { AuditContext } from '../loaders';
import { personAccessHistory, PersonAccessHistoryArgs } from '../person-history';
import { recordChanges, RecordChangesArgs } from '../record-changes';
import { recordAccessHistory, RecordAccessHistoryArgs } from '../record-history';

type DayArgs = { from: string; to: string; department?: string | null };
type AnomalyArgs = DayArgs & CaseFilter;

export const Query: QueryResolvers = {
  personAccessHistory: (_: unknown, args: PersonAccessHistoryArgs, ctx: AuditContext) => personAccessHistory(args, ctx),
  accessRecords: (_: unknown, args: AccessRecordsArgs, ctx: AuditContext) => accessRecords(args, ctx),
  recordAccessHistory: (_: unknown, args: RecordAccessHistoryArgs, ctx: AuditContext) => recordAccessHistory(args, ctx),
  recordChanges: (_: unknown, args: RecordChangesArgs, ctx: AuditContext) => recordChanges(args, ctx),
  auditRecord: (_: unknown, args: { seq?: string | null; requestId?: string | null }, ctx: AuditContext) => auditRecord(args, ctx),
  departmentDailySummaries: (_: unknown, args: DayArgs, ctx: AuditContext) => departmentDailySummaries(args, ctx),
  anomalies: (_: unknown, args: AnomalyArgs, ctx: AuditContext) => findAnomalies(args, ctx),
  citizenAccessReport: (_: unknown, args: { idNumber: string; from?: string | null; to?: string | null }, ctx: AuditContext) => citizenAccessReport(args, ctx),
  verifyAuditChain: async (_: unknown, __: unknown, ctx: AuditContext) => {
    const witness = ctx.auditWitness ? openWitness(ctx.auditWitness) : undefined;
    try {
      return await verifyTrail({
        sql: ctx.db.sql,
        files: ctx.trailDirectory && fs.existsSync(ctx.trailDirectory) ? new TrailFiles(ctx.trailDirectory) : undefined,
        witness,
        publicKey: ctx.gatewayPublicKey,
      });
    } finally {
      await witness?.close();
    }
  },
};
