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
  const document = parseQuietly(source);
  const chosen = operation ?? chooseOperation(document, operationName);
  if (!chosen) return [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document?.definitions ?? []) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const typeName = schema?.getRootType(chosen.operation)?.name ?? DEFAULT_ROOTS[chosen.operation];
  const names = new Set<string>();
  collect(chosen.selectionSet, fragments, new Set(), names);
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

function collect(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, visited: Set<string>, names: Set<string>): void {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== '__typename') names.add(selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collect(selection.selectionSet, fragments, visited, names);
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      // A fragment spread twice (or in a cycle validation would refuse) is followed once.
      if (!fragment || visited.has(name)) continue;
      visited.add(name);
      collect(fragment.selectionSet, fragments, visited, names);
    }
  }
}
