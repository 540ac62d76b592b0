import { z } from 'zod';

/** Names of the masks a grant may apply; the implementations live in masks.ts. */
export const MASK_NAMES = ['id-number', 'id-number-region', 'phone', 'name', 'birth-date', 'birth-month', 'address', 'welfare-tags'] as const;
export type MaskName = (typeof MASK_NAMES)[number];

/** Roles the base-data owners decide writes by: a registrar (登记员) keeps a register and reviews what grid workers collect. */
export const BASE_DATA_ROLES = ['registrar'] as const;

/**
 * A system identity that reads the federation for a service of its department (the events subgraph's
 * feed follower): it reads what its department may read, and no workflow step or write grant names it.
 */
export const SERVICE_ROLES = ['service'] as const;

/** The roles a department token may carry (the events workflow decides who may take each step by them; write grants name them too). */
export const ROLE_NAMES = ['grid-worker', 'dispatcher', 'handler', 'leader', 'reporter-service', ...BASE_DATA_ROLES, ...SERVICE_ROLES] as const;

export const REASONS = [
  'NOT_SHARED',
  'PURPOSE_REQUIRED',
  'PURPOSE_NOT_PERMITTED',
  'OUT_OF_JURISDICTION',
  'QUOTA_EXCEEDED',
  /** Writes: the department has no write grant on the field, or the caller's role is not in it. */
  'WRITE_NOT_GRANTED',
  'ROLE_NOT_PERMITTED',
  /** Writes: the grant is for collection, so the caller must submit a change request instead. */
  'COLLECTION_REQUIRED',
  /** Writes: a reviewer may not decide a change request they submitted. */
  'SELF_REVIEW',
] as const;
export type DenialReason = (typeof REASONS)[number];

const slug = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a lower-case slug');

export const departmentsFileSchema = z
  .object({
    departments: z.record(
      slug,
      z
        .object({
          name: z.string().min(1),
          nameEn: z.string().min(1),
          purposes: z.array(slug).min(1),
          quotas: z.partialRecord(z.enum(['sensitive', 'personal']), z.number().int().min(0)),
          /** The roles its officials hold; a token with any other role is refused. */
          roles: z.array(z.enum(ROLE_NAMES)).default([]),
        })
        .strict(),
    ),
  })
  .strict();
export type DepartmentsFile = z.infer<typeof departmentsFileSchema>;
export type Department = DepartmentsFile['departments'][string] & { id: string };

/** A grant as written: `allow`, `aggregate`, or an object with a mask and/or required purposes. */
const grantSchema = z.union([
  z.literal('allow'),
  z.literal('aggregate'),
  z
    .object({
      allow: z.literal(true).optional(),
      mask: z.enum(MASK_NAMES).optional(),
      purposes: z.array(slug).min(1).optional(),
      /** The law or document that entitles the department, for the data-protection officer (shown in the matrix). */
      basis: z.string().min(1).optional(),
    })
    .strict()
    .refine((g) => g.allow !== undefined || g.mask !== undefined, 'a grant needs allow: true or a mask'),
]);
export type GrantSpec = z.infer<typeof grantSchema>;

/**
 * Who may write a field: a role of the department (departments.yaml), for a purpose (the grant's, else
 * the type's `writes.purposes`), directly or by submitting a change request that the owner reviews
 * (`via: collection`); `review: after` lets a collected change apply at once and be reviewed later.
 */
export const writeGrantSchema = z
  .object({
    roles: z.array(z.enum(ROLE_NAMES)).min(1),
    purposes: z.array(slug).min(1).optional(),
    via: z.enum(['direct', 'collection']).default('direct'),
    review: z.enum(['required', 'after']).optional(),
    /** The law or document that entitles the department to keep this register (shown in the matrix). */
    basis: z.string().min(1).optional(),
  })
  .strict()
  .refine((g) => g.review === undefined || g.via === 'collection', 'review applies only to via: collection');
export type WriteGrant = z.infer<typeof writeGrantSchema>;

/** Grants by department, as a field's `grants:` or a named set of them at the top of a file. */
const grantsByDepartment = z.record(slug, grantSchema);
const writesByDepartment = z.record(slug, writeGrantSchema);
/** A field names a set of the file's `grantSets` / `writeSets` instead of repeating it. */
const setName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must name a set of the file (a lower-case slug)');

const coordinate = z.string().regex(/^[A-Z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$/, 'must be a schema coordinate Type.field');

export const fieldPolicySchema = z
  .object({
    class: z.enum(['unconditional', 'conditional', 'not-shared']),
    sensitivity: z.enum(['public', 'internal', 'personal', 'sensitive', 'aggregate']).optional(),
    grants: z.union([setName, grantsByDepartment]).optional(),
    /** Granted to every department that may see rows of this type. */
    rowsOf: z.string().optional(),
    /** Arguments of this field filter on these coordinates: reading them raw is required. */
    reads: z.array(coordinate).optional(),
    /**
     * Optional arguments that filter the rows a list returns, each on the field it compares: a
     * request using one reads that field unmasked (of every row it tests), so it is decided like
     * `reads`, per request, for the arguments given.
     */
    filters: z.record(z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'must be an argument name'), coordinate).optional(),
    /**
     * The most items this list field returns (the subgraph cuts it there): what a request's worst
     * case for the daily quotas is computed from. Lists paged by `first` need none.
     */
    maxItems: z.number().int().min(1).optional(),
    /** Who may change the stored value, by department (see writeGrantSchema). */
    write: z.union([setName, writesByDepartment]).optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.class === 'conditional' && !f.grants && !f.rowsOf) {
      ctx.addIssue({ code: 'custom', message: 'a conditional field needs grants or rowsOf' });
    }
    if (f.class !== 'conditional' && (f.grants || f.rowsOf)) {
      ctx.addIssue({ code: 'custom', message: `a ${f.class} field takes no grants` });
    }
  });
