import {
  defaultFieldResolver,
  getNamedType,
  GraphQLFieldResolver,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLOutputType,
  GraphQLSchema,
  isObjectType,
  parse,
} from 'graphql';
import { allow, deny, rule, shield } from 'graphql-shield';
import { applyMiddleware } from 'graphql-middleware';
import { PolicyError } from './load';
import { MASKS } from './masks';
import { readSubgraphSdl } from '../../platform/subgraph-sdl';
import { policySchemaProblems } from './schema-coverage';
import type { Policies, PolicyFile } from './model';
import { forbidden, RequestAccess } from './request-access';

interface AccessContext {
  access: RequestAccess;
}

const FEDERATION_FIELDS: Record<string, string[]> = { Query: ['_service', '_entities'], _Service: ['sdl'] };

/**
 * Wraps a subgraph's schema with its policy file:
 * 1. graphql-shield, deny by default: one rule per field coordinate asking `decide`; the decision
 *    depends only on the caller, so rules are cached per request ('contextual').
 * 2. masks, applied to the value the resolver produced, after shield allowed the field.
 * 3. row gates: every entity reference and every field returning a row-scoped type checks each row
 *    it returns (never cached across rows): single rows outside the jurisdiction become null with
 *    FORBIDDEN, lists are filtered. Paginated lists filter in SQL (RequestAccess.rowPrefixes), and
 *    these gates are the backstop that no resolver can forget.
 * 4. filter guards: a list argument that filters on a field (`filters`) is refused FORBIDDEN, before
 *    anything is read, unless the caller may read that field unmasked; the rows that pass are then
 *    on the audit trail as raw reads of it, because their being returned tells its value.
 * 5. list caps: a list field with `maxItems` never returns more, because the gateway reserves a
 *    request's daily quota from those bounds before it runs.
 */
export function enforcePolicy(schema: GraphQLSchema, subgraph: string, policies: Policies): GraphQLSchema {
  const file = policies.subgraphs.get(subgraph);
  if (!file) throw new PolicyError(`no policy file for subgraph ${subgraph}`);
  // Serving with a policy that does not cover the schema would guess; refuse to start instead. (The
  // inference check needs the compiler: the runner runs the whole validation before starting anything.)
  const problems = policySchemaProblems(policies, subgraph, file, parse(readSubgraphSdl(subgraph)));
  if (problems.length > 0) throw new PolicyError(`access policy for ${subgraph} is invalid:\n${problems.join('\n')}`);
  const shielded = applyMiddleware(
    schema,
    shield(shieldRules(schema, file), {
      fallbackRule: deny,
      allowExternalErrors: true,
      fallbackError: () => forbidden('NOT_SHARED', 'this field has no policy and is denied'),
    }),
  );
  for (const type of Object.values(shielded.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const typePolicy = file.types[type.name];
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      const fieldPolicy = typePolicy?.fields[field.name];
      const masked = Object.values(fieldPolicy?.grants ?? {}).some((g) => typeof g === 'object' && g.mask);
      const audited = Boolean(typePolicy?.audit && fieldPolicy);
      if (masked || audited) field.resolve = withMaskAndRecord(field.resolve ?? defaultFieldResolver, type.name, coordinate, audited);
      const rowType = rowScopedType(file, field.type);
      if (rowType) field.resolve = withRowGate(field.resolve ?? defaultFieldResolver, rowType, file, field.type);
      if (fieldPolicy?.filters) field.resolve = withFilterGuard(field.resolve ?? defaultFieldResolver, coordinate, file, fieldPolicy.filters);
      if (fieldPolicy?.maxItems !== undefined) field.resolve = withListCap(field.resolve ?? defaultFieldResolver, coordinate, fieldPolicy.maxItems);
    }
    const rows = typePolicy?.rows;
    if (rows && rows !== 'unrestricted') gateEntityReferences(type, rows.field);
  }
  return shielded;
}

type ReferenceResolver = (reference: Record<string, unknown>, context: AccessContext, info: unknown) => unknown;

/**
 * Every `_entities` representation of a row-scoped type is checked on the row it resolves to, one by
 * one, so a batch mixing jurisdictions yields the visible rows and a FORBIDDEN null for the others.
 * @apollo/subgraph keeps `__resolveReference` in the type's extensions; a type without one would
 * echo the representation, which is checked the same way.
 */
function gateEntityReferences(type: GraphQLObjectType, gridField: string): void {
  const extensions = type.extensions as { apollo?: { subgraph?: { resolveReference?: ReferenceResolver } } };
  const apollo = (extensions.apollo ??= {});
  const subgraph = (apollo.subgraph ??= {});
  const resolveReference: ReferenceResolver = subgraph.resolveReference ?? ((reference) => reference);
  subgraph.resolveReference = async (reference, context, info) => {
    const row = await resolveReference(reference, context, info);
    if (row) context.access.assertVisible(type.name, (row as Record<string, unknown>)[gridField], row as Record<string, unknown>);
    return row;
  };
}

