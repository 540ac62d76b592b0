import { DocumentNode, FragmentDefinitionNode, Kind, OperationDefinitionNode, SelectionSetNode } from 'graphql';

const SCHEMA_FIELDS = new Set(['__schema', '__type']);

/**
 * Whether an operation asks for the schema: `only` when every root field is `__schema`, `__type` or
 * `__typename` (aliased or reached through fragments), `mixed` when schema and data fields share it.
 * Validation has already placed these fields on the query root, the only type that has them.
 */
export function introspectionUse(document: DocumentNode, operation: OperationDefinitionNode): 'none' | 'only' | 'mixed' {
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  let schema = false;
  let data = false;
  const visit = (selectionSet: SelectionSetNode, seen: Set<string>) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (SCHEMA_FIELDS.has(selection.name.value)) schema = true;
        else if (selection.name.value !== '__typename') data = true;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, seen);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (fragment && !seen.has(name)) visit(fragment.selectionSet, new Set([...seen, name]));
      }
    }
  };
  visit(operation.selectionSet, new Set());
  if (!schema) return 'none';
  return data || operation.operation !== 'query' ? 'mixed' : 'only';
}
