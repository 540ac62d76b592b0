import { DocumentNode, FieldDefinitionNode, Kind, TypeNode } from 'graphql';
import { MASK_NAMES, Policies, PolicyFile } from './model';

/*
 * What a policy file must say about the schema its subgraph serves: every served field has a
 * sharing class, masks fit their fields, names are known. Checked by the compiler with everything
 * else, and by every subgraph as it starts (enforce.ts), so a policy edited without `compose` never
 * serves a schema it does not cover.
 */

export interface SubgraphField {
  typeName: string;
  field: FieldDefinitionNode;
}

const STRING_MASKS = new Set<string>(MASK_NAMES.filter((m) => m !== 'welfare-tags'));

/**
 * The fields a subgraph resolves itself and so must have a policy for: its own fields, plus
 * @external fields it @provides on some path; not the keys of `resolvable: false` stubs.
 */
export function servedFields(sdl: DocumentNode): SubgraphField[] {
  const provided = providedFields(sdl);
  const fields: SubgraphField[] = [];
  for (const definition of sdl.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const stub = definition.directives?.some(
      (d) => d.name.value === 'key' && d.arguments?.some((a) => a.name.value === 'resolvable' && a.value.kind === Kind.BOOLEAN && !a.value.value),
    );
    for (const field of definition.fields ?? []) {
      const coordinate = `${definition.name.value}.${field.name.value}`;
      const external = field.directives?.some((d) => d.name.value === 'external');
      if (external ? !provided.has(coordinate) : stub) continue;
      fields.push({ typeName: definition.name.value, field });
    }
  }
  return fields;
}

function providedFields(sdl: DocumentNode): Set<string> {
  const provided = new Set<string>();
  for (const definition of sdl.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    for (const field of definition.fields ?? []) {
      for (const directive of field.directives ?? []) {
        const fieldsArg = directive.name.value === 'provides' ? directive.arguments?.find((a) => a.name.value === 'fields') : undefined;
        if (fieldsArg?.value.kind !== Kind.STRING) continue;
        for (const name of fieldsArg.value.value.split(/\s+/).filter(Boolean)) provided.add(`${namedTypeOf(field.type).name}.${name}`);
      }
    }
  }
  return provided;
}

function isNonNull(type: TypeNode): boolean {
  return type.kind === Kind.NON_NULL_TYPE;
}

function namedTypeOf(type: TypeNode): { name: string; list: boolean } {
  let list = false;
  let current = type;
  while (current.kind !== Kind.NAMED_TYPE) {
    if (current.kind === Kind.LIST_TYPE) list = true;
    current = current.type;
  }
  return { name: current.name.value, list };
}

/** The problems of one subgraph's policy file against its schema, each naming the file and coordinate. */
export function policySchemaProblems(policies: Policies, subgraph: string, file: PolicyFile, sdl: DocumentNode): string[] {
  const problems: string[] = [];
  const name = `${subgraph}.policy.yaml`;
  const known = (department: string, where: string) => {
    if (!policies.departments.has(department)) problems.push(`${where}: unknown department ${department}`);
  };
  known(file.owner, `${name}: owner`);
  const served = servedFields(sdl);
  const servedSet = new Set(served.map((f) => `${f.typeName}.${f.field.name.value}`));
  for (const { typeName, field } of served) {
    const coordinate = `${typeName}.${field.name.value}`;
    if (typeName === 'Query' && field.name.value.startsWith('_')) continue;
    const policy = file.types[typeName]?.fields[field.name.value];
    if (!policy) {
      problems.push(`${name}: ${coordinate} has no policy (every field must state its sharing class)`);
      continue;
    }
    if (policy.class !== 'unconditional' && isNonNull(field.type)) {
      problems.push(`${name}: ${coordinate} is ${policy.class} but non-null in the schema: a denial would null its parent; make it nullable`);
    }
    const named = namedTypeOf(field.type);
    for (const [department, grant] of Object.entries(policy.grants ?? {})) {
      known(department, `${name}: ${coordinate}`);
      if (typeof grant !== 'object') continue;
      if (grant.mask && STRING_MASKS.has(grant.mask) && (named.name !== 'String' || named.list)) {
        problems.push(`${name}: ${coordinate}: mask ${grant.mask} needs a String field`);
      }
      if (grant.mask === 'welfare-tags' && !named.list) problems.push(`${name}: ${coordinate}: mask welfare-tags needs a list field`);
      for (const purpose of grant.purposes ?? []) {
        if (policies.departments.get(department) && !policies.departments.get(department)!.purposes.includes(purpose)) {
          problems.push(`${name}: ${coordinate}: ${department} may not state purpose ${purpose} (departments.yaml)`);
        }
      }
    }
    if (policy.maxItems !== undefined && !named.list) problems.push(`${name}: ${coordinate}: maxItems needs a list field`);
    if (policy.rowsOf && !file.types[policy.rowsOf]) problems.push(`${name}: ${coordinate}: rowsOf names unknown type ${policy.rowsOf}`);
    for (const read of policy.reads ?? []) {
      const [t, f] = read.split('.');
      if (!file.types[t]?.fields[f]) problems.push(`${name}: ${coordinate}: reads names unknown coordinate ${read}`);
    }
    for (const [argument, read] of Object.entries(policy.filters ?? {})) {
      const [t, f] = read.split('.');
      if (!file.types[t]?.fields[f]) problems.push(`${name}: ${coordinate}: filter ${argument} names unknown coordinate ${read}`);
      const declared = field.arguments?.find((a) => a.name.value === argument);
      if (!declared) problems.push(`${name}: ${coordinate}: filter ${argument} is not an argument of ${coordinate}`);
      // A required filter would make the field itself a read of the coordinate: that is `reads`.
      else if (isNonNull(declared.type)) problems.push(`${name}: ${coordinate}: filter ${argument} must be optional (a required one is \`reads\`)`);
    }
  }
  for (const [typeName, type] of Object.entries(file.types)) {
    if (type.rows !== 'unrestricted') {
      for (const department of Object.keys(type.rows.grants ?? {})) known(department, `${name}: ${typeName} rows`);
    }
    for (const fieldName of Object.keys(type.fields)) {
      if (!servedSet.has(`${typeName}.${fieldName}`)) {
        problems.push(`${name}: ${typeName}.${fieldName} names a field that ${subgraph} does not serve`);
      }
    }
  }
  return problems;
}
