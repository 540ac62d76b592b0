import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLField,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLOutputType,
  GraphQLSchema,
  isAbstractType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  valueFromAST,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import type { Policies } from '../../../access-policies/runtime/model';
import { MAX_PAGE_SIZE } from '../../../platform/wire-contract';

/** The sensitivities a daily quota can be set for (departments.yaml). */
export const QUOTA_SENSITIVITIES = ['personal', 'sensitive'] as const;
export type QuotaSensitivity = (typeof QUOTA_SENSITIVITIES)[number];
export type QuotaAmounts = Record<QuotaSensitivity, number>;

/** What the worst case needs of the policies: audited types, their fields' sensitivities, list bounds. */
export interface WorstCaseModel {
  /** Audited type → field → sensitivity, as the subgraph that reports the type's records declares it. */
  audited: Map<string, Map<string, string | undefined>>;
  /** Type.field → declared maximum of a list. */
  maxItems: Map<string, number>;
  /** Type.field → filter argument → the sensitivity of the field it filters on (audited types only). */
  filters: Map<string, Map<string, string>>;
}

export function worstCaseModel(policies: Policies): WorstCaseModel {
  const audited = new Map<string, Map<string, string | undefined>>();
  const maxItems = new Map<string, number>();
  const filters = new Map<string, Map<string, string>>();
  for (const file of policies.subgraphs.values()) {
    for (const [typeName, type] of Object.entries(file.types)) {
      if (type.audit) {
        const fields = audited.get(typeName) ?? new Map<string, string | undefined>();
        for (const [fieldName, field] of Object.entries(type.fields)) fields.set(fieldName, field.sensitivity);
        audited.set(typeName, fields);
      }
      for (const [fieldName, field] of Object.entries(type.fields)) {
        const coordinate = `${typeName}.${fieldName}`;
        if (field.maxItems !== undefined) maxItems.set(coordinate, Math.max(field.maxItems, maxItems.get(coordinate) ?? 0));
        for (const [argument, read] of Object.entries(field.filters ?? {})) {
          const [readType, readField] = read.split('.');
          const sensitivity = file.types[readType]?.audit ? file.types[readType]?.fields[readField]?.sensitivity : undefined;
          if (!sensitivity) continue;
          const byArgument = filters.get(coordinate) ?? new Map<string, string>();
          byArgument.set(argument, sensitivity);
          filters.set(coordinate, byArgument);
        }
      }
    }
  }
  return { audited, maxItems, filters };
}

/**
 * The most records of each quota sensitivity an operation can read, before it runs: a record counts
 * when a field of that sensitivity is read on it (the audit's own rule), and every place an audited
 * type can appear in the answer counts as many times as the lists above it can hold. A list is
 * bounded by `first` (connections: their edges), or by its declared `maxItems`; a list with neither
 * is unbounded, and a request that could read records under it reserves Infinity (refused). Distinct
 * records are never more than the places they can appear in, so the count is sound.
 */
