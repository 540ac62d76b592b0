import { GraphQLSchema, Kind, OperationDefinitionNode, parse, SelectionSetNode, FragmentDefinitionNode, DocumentNode } from 'graphql';
import { MAX_TOKENS } from '../plugins/limits';

const DEFAULT_ROOTS = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' } as const;

/**
 * The root fields an operation asked for, as coordinates (Mutation.changeHouse): for a write, the
 * step it was; for a refusal, what was asked. Aliases are resolved to the field, fragments followed.
 * A refused operation may have no parsed operation (validation failed): its source is parsed again,
 * within the gateway's own token limit, and an unparsable one names no root field.
 */
export function rootFields(
  source: string | null,
  operation: OperationDefinitionNode | undefined,
  operationName: string | null,
  schema: GraphQLSchema | undefined,
): string[] {
  const known = operation ? remembered.get(operation) : undefined;
  if (known && known.schema === schema) return known.fields;
  const fields = Object.freeze(workOut(source, operation, operationName, schema)) as string[];
  if (operation) remembered.set(operation, { schema, fields });
  return fields;
}

/**
 * Both the audit record and the metrics ask for each operation's root fields, and Apollo hands every
 * request of the same text the same parsed document: worked out once per parsed operation (frozen,
 * since callers share it), and forgotten with it.
 */
const remembered = new WeakMap<OperationDefinitionNode, { schema: GraphQLSchema | undefined; fields: string[] }>();

function workOut(
  source: string | null,
  operation: OperationDefinitionNode | undefined,
  operationName: string | null,
  schema: GraphQLSchema | undefined,
): string[] {
  // The parsed operation is there for every operation that validated: the source is parsed again only
  // for a refusal without one, or to follow a fragment spread (the hot path usually has neither).
  let document: DocumentNode | undefined;
  let parsed = false;
  const parsedDocument = () => {
    if (!parsed) {
      document = parseQuietly(source);
      parsed = true;
    }
    return document;
  };
  const chosen = operation ?? chooseOperation(parsedDocument(), operationName);
  if (!chosen) return [];
  let fragments: Map<string, FragmentDefinitionNode> | undefined;
  const fragment = (name: string) => {
    fragments ??= new Map(
      (parsedDocument()?.definitions ?? []).filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
    );
    return fragments.get(name);
  };
  const typeName = schema?.getRootType(chosen.operation)?.name ?? DEFAULT_ROOTS[chosen.operation];
  const names = new Set<string>();
  collect(chosen.selectionSet, fragment, new Set(), names);
  return [...names].sort().map((name) => `${typeName}.${name}`);
}

function parseQuietly(source: string | null): DocumentNode | undefined {
  if (!source) return undefined;
  try {
    return parse(source, { maxTokens: MAX_TOKENS, noLocation: true });
  } catch {
    return undefined;
  }
}

function chooseOperation(document: DocumentNode | undefined, operationName: string | null): OperationDefinitionNode | undefined {
  const operations = (document?.definitions ?? []).filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName) return operations.find((o) => o.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

function collect(set: SelectionSetNode, fragmentNamed: (name: string) => FragmentDefinitionNode | undefined, visited: Set<string>, names: Set<string>): void {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== '__typename') names.add(selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collect(selection.selectionSet, fragmentNamed, visited, names);
    } else {
      const name = selection.name.value;
      const fragment = fragmentNamed(name);
      // A fragment spread twice (or in a cycle validation would refuse) is followed once.
      if (!fragment || visited.has(name)) continue;
      visited.add(name);
      collect(fragment.selectionSet, fragmentNamed, visited, names);
    }
  }
}
