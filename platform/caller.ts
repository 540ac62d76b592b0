import { z } from 'zod';

/**
 * Who is calling: the one shape of a verified caller, for the gateway's authenticator (built from a
 * department token's claims), the caller token it signs for every subgraph request, and each
 * subgraph's check of that token. Declared once so that a claim added on one side cannot be dropped
 * or mistyped on the other: both ends parse with this schema.
 *
 * What the caller has used up (quotas) is not identity and is not here: see `QuotaState`.
 */
export const CALLER_LEVELS = ['city', 'town', 'community'] as const;
export type CallerLevel = (typeof CALLER_LEVELS)[number];

export const callerSchema = z
  .object({
    user: z.string().min(1),
    department: z.string().min(1),
    level: z.enum(CALLER_LEVELS),
    /** Division or grid codes the caller may see rows of; empty for city level. */
    jurisdiction: z.array(z.string()),
    /** The purpose the request states (X-Purpose), already checked against the department's purposes. */
    purpose: z.string().optional(),
    role: z.string().optional(),
    /** Present only for identities minted by the development sign-in (never by a real identity provider). */
    identity: z.literal('development').optional(),
  })
  .strict();

export type Caller = z.infer<typeof callerSchema>;

/**
 * A request's quota state as the gateway counted it from the audit trail: the sensitivities whose
 * daily quota the department has used up. It travels beside the caller (in the caller token's own
 * claim), never inside it, because it changes from one request to the next while the identity does not.
 */
export interface QuotaState {
  exhausted: readonly string[];
}

export const NO_QUOTA_EXHAUSTED: QuotaState = { exhausted: [] };

/** One line naming what is wrong with a would-be caller, for errors that must say what was refused. */
export function describeCallerProblem(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'caller'}: ${issue.message}`).join('; ');
}
