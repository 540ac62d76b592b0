import { badUserInput, conflict } from '../../../../platform/errors';
import type { Anomaly } from '../anomalies/anomaly';
import type { AuditContext } from '../loaders';
import type { AuditPrisma } from '../prisma';
import { checkText } from '../record-filter';
import { findFinding } from './find-finding';
import { checkAssignee } from './assignee';
import { checkNote, FindingAction, FindingState, nextState } from './transitions';

export interface CaseFilter {
  state?: FindingState | null;
  assignee?: string | null;
}

export interface FindingStepView {
  action: FindingAction;
  at: string;
  department: string;
  userId: string;
  requestId: string;
  fromState: FindingState;
  toState: FindingState;
  assignee: string | null;
  note: string | null;
}

export type WorkedFinding = Anomaly & { state: FindingState; assignee: string | null; timeline: FindingStepView[] };

export function checkCaseFilter(args: CaseFilter): CaseFilter {
  return { state: args.state ?? undefined, assignee: checkText(args.assignee, 'assignee') };
}

/** Each finding with its case, in one statement for the whole list; a finding nobody has touched is OPEN. */
export async function attachCases(prisma: AuditPrisma, findings: Anomaly[]): Promise<WorkedFinding[]> {
  const cases = findings.length
    ? await prisma.findingCase.findMany({ where: { findingId: { in: findings.map((f) => f.id) } }, include: { steps: { orderBy: { id: 'asc' } } } })
    : [];
  const byId = new Map(cases.map((c) => [c.findingId, c]));
  return findings.map((finding) => {
    const found = byId.get(finding.id);
    return {
      ...finding,
      state: (found?.state as FindingState | undefined) ?? 'OPEN',
      assignee: found?.assignee ?? null,
      timeline: (found?.steps ?? []).map((step) => ({
        action: step.action as FindingAction,
        at: step.at.toISOString(),
        department: step.department,
        userId: step.userId,
        requestId: step.requestId,
        fromState: step.fromState as FindingState,
        toState: step.toState as FindingState,
        assignee: step.assignee,
        note: step.note,
      })),
    };
  });
}

export interface StepInput {
  findingId: string;
  note?: string | null;
  assignee?: string | null;
}

/**
 * One step on a finding: checked (the finding exists on the trail, the step applies to its state, the
 * note and assignee are sound), then the state changes only if nobody changed it meanwhile (a
 * conditional update inside the transaction), and the step is stored with who, when and the request
 * id that ties it to the operation's record on the trail.
 */
export async function takeStep(action: FindingAction, input: StepInput, ctx: AuditContext): Promise<{ finding: WorkedFinding }> {
  const { prisma } = ctx.db;
  if (typeof input.findingId !== 'string' || input.findingId.length === 0) throw badUserInput('input.findingId is required', { argument: 'input.findingId' });
  const note = checkNote(action, input.note);
  const finding = await findFinding(prisma, input.findingId);
  const assignee = action === 'ASSIGN' ? await checkAssignee(prisma, input.assignee) : null;
  const at = ctx.now();
  await prisma.$transaction(async (tx) => {
    const existing = await tx.findingCase.findUnique({ where: { findingId: finding.id } });
    const from = (existing?.state as FindingState | undefined) ?? 'OPEN';
    const to = nextState(action, from, finding.id);
    const data = { state: to, updatedAt: at, ...(action === 'ASSIGN' ? { assignee } : {}) };
    if (!existing) {
      await tx.findingCase.create({
        data: { findingId: finding.id, kind: finding.kind, department: finding.department, windowStart: new Date(finding.windowStart), ...data },
      });
    } else {
      const changed = await tx.findingCase.updateMany({ where: { findingId: finding.id, state: from }, data });
      // Another auditor's step landed between the read and this write: the caller's view is stale.
      if (changed.count !== 1) throw conflict(`Finding ${finding.id} changed while this step was taken (another auditor's step): reload it and try again`);
    }
    await tx.findingStep.create({
      data: {
        findingId: finding.id,
        action,
        at,
        department: ctx.caller.department,
        userId: ctx.caller.user,
        requestId: ctx.requestId,
        fromState: from,
        toState: to,
        assignee,
        note,
      },
    });
  });
  ctx.logger.info({ event: 'audit.finding_step', requestId: ctx.requestId, findingId: finding.id, action }, 'finding step taken');
  const [worked] = await attachCases(prisma, [finding]);
  return { finding: worked! };
}