/** A field's policy as written: grants and writes may name a set of the file. */
export type WrittenFieldPolicy = z.infer<typeof fieldPolicySchema>;
/** A field's policy once loaded: every set name replaced by the set. */
export type FieldPolicy = Omit<WrittenFieldPolicy, 'grants' | 'write'> & {
  grants?: Record<string, GrantSpec>;
  write?: Record<string, WriteGrant>;
};

// No grant reaches past the caller's jurisdiction (a city-level caller's jurisdiction is the city):
// `jurisdiction` or nothing.
const rowGrant = z.enum(['jurisdiction', 'none']);
export const rowsSchema = z.union([
  z.literal('unrestricted'),
  z
    .object({
      scope: z.literal('grid'),
      /** The row's property holding its grid code (hierarchical, so jurisdiction is a prefix match). */
      field: z.string().min(1),
      default: rowGrant.default('none'),
      grants: z.record(slug, rowGrant).optional(),
    })
    .strict(),
]);
export type RowsPolicy = z.infer<typeof rowsSchema>;

const componentName = z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'must be a camelCase component name');

/**
 * What a masked value is made of, and what each field shows of it, so the compiler can tell what a
 * department can rebuild (inference.ts). Components are named once per file and shared between the
 * values that contain them (the birth year is part of the birth date and of the ID number).
 */
export const inferenceSchema = z
  .object({
    /** Fewest candidates a masked value may be narrowed to, unless the value states its own minimum. */
    minCandidates: z.number().int().min(2),
    values: z.record(
      coordinate,
      z
        .object({
          minCandidates: z.number().int().min(2).optional(),
          /** Each component's number of possible values; `{ check: m }` is a check character over the others (shown, it keeps 1 in m). */
          components: z.record(componentName, z.union([z.number().int().min(2), z.object({ check: z.number().int().min(2) }).strict()])),
        })
        .strict(),
    ),
    /**
     * By coordinate and by how a department gets it (`allow` or a mask): the components it shows,
     * as a list (each known exactly) or a map to the candidates that remain (a band of years, say).
     */
    reveals: z.record(
      coordinate,
      z.partialRecord(
        z.union([z.literal('allow'), z.enum(MASK_NAMES)]),
        z.union([z.array(componentName).min(1), z.record(componentName, z.number().int().min(1))]),
      ),
    ),
  })
  .strict();
export type Inference = z.infer<typeof inferenceSchema>;

export const policyFileSchema = z
  .object({
    subgraph: slug,
    owner: slug,
    inference: inferenceSchema.optional(),
    /** Named grant sets, defined once at the top and named by fields (`grants: <set>`). */
    grantSets: z.record(setName, grantsByDepartment).optional(),
    /** Named write-grant sets, named by fields (`write: <set>`). */
    writeSets: z.record(setName, writesByDepartment).optional(),
    types: z.record(
      z.string(),
      z
        .object({
          rows: rowsSchema,
          /** Personal records of this type are reported to the audit trail by this key (and subject). */
          audit: z
            .object({ key: z.string().min(1), subject: z.string().min(1).optional() })
            .strict()
            .optional(),
          /**
           * Writes of this type: the purposes a write may be made for (unless a grant names its own),
           * and, for writable fields stored under another name, the Prisma model field holding them.
           */
          writes: z
            .object({ purposes: z.array(slug).min(1), stored: z.record(z.string(), z.string()).optional() })
            .strict()
            .optional(),
          /**
           * `unconditional`: every field of the type in the SDL that `fields` does not list is
           * unconditional. Only for plumbing (pages, edges, payloads): a type with rows scoped to a
           * grid or audited records may not take it, so a personal field added to a record type
           * is never shared by default (the loader refuses).
           */
          default: z.literal('unconditional').optional(),
          fields: z.record(z.string(), fieldPolicySchema).default({}),
        })
        .strict()
        .refine((t) => t.default === undefined || (t.rows === 'unrestricted' && t.audit === undefined), {
          message: 'default: unconditional is for plumbing types only (rows: unrestricted, no audit key)',
        }),
    ),
  })
  .strict();
/** A policy file as written (what editors validate against: access-policies/schema/policy.schema.json). */
export type WrittenPolicyFile = z.infer<typeof policyFileSchema>;
type WrittenTypePolicy = WrittenPolicyFile['types'][string];
export type TypePolicy = Omit<WrittenTypePolicy, 'fields' | 'default'> & { fields: Record<string, FieldPolicy> };
/** A policy file once loaded (runtime/load.ts): sets resolved, type defaults expanded against the SDL. */
export type PolicyFile = Omit<WrittenPolicyFile, 'types' | 'grantSets' | 'writeSets'> & { types: Record<string, TypePolicy> };

export interface Policies {
  departments: Map<string, Department>;
  /** Policy files by subgraph name. */
  subgraphs: Map<string, PolicyFile>;
}
