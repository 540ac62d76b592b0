import type { AuditContext } from '../loaders';
import { StepInput, takeStep } from '../findings/finding-cases';

type Args = { input: StepInput };

/** One mutation per step, so that the trail's root field names the step (Mutation.resolveFinding). */
export const Mutation = {
  acknowledgeFinding: (_: unknown, { input }: Args, ctx: AuditContext) => takeStep('ACKNOWLEDGE', input, ctx),
  assignFinding: (_: unknown, { input }: Args, ctx: AuditContext) => takeStep('ASSIGN', input, ctx),
  annotateFinding: (_: unknown, { input }: Args, ctx: AuditContext) => takeStep('ANNOTATE', input, ctx),
  resolveFinding: (_: unknown, { input }: Args, ctx: AuditContext) => takeStep('RESOLVE_JUSTIFIED', input, ctx),
  referFinding: (_: unknown, { input }: Args, ctx: AuditContext) => takeStep('REFER', input, ctx),
};
