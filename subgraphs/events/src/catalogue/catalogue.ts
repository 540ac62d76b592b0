import fs from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { repoPath } from '../../../../platform/repo-root';
import { DEPARTMENT_IDS, DepartmentId } from './departments';

/**
 * The responsibility catalogue (事项清单): for each category of event, who handles it first (managing
 * department), who handles it when the first returns it (enforcing department), the time limits in
 * working days and the closure standard. It is data, so a city edits YAML rather than code; it is
 * validated at start so a typo stops the service instead of misrouting events.
 */

export const EVENT_DOMAINS = [
  'FIRE_SAFETY',
  'WORK_SAFETY',
  'SANITATION',
  'ILLEGAL_CONSTRUCTION',
  'RENTAL_HOUSING',
  'FOOD_SAFETY',
  'DISPUTE',
  'ROAD_AND_FACILITIES',
  'ELDERLY_CARE',
  'PUBLIC_ORDER',
  'HEALTH',
  'EDUCATION',
  'LABOUR',
  'MARKET_ORDER',
] as const;
export type EventDomain = (typeof EVENT_DOMAINS)[number];

/** The "1-5-10" rule caps an extension at 10 working days. */
const MAX_EXTENSION_WORKING_DAYS = 10;

const department = z.enum(DEPARTMENT_IDS);

const categorySchema = z
  .object({
    code: z.string().regex(/^[a-z]+(-[a-z]+)*\.[a-z]+(-[a-z]+)*$/, 'must look like "domain.item" in lowercase kebab-case'),
    name: z.string().min(2).max(40),
    domain: z.enum(EVENT_DOMAINS),
    managingDepartment: department,
    enforcingDepartment: department,
    limits: z
      .object({
        contactWorkingDays: z.number().positive().max(5),
        handleWorkingDays: z.number().int().min(1).max(30),
      })
      .strict(),
    extension: z
      .object({
        allowed: z.boolean(),
        maxWorkingDays: z.number().int().min(1).max(MAX_EXTENSION_WORKING_DAYS).optional(),
      })
      .strict(),
    /** A consultation a dispatcher may answer at once (直接答办). */
    directAnswer: z.boolean().default(false),
    closureStandard: z.string().min(4).max(200),
  })
  .strict()
  .superRefine((entry, ctx) => {
    if (entry.managingDepartment === entry.enforcingDepartment) {
      ctx.addIssue({ code: 'custom', path: ['enforcingDepartment'], message: 'must differ from managingDepartment (it is the second dispatch)' });
    }
    if (entry.limits.contactWorkingDays > entry.limits.handleWorkingDays) {
      ctx.addIssue({ code: 'custom', path: ['limits'], message: 'contactWorkingDays cannot exceed handleWorkingDays' });
    }
    if (entry.extension.allowed !== (entry.extension.maxWorkingDays !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['extension'],
        message: 'maxWorkingDays is required when an extension is allowed, and only then',
      });
    }
  });

/** The command centre's own limits (working days, except the duplicate window in calendar days). */
const commandCentreSchema = z
  .object({
    registerWorkingDays: z.number().positive().max(5),
    dispatchWorkingDays: z.number().positive().max(5),
    verifyWorkingDays: z.number().positive().max(10),
    progressReportWorkingDays: z.number().int().min(1).max(30),
    duplicateWindowDays: z.number().int().min(1).max(90),
  })
  .strict();
export type CommandCentreLimits = z.infer<typeof commandCentreSchema>;

const catalogueSchema = z.object({ version: z.string().min(1), commandCentre: commandCentreSchema, categories: z.array(categorySchema).min(1) }).strict();

export interface EventCategory {
  code: string;
  name: string;
  domain: EventDomain;
  managingDepartment: DepartmentId;
  enforcingDepartment: DepartmentId;
  limits: { contactWorkingDays: number; handleWorkingDays: number };
  extension: { allowed: boolean; maxWorkingDays?: number };
  directAnswer: boolean;
  closureStandard: string;
}

export interface Catalogue {
  version: string;
  commandCentre: CommandCentreLimits;
  categories: readonly EventCategory[];
  byCode: ReadonlyMap<string, EventCategory>;
}

export class CatalogueError extends Error {}

/** Parses and validates catalogue YAML; the error names the file, the entry and the field. */
export function parseCatalogue(text: string, source = 'catalogue.yaml'): Catalogue {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new CatalogueError(`${source} is not valid YAML: ${(error as Error).message}`);
  }
  const parsed = catalogueSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CatalogueError(`${source}: ${describeLocation(raw, issue.path)}: ${issue.message}`);
  }
  const byCode = new Map<string, EventCategory>();
  parsed.data.categories.forEach((category, index) => {
    if (byCode.has(category.code)) {
      throw new CatalogueError(`${source}: category #${index + 1} (${category.code}): code is used twice`);
    }
    byCode.set(category.code, category);
  });
  return { version: parsed.data.version, commandCentre: parsed.data.commandCentre, categories: parsed.data.categories, byCode };
}

function describeLocation(raw: unknown, path: PropertyKey[]): string {
  if (path[0] !== 'categories' || typeof path[1] !== 'number') return path.length ? path.join('.') : '(top level)';
  const entry = (raw as { categories?: { code?: unknown }[] }).categories?.[path[1]];
  const code = typeof entry?.code === 'string' ? ` (${entry.code})` : '';
  const field = path.slice(2).join('.');
  return `category #${path[1] + 1}${code}${field ? ` field ${field}` : ''}`;
}

export function loadCatalogue(file = repoPath('subgraphs', 'events', 'catalogue.yaml')): Catalogue {
  return parseCatalogue(fs.readFileSync(file, 'utf8'), file);
}
