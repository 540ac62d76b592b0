import fs from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { repoPath } from '../../../../platform/repo-root';

const disclosureSchema = z
  .object({
    withhold: z.array(z.object({ purposes: z.array(z.string().min(1)).min(1), days: z.number().int().positive() }).strict()),
  })
  .strict();
export type Disclosure = z.infer<typeof disclosureSchema>;

let cached: Disclosure | undefined;

/** access-policies/citizen-report.yaml: which reads a citizen's report withholds, and for how long. */
export function disclosurePolicy(): Disclosure {
  return (cached ??= disclosureSchema.parse(parse(fs.readFileSync(repoPath('access-policies', 'citizen-report.yaml'), 'utf8'))));
}

const DAY_MS = 86_400_000;

/** True while a read under a withheld purpose is younger than the policy's period. */
export function withheld(policy: Disclosure, purpose: string | null, at: Date, now: Date): boolean {
  if (!purpose) return false;
  return policy.withhold.some((rule) => rule.purposes.includes(purpose) && now.getTime() - at.getTime() < rule.days * DAY_MS);
}
