import fs from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { repoPath } from '../../../../platform/repo-root';
import { EVENT_DOMAINS, EventDomain } from '../catalogue/catalogue';

/**
 * supervision.yaml: the five supervision (督办) levels, each with its response deadline and who must
 * answer it, and the rules by which the sweep raises them per catalogue domain. Validated at start
 * like the catalogue, so a typo stops the service instead of silently never supervising.
 */

/** In escalating order: level n of the API is index n - 1. */
export const SUPERVISION_LEVELS = ['ELECTRONIC_REMINDER', 'OVERDUE_NOTICE', 'RESPONSIBLE_UNIT_ASSIGNMENT', 'ON_SITE_SUPERVISION', 'SMS_SUPERVISION'] as const;
export type SupervisionLevelName = (typeof SUPERVISION_LEVELS)[number];

export const levelNumber = (name: SupervisionLevelName): number => SUPERVISION_LEVELS.indexOf(name) + 1;
export const levelName = (level: number): SupervisionLevelName => {
  const name = SUPERVISION_LEVELS[level - 1];
  if (!name) throw new RangeError(`no supervision level ${level}`);
  return name;
};

const levelSpec = z
  .object({
    name: z.string().min(2).max(20),
    responseWorkingDays: z.number().positive().max(10),
    /** holder: a handler or leader of whoever holds the step; leader: its leader only. */
    respondent: z.enum(['holder', 'leader']),
  })
  .strict();

const ruleSpec = z
  .object({
    at: z.enum(['WARNING', 'DEADLINE']),
    afterWorkingDays: z.number().min(0).max(60).optional(),
  })
  .strict()
  .refine((rule) => rule.at === 'DEADLINE' || rule.afterWorkingDays === undefined, 'afterWorkingDays counts from the DEADLINE only');

const levelRules = z.partialRecord(z.enum(SUPERVISION_LEVELS), ruleSpec);

const fileSchema = z
  .object({
    version: z.string().min(1),
    levels: z.object(Object.fromEntries(SUPERVISION_LEVELS.map((l) => [l, levelSpec])) as Record<SupervisionLevelName, typeof levelSpec>).strict(),
    rules: z.object({ default: levelRules }).catchall(levelRules),
  })
  .strict();

export type LevelSpec = z.infer<typeof levelSpec>;

/** When a rule comes due: the step's warning point, or its deadline plus some working days. */
export interface SupervisionRule {
  level: number;
  at: 'WARNING' | 'DEADLINE';
  afterWorkingDays: number;
}

export interface SupervisionRules {
  version: string;
  /** By level number (1-5). */
  levels: ReadonlyMap<number, LevelSpec & { level: number; code: SupervisionLevelName }>;
  /** The rules of a domain, in level order. */
  rulesFor(domain: EventDomain): readonly SupervisionRule[];
}

export class SupervisionRulesError extends Error {}

/** WARNING before DEADLINE, then by working days after it: the order levels must respect. */
const rank = (rule: SupervisionRule) => (rule.at === 'WARNING' ? -1 : rule.afterWorkingDays);

export function parseSupervisionRules(text: string, source = 'supervision.yaml'): SupervisionRules {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new SupervisionRulesError(`${source} is not valid YAML: ${(error as Error).message}`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SupervisionRulesError(`${source}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  const byDomain = new Map<string, SupervisionRule[]>();
  for (const [domain, spec] of Object.entries(parsed.data.rules)) {
    if (domain !== 'default' && !(EVENT_DOMAINS as readonly string[]).includes(domain)) {
      throw new SupervisionRulesError(`${source}: rules.${domain}: not a domain of the catalogue (${EVENT_DOMAINS.join(', ')})`);
    }
    const rules = SUPERVISION_LEVELS.filter((code) => spec[code]).map((code) => ({
      level: levelNumber(code),
      at: spec[code]!.at,
      afterWorkingDays: spec[code]!.afterWorkingDays ?? 0,
    }));
    rules.forEach((rule, i) => {
      const lower = rules[i - 1];
      if (lower && rank(rule) < rank(lower)) {
        throw new SupervisionRulesError(
          `${source}: rules.${domain}.${levelName(rule.level)}: comes due before the lower level ${levelName(lower.level)}; a higher level may not come first`,
        );
      }
    });
    byDomain.set(domain, rules);
  }
  const levels = new Map(SUPERVISION_LEVELS.map((code) => [levelNumber(code), { ...parsed.data.levels[code], level: levelNumber(code), code }] as const));
  return {
    version: parsed.data.version,
    levels,
    rulesFor: (domain) => byDomain.get(domain) ?? byDomain.get('default')!,
  };
}

export function loadSupervisionRules(file = repoPath('subgraphs', 'events', 'supervision.yaml')): SupervisionRules {
  return parseSupervisionRules(fs.readFileSync(file, 'utf8'), file);
}
