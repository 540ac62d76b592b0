import { Kind, parse, type DefinitionNode, type FieldDefinitionNode, type InputValueDefinitionNode, type StringValueNode } from 'graphql';
import { readSubgraphSdl } from '../platform/subgraph-sdl';
import { SUBGRAPHS } from '../platform/services';

/**
 * Schema coordinates (Type, Type.field, Type.field(arg:), Enum.VALUE) of an SDL that carry no
 * description. Departments' developers read the schema through introspection and the explorer, so
 * an undocumented element is a defect `npm run check` refuses. Federation's own machinery
 * (`_service`, `_entities`, `_Any`, link and federation directives) is added by @apollo/subgraph and
 * never appears in a subgraph's file; the `extend schema @link(...)` line carries no description.
 * A type extension cannot hold a description in SDL, so only its fields are required.
 */
export function missingDescriptions(sdl: string): string[] {
  const missing: string[] = [];
  for (const definition of parse(sdl, { noLocation: true }).definitions) missing.push(...undescribedIn(definition));
  return missing;
}

function undescribedIn(definition: DefinitionNode): string[] {
  const missing: string[] = [];
  const need = (coordinate: string, description: StringValueNode | undefined): void => {
    if (!description?.value.trim()) missing.push(coordinate);
  };
  const fields = (type: string, list: readonly FieldDefinitionNode[] | undefined): void => {
    for (const field of list ?? []) {
      if (field.name.value.startsWith('_')) continue;
      need(`${type}.${field.name.value}`, field.description);
      inputValues(`${type}.${field.name.value}`, field.arguments, true);
    }
  };
  const inputValues = (owner: string, list: readonly InputValueDefinitionNode[] | undefined, areArguments: boolean): void => {
    for (const value of list ?? []) need(areArguments ? `${owner}(${value.name.value}:)` : `${owner}.${value.name.value}`, value.description);
  };
  switch (definition.kind) {
    case Kind.OBJECT_TYPE_DEFINITION:
    case Kind.INTERFACE_TYPE_DEFINITION:
      need(definition.name.value, definition.description);
      fields(definition.name.value, definition.fields);
      break;
    case Kind.OBJECT_TYPE_EXTENSION:
    case Kind.INTERFACE_TYPE_EXTENSION:
      fields(definition.name.value, definition.fields);
      break;
    case Kind.INPUT_OBJECT_TYPE_DEFINITION:
      need(definition.name.value, definition.description);
      inputValues(definition.name.value, definition.fields, false);
      break;
    case Kind.INPUT_OBJECT_TYPE_EXTENSION:
      inputValues(definition.name.value, definition.fields, false);
      break;
    case Kind.ENUM_TYPE_DEFINITION:
      need(definition.name.value, definition.description);
      for (const value of definition.values ?? []) need(`${definition.name.value}.${value.name.value}`, value.description);
      break;
    case Kind.ENUM_TYPE_EXTENSION:
      for (const value of definition.values ?? []) need(`${definition.name.value}.${value.name.value}`, value.description);
      break;
    case Kind.UNION_TYPE_DEFINITION:
    case Kind.SCALAR_TYPE_DEFINITION:
      need(definition.name.value, definition.description);
      break;
    case Kind.DIRECTIVE_DEFINITION:
      need(`@${definition.name.value}`, definition.description);
      inputValues(`@${definition.name.value}`, definition.arguments, true);
      break;
    default:
      break;
  }
  return missing;
}

/** Every subgraph's undescribed coordinates, as `subgraph: Coordinate` lines. */
export function missingSubgraphDescriptions(): string[] {
  return SUBGRAPHS.flatMap((s) => missingDescriptions(readSubgraphSdl(s.name)).map((c) => `${s.name}: ${c}`));
}
