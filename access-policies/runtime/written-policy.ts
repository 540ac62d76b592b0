import { parse } from 'graphql';
import type { FieldPolicy, PolicyFile, TypePolicy, WrittenFieldPolicy, WrittenPolicyFile } from './model';

export class PolicyError extends Error {}

/**
 * A policy file as written becomes the policy the compiler and `decide()` read: each field's
 * `grants: <set>` / `write: <set>` is replaced by the set of the file's `grantSets` / `writeSets`,
 * and a plumbing type's `default: unconditional` is expanded to every field its SDL defines, so
 * nothing downstream knows the shorthand exists. A set name nobody defined, or a set nobody names,
 * stops loading: a policy that does not say what its author meant must not run.
 */
export function resolveWrittenPolicy(file: WrittenPolicyFile, fileName: string, readSdl: (subgraph: string) => string): PolicyFile {
  const { grantSets = {}, writeSets = {}, types, ...rest } = file;
  const named = { grants: new Set<string>(), write: new Set<string>() };
  const lookup = <T>(sets: Record<string, T>, kind: 'grants' | 'write', name: string, at: string): T => {
    const set = sets[name];
    if (!set) {
      const known = Object.keys(sets);
      throw new PolicyError(
        `${fileName}: ${at}.${kind}: no ${kind === 'grants' ? 'grantSets' : 'writeSets'} entry "${name}"${known.length ? ` (defined: ${known.join(', ')})` : ''}`,
      );
    }
    named[kind].add(name);
    return set;
  };
  const resolveField = (field: WrittenFieldPolicy, at: string): FieldPolicy => {
    const { grants, write, ...plain } = field;
    return {
      ...plain,
      ...(grants !== undefined ? { grants: typeof grants === 'string' ? lookup(grantSets, 'grants', grants, at) : grants } : {}),
      ...(write !== undefined ? { write: typeof write === 'string' ? lookup(writeSets, 'write', write, at) : write } : {}),
    };
  };

  let sdlFields: Map<string, string[]> | undefined;
  const resolvedTypes: Record<string, TypePolicy> = {};
  for (const [typeName, type] of Object.entries(types)) {
    const { default: byDefault, fields, ...typeRest } = type;
    const resolved: Record<string, FieldPolicy> = {};
    const listed = Object.entries(fields);
    if (byDefault === 'unconditional') {
      sdlFields ??= fieldsBySdlType(readSdl(file.subgraph));
      const all = sdlFields.get(typeName);
      if (!all) throw new PolicyError(`${fileName}: types.${typeName}: default needs the type in subgraphs/${file.subgraph}/schema.graphql, which has none`);
      for (const name of all) resolved[name] = fields[name] ? resolveField(fields[name], `types.${typeName}.fields.${name}`) : { class: 'unconditional' };
    }
    for (const [name, field] of listed) resolved[name] ??= resolveField(field, `types.${typeName}.fields.${name}`);
    resolvedTypes[typeName] = { ...typeRest, fields: resolved };
  }
  for (const [kind, sets] of [
    ['grants', grantSets],
    ['write', writeSets],
  ] as const) {
    const unused = Object.keys(sets).filter((name) => !named[kind].has(name));
    if (unused.length)
      throw new PolicyError(`${fileName}: ${kind === 'grants' ? 'grantSets' : 'writeSets'}: ${unused.join(', ')} named by no field; remove or use them`);
  }
  return { ...rest, types: resolvedTypes };
}

/** Field names of every object type in an SDL, its definition and extensions together, in SDL order. */
function fieldsBySdlType(sdl: string): Map<string, string[]> {
  const byType = new Map<string, string[]>();
  for (const definition of parse(sdl).definitions) {
    if (definition.kind !== 'ObjectTypeDefinition' && definition.kind !== 'ObjectTypeExtension') continue;
    const names = byType.get(definition.name.value) ?? [];
    for (const field of definition.fields ?? []) if (!names.includes(field.name.value)) names.push(field.name.value);
    byType.set(definition.name.value, names);
  }
  return byType;
}