export function worstCase(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  model: WorstCaseModel,
): QuotaAmounts {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const total: QuotaAmounts = { personal: 0, sensitive: 0 };
  // Variables as execution will see them (the operation's defaults applied); unusable ones make
  // every `first` they feed count as the largest page.
  const coercion = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  const coerced: Record<string, unknown> | undefined = coercion.coerced;

  const collect = (type: GraphQLObjectType, selectionSet: SelectionSetNode, into: FieldNode[], seen = new Set<string>()): FieldNode[] => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) into.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(schema, type, selection.typeCondition?.name.value)) collect(type, selection.selectionSet, into, seen);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        seen.add(fragment.name.value);
        if (applies(schema, type, fragment.typeCondition.name.value)) collect(type, fragment.selectionSet, into, seen);
      }
    }
    return into;
  };

  const visit = (named: GraphQLNamedType, selectionSet: SelectionSetNode, times: number, page: number | undefined): void => {
    const types = isObjectType(named) ? [named] : isAbstractType(named) ? schema.getPossibleTypes(named) : [];
    for (const type of types) {
      const sensitivities = new Set<string>();
      const audited = model.audited.get(type.name);
      for (const node of collect(type, selectionSet, [])) {
        const name = node.name.value;
        if (name.startsWith('__')) continue;
        const field = type.getFields()[name];
        if (!field) continue;
        const sensitivity = audited?.get(name);
        if (sensitivity) sensitivities.add(sensitivity);
        if (!node.selectionSet) continue;
        const first = firstArgument(field, node, coerced);
        // A filter reads its field on every row the list returns: at most a page of them.
        for (const sensitivity of filterSensitivities(model.filters.get(`${type.name}.${name}`), node, coerced)) {
          if (sensitivity in total) total[sensitivity as QuotaSensitivity] += times * Math.min(first ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
        }
        const bound = listBound(field.type, first ?? page, model.maxItems.get(`${type.name}.${name}`));
        visit(namedTypeOf(field.type), node.selectionSet, times * bound, first);
      }
      for (const sensitivity of QUOTA_SENSITIVITIES) if (sensitivities.has(sensitivity)) total[sensitivity] += times;
    }
  };

  const root = schema.getRootType(operation.operation);
  if (root) visit(root, operation.selectionSet, 1, undefined);
  return total;
}

/**
 * The sensitivities of the filters a field node uses: an argument counts unless it is a literal null
 * or a variable known to be null or absent (variables that could not be read count as given).
 */
function filterSensitivities(filters: Map<string, string> | undefined, node: FieldNode, variables: Record<string, unknown> | undefined): Set<string> {
  const found = new Set<string>();
  for (const argument of node.arguments ?? []) {
    const sensitivity = filters?.get(argument.name.value);
    if (!sensitivity || argument.value.kind === Kind.NULL) continue;
    if (argument.value.kind === Kind.VARIABLE && variables !== undefined && (variables[argument.value.name.value] ?? null) === null) continue;
    found.add(sensitivity);
  }
  return found;
}

function applies(schema: GraphQLSchema, type: GraphQLObjectType, condition: string | undefined): boolean {
  if (!condition || condition === type.name) return true;
  const conditionType = schema.getType(condition);
  return conditionType !== undefined && isAbstractType(conditionType) && schema.isSubType(conditionType, type);
}

function namedTypeOf(type: GraphQLOutputType): GraphQLNamedType {
  let current: GraphQLOutputType = type;
  while (isNonNullType(current) || isListType(current)) current = current.ofType;
  return current;
}

/** Each list level multiplies by its bound: `first` where the field pages, else the declared maximum. */
function listBound(type: GraphQLOutputType, page: number | undefined, maxItems: number | undefined): number {
  let bound = 1;
  let current: GraphQLOutputType = type;
  while (isNonNullType(current) || isListType(current)) {
    if (isListType(current)) bound *= Math.min(page ?? Infinity, maxItems ?? Infinity);
    current = current.ofType;
  }
  return bound;
}

/**
 * The page size a field asks for: its `first` argument (a literal, a variable, or the schema's
 * default), never more than the largest page a list returns. Absent or unreadable, the largest.
 */
function firstArgument(field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown> | undefined): number | undefined {
  const definition = field.args.find((a) => a.name === 'first');
  if (!definition) return undefined;
  const argument = node.arguments?.find((a) => a.name.value === 'first');
  let value: unknown = definition.defaultValue;
  if (argument?.value.kind === Kind.VARIABLE) {
    const name = argument.value.name.value;
    value = variables === undefined ? undefined : name in variables ? variables[name] : definition.defaultValue;
  } else if (argument) {
    value = valueFromAST(argument.value, definition.type, variables ?? {});
  }
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? Math.min(value, MAX_PAGE_SIZE) : MAX_PAGE_SIZE;
}
