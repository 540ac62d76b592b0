import type { AuditContext } from '../loaders';
import { StepInput, takeStep } from '../findings/finding-cases';
import { subscribeToFindings, unsubscribeFromFindings } from '../findings/subscriptions';

type Args = { input: StepInput };

/** One mutation per step, so that the trail's root field names the step (Mutation.resolveFinding). */
export const Mutation = {
  acknowledgeFinding: (_: unknown, { input }: Args, ctx: AuditContext) => takeStep('ACKNOWLEDGE', input, ctx),
  assignFinding: (_: unknown, { input }: Args, ctx: AuditContext) => takeStep('ASSIGN', input, ctx),
  annotateFinding: (_: unknown, { input }: Args, ctx: AuditContext) => takeStep('ANNOTATE', input, ctx),
  resolveFinding: (_: unknown, { input }: Args, ctx: AuditContext) => takeStep('RESOLVE_JUSTIFIED', input, ctx),
  referFinding: (_: unknown, { input }: Args, ctx: AuditContext) => takeStep('REFER', input, ctx),
  subscribeToFindings: async (_: unknown, { input }: { input: { url: string; kinds: string[] } }, ctx: AuditContext) => ({
    subscription: await subscribeToFindings(input, ctx),
  }),
  unsubscribeFromFindings: async (_: unknown, { input }: { input: { id: string } }, ctx: AuditContext) => ({
    subscription: await unsubscribeFromFindings(input, ctx),
  }),
};
