import type { AuditAccessResolvers } from '../generated/resolver-types';
import type { AuditContext } from '../loaders';
import type { AccessNode } from '../person-history';
import type { AuditRecordRow } from '../prisma';

/** The record an access belongs to: usually fetched with it, else one batched statement per page. */
async function recordOf(access: AccessNode, ctx: AuditContext): Promise<AuditRecordRow | null> {
  return access.record ?? ctx.loaders.recordBySeq.load(access.seq.toString());
}

const fromRecord =
  <K extends keyof AuditRecordRow>(key: K) =>
  async (access: AccessNode, _: unknown, ctx: AuditContext) =>
    (await recordOf(access, ctx))?.[key] ?? null;

export const AuditAccess: AuditAccessResolvers = {
  recordSeq: (access: AccessNode) => access.seq.toString(),
  requestId: fromRecord('requestId'),
  at: async (access: AccessNode, _: unknown, ctx: AuditContext) => (await recordOf(access, ctx))?.at.toISOString() ?? null,
  department: fromRecord('department'),
  userId: fromRecord('userId'),
  purpose: fromRecord('purpose'),
  operationName: fromRecord('operationName'),
  outcome: fromRecord('outcome'),
  fieldsRaw: (access: AccessNode) => access.raw,
  fieldsMasked: (access: AccessNode) => access.masked,
  fieldsDenied: (access: AccessNode) => access.denied,
  fieldsWritten: (access: AccessNode) => access.written,
  record: (access: AccessNode, _: unknown, ctx: AuditContext) => recordOf(access, ctx),
};
