import { buildASTSchema, DefinitionNode, DocumentNode, FieldDefinitionNode, Kind, lexicographicSortSchema, parse, printSchema, TypeNode, visit } from 'graphql';
import { Supergraph } from '@apollo/federation-internals';
import { bestDecision } from '../runtime/decide';
import { MASK_DESCRIPTIONS } from '../runtime/masks';
import type { Policies } from '../runtime/model';

/** The API schema clients see (no federation machinery), from the supergraph. */
export function apiSchemaSdl(supergraphSdl: string): string {
  return printSchema(Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema());
}

/** Whether a department can read a supergraph field through any subgraph that serves it. */
export function visibleTo(policies: Policies, department: string, typeName: string, fieldName: string): boolean {
  for (const [subgraph, file] of policies.subgraphs) {
    if (!file.types[typeName]?.fields[fieldName]) continue;
    if (bestDecision(policies, subgraph, `${typeName}.${fieldName}`, department).effect !== 'deny') return true;
  }
  return false;
}

/**
 * What the policy does to a field for one department, in words for its description, or undefined
 * when the field is simply there: masked (and what the mask leaves), or only with certain purposes.
 */
export function policyNote(policies: Policies, department: string, typeName: string, fieldName: string): string | undefined {
  for (const [subgraph, file] of policies.subgraphs) {
    if (!file.types[typeName]?.fields[fieldName]) continue;
    const decision = bestDecision(policies, subgraph, `${typeName}.${fieldName}`, department);
    if (decision.effect === 'deny') continue;
    const notes = [
      ...(decision.effect === 'mask' ? [`masked: ${MASK_DESCRIPTIONS[decision.mask]}`] : []),
      ...(decision.purposes ? [`needs purpose (X-Purpose): ${decision.purposes.join(' or ')}`] : []),
    ];
    return notes.length > 0 ? `Policy for ${department}: ${notes.join('; ')}.` : undefined;
  }
  return undefined;
}

function withNote(field: FieldDefinitionNode, note: string | undefined): FieldDefinitionNode {
  if (!note) return field;
  const text = field.description?.value ? `${field.description.value}\n\n${note}` : note;
  return { ...field, description: { kind: Kind.STRING, value: text, block: true } };
}

/**
 * A department's contract: the API schema with every field it can never read removed (masked and
 * purpose-bound fields stay, their descriptions saying what the policy does to them for this
 * department), then every type left empty or unreachable removed, repeatedly.
 */
export function contractSdl(policies: Policies, apiSdl: string, department: string): string {
  let document = parse(apiSdl);
  document = {
    ...document,
    definitions: document.definitions.map((d) =>
      d.kind === Kind.OBJECT_TYPE_DEFINITION
        ? {
            ...d,
            fields: d.fields
              ?.filter((f) => visibleTo(policies, department, d.name.value, f.name.value))
              .map((f) => withNote(f, policyNote(policies, department, d.name.value, f.name.value))),
          }
        : d,
    ),
  };
  for (;;) {
    const before = document.definitions.length;
    const empty = new Set(document.definitions.filter((d) => d.kind === Kind.OBJECT_TYPE_DEFINITION && (d.fields?.length ?? 0) === 0).map((d) => nameOf(d)));
    document = dropFieldsReturning(document, empty);
    document = { ...document, definitions: document.definitions.filter((d) => !empty.has(nameOf(d))) };
    document = keepReachable(document);
    if (document.definitions.length === before && empty.size === 0) break;
  }
  return printSchema(lexicographicSortSchema(buildASTSchema(document)));
}

function nameOf(definition: DefinitionNode): string | undefined {
  return 'name' in definition && definition.name ? definition.name.value : undefined;
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

function dropFieldsReturning(document: DocumentNode, removed: Set<string | undefined>): DocumentNode {
  return visit(document, {
    FieldDefinition: (field: FieldDefinitionNode) => (removed.has(namedType(field.type)) ? null : undefined),
  });
}

function keepReachable(document: DocumentNode): DocumentNode {
  const byName = new Map(document.definitions.map((d) => [nameOf(d), d]));
  const reachable = new Set<string>();
  const visitType = (name: string) => {
    if (reachable.has(name) || !byName.has(name)) return;
    reachable.add(name);
    const definition = byName.get(name)!;
    visit(definition, {
      NamedType: (node) => {
        visitType(node.name.value);
      },
    });
  };
  for (const root of ['Query', 'Mutation']) visitType(root);
  return {
    ...document,
    definitions: document.definitions.filter((d) => {
      const name = nameOf(d);
      return d.kind === Kind.DIRECTIVE_DEFINITION || d.kind === Kind.SCHEMA_DEFINITION || (name !== undefined && reachable.has(name));
    }),
  };
}