function shieldRules(schema: GraphQLSchema, file: PolicyFile) {
  const rules: Record<string, Record<string, unknown>> = {};
  for (const [typeName, fields] of Object.entries(FEDERATION_FIELDS)) {
    // A subgraph without entities has no _entities field; shield refuses rules for missing fields.
    const type = schema.getType(typeName);
    const present = isObjectType(type) ? fields.filter((f) => type.getFields()[f]) : [];
    rules[typeName] = Object.fromEntries(present.map((f) => [f, allow]));
  }
  for (const [typeName, type] of Object.entries(file.types)) {
    rules[typeName] ??= {};
    for (const fieldName of Object.keys(type.fields)) {
      const coordinate = `${typeName}.${fieldName}`;
      rules[typeName][fieldName] = rule(coordinate, { cache: 'contextual' })((_parent, _args, context: AccessContext) => {
        const decision = context.access.field(coordinate);
        return decision.effect === 'deny' ? forbidden(decision.reason, decision.detail, coordinate) : true;
      });
    }
  }
  // What validation leaves without a policy is what this subgraph does not serve as data: the keys
  // of entity stubs, which only point at a record another subgraph owns (the field that returned
  // the stub was itself decided above).
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('_')) continue;
    rules[type.name] ??= {};
    for (const fieldName of Object.keys(type.getFields())) rules[type.name][fieldName] ??= allow;
  }
  return rules as never;
}

type Resolver = GraphQLFieldResolver<unknown, AccessContext>;

/**
 * Applies the caller's mask to what the resolver produced (shield has already refused denied
 * fields, returning their error as the value) and notes the outcome for the audit trail.
 */
function withMaskAndRecord(resolve: Resolver, typeName: string, coordinate: string, audited: boolean): Resolver {
  return async (parent, args, context: AccessContext, info) => {
    const value = await resolve(parent, args, context, info);
    if (value instanceof Error) {
      if (audited) context.access.record(typeName, parent as Record<string, unknown>, coordinate, 'denied');
      return value;
    }
    const decision = context.access.field(coordinate);
    const masked = decision.effect === 'mask';
    if (audited && value !== null && value !== undefined) {
      context.access.record(typeName, parent as Record<string, unknown>, coordinate, masked ? 'masked' : 'raw');
    }
    return masked ? MASKS[decision.mask](value) : value;
  };
}

function rowScopedType(file: PolicyFile, type: GraphQLOutputType): string | undefined {
  const named = getNamedType(type);
  const rows = file.types[named.name]?.rows;
  return rows && rows !== 'unrestricted' ? named.name : undefined;
}

function withRowGate(resolve: Resolver, typeName: string, file: PolicyFile, type: GraphQLOutputType): Resolver {
  const rows = file.types[typeName].rows as { field: string };
  const isList = (type instanceof GraphQLNonNull ? type.ofType : type) instanceof GraphQLList;
  return async (parent, args, context: AccessContext, info) => {
    const value = await resolve(parent, args, context, info);
    if (value === null || value === undefined) return value;
    if (isList) return (value as Record<string, unknown>[]).filter((row) => row && context.access.visible(typeName, row[rows.field]));
    context.access.assertVisible(typeName, (value as Record<string, unknown>)[rows.field], value as Record<string, unknown>);
    return value;
  };
}

function withFilterGuard(resolve: Resolver, coordinate: string, file: PolicyFile, filters: Record<string, string>): Resolver {
  return async (parent, args, context: AccessContext, info) => {
    const given = Object.keys(filters).filter((argument) => args[argument] !== undefined && args[argument] !== null);
    // A field the caller may not read at all is refused by its own rule, which says so plainly.
    if (given.length === 0 || context.access.field(coordinate).effect === 'deny') return resolve(parent, args, context, info);
    for (const argument of given) {
      const decision = context.access.filter(coordinate, argument);
      if (decision.effect !== 'allow') {
        const reason = decision.effect === 'deny' ? decision.reason : 'NOT_SHARED';
        const detail = decision.effect === 'deny' ? decision.detail : `filter ${argument} of ${coordinate} needs ${filters[argument]} unmasked`;
        const error = forbidden(reason, detail, coordinate);
        Object.assign(error.extensions, { argument, field: filters[argument] });
        throw error;
      }
    }
    const value = await resolve(parent, args, context, info);
    for (const read of new Set(given.map((argument) => filters[argument]))) {
      const typeName = read.split('.')[0];
      if (!file.types[typeName]?.audit) continue;
      for (const row of rowsOf(value)) context.access.record(typeName, row, read, 'raw');
    }
    return value;
  };
}

/** The rows a list field returned: a plain list, or a connection's nodes. */
function rowsOf(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.filter((row) => row && typeof row === 'object');
  const edges = (value as { edges?: { node?: Record<string, unknown> }[] } | null)?.edges;
  return Array.isArray(edges) ? edges.flatMap((e) => (e?.node ? [e.node] : [])) : [];
}

/**
 * Cuts a list at its declared bound. The bound is what the gateway's quota reservation counts on,
 * so going past it would let a request read more than it reserved; data beyond a bound chosen well
 * above any real house, building or grid is an anomaly, logged for the data owner.
 */
function withListCap(resolve: Resolver, coordinate: string, maxItems: number): Resolver {
  return async (parent, args, context: AccessContext & { logger?: { warn(o: object, m: string): void }; requestId?: string }, info) => {
    const value = await resolve(parent, args, context, info);
    if (!Array.isArray(value) || value.length <= maxItems) return value;
    context.logger?.warn(
      { event: 'policy.list_capped', coordinate, maxItems, length: value.length, requestId: context.requestId },
      `${coordinate} cut at its declared maximum`,
    );
    return value.slice(0, maxItems);
  };
}
