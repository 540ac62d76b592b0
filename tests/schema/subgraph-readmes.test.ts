import fs from 'node:fs';
import { ConstDirectiveNode, DocumentNode, Kind, ObjectTypeDefinitionNode, ObjectTypeExtensionNode, parse } from 'graphql';
import { bestDecision, decideRows } from '../../access-policies/runtime/decide';
import { loadPolicies } from '../../access-policies/runtime/load';
import { REGISTERS } from '../../runner/cli/import/registers';
import { databaseNameFor } from '../../platform/database/open-database';
import { repoPath } from '../../platform/repo-root';
import { SUBGRAPHS } from '../../platform/services';

/*
 * Each subgraph's README opens with the same four sections, and this test keeps them true against
 * the files they describe: the SDL (types), the policy (departments), the CLI's usage (commands).
 * Pure file reading: no database, no server.
 */

const SECTIONS = ['What it owns', 'Types', 'Who may read what', 'Commands'] as const;
type Section = (typeof SECTIONS)[number];

/**
 * Types the `## Types` section need not list: the root types (their fields are the operations the
 * README's other sections and the contracts describe), the shared Relay `PageInfo`, and the
 * `…Connection` / `…Edge` wrappers of a list, which carry nothing but the node type that is listed.
 * Payload types stay in: some carry more than the record (a webhook secret, address candidates).
 */
const NOT_LISTED = (name: string) => name === 'Query' || name === 'Mutation' || name === 'PageInfo' || /(Connection|Edge)$/.test(name);

type ObjectNode = ObjectTypeDefinitionNode | ObjectTypeExtensionNode;

function objectTypes(document: DocumentNode): ObjectNode[] {
  return document.definitions.filter((d): d is ObjectNode => d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION);
}

/** The `fields` of a type's first @key (`"id"`, `"code"`), or undefined for a value type. */
function keyOf(type: ObjectNode): string | undefined {
  const key = type.directives?.find((d: ConstDirectiveNode) => d.name.value === 'key');
  const fields = key?.arguments?.find((a) => a.name.value === 'fields')?.value;
  return fields?.kind === Kind.STRING ? fields.value : undefined;
}

const sdl = new Map<string, DocumentNode>(SUBGRAPHS.map((s) => [s.name, parse(fs.readFileSync(repoPath(`subgraphs/${s.name}/schema.graphql`), 'utf8'))]));

/**
 * Which subgraph defines an entity, the others only contributing fields to it (or pointing at it):
 * the one whose SDL gives it the most fields. Federation has no "owner" of an entity, and the
 * README says which fields each other subgraph adds.
 */
function definingSubgraph(typeName: string): string {
  let best = { name: '', fields: -1 };
  for (const [name, document] of sdl) {
    const count = objectTypes(document)
      .filter((t) => t.name.value === typeName)
      .reduce((n, t) => n + (t.fields?.length ?? 0), 0);
    if (count > best.fields) best = { name, fields: count };
  }
  return best.name;
}

/** The README's `## …` sections by heading, and the headings in order. */
function sectionsOf(markdown: string): { order: string[]; body: Map<string, string> } {
  const order: string[] = [];
  const body = new Map<string, string>();
  let current: string | undefined;
  for (const line of markdown.split('\n')) {
    const heading = line.match(/^## (.+?)\s*$/);
    if (heading) {
      current = heading[1];
      order.push(current);
      body.set(current, '');
    } else if (current !== undefined) {
      body.set(current, `${body.get(current)}${line}\n`);
    }
  }
  return { order, body };
}

function readme(name: string): string {
  const file = repoPath(`subgraphs/${name}/README.md`);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

function section(name: string, heading: Section): string {
  return sectionsOf(readme(name)).body.get(heading) ?? '';
}

const policies = loadPolicies();

/**
 * The departments a subgraph's policy gives something: the owner, and every other department that
 * gets a conditional field (in full, masked, aggregated or for a purpose), or sees rows of a
 * row-scoped type with more than its key. Unconditional fields of unscoped types (a root field open
 * to all, a payload) and bare keys (a `Grid.code` beside counts a department may not read) give
 * nothing by themselves. Decided by the runtime's own decide(), as the matrix is.
 */
function grantedDepartments(subgraph: string): string[] {
  const file = policies.subgraphs.get(subgraph)!;
  const keys = new Map(objectTypes(sdl.get(subgraph)!).map((t) => [t.name.value, new Set((keyOf(t) ?? '').split(/\s+/))]));
  return [...policies.departments.keys()].filter((department) => {
    if (department === file.owner) return true;
    return Object.entries(file.types).some(([typeName, type]) =>
      Object.entries(type.fields).some(([fieldName, field]) => {
        if (keys.get(typeName)?.has(fieldName)) return false;
        if (bestDecision(policies, subgraph, `${typeName}.${fieldName}`, department).effect === 'deny') return false;
        if (type.rows === 'unrestricted') return field.class === 'conditional';
        return decideRows(policies, subgraph, typeName, { department, level: 'city', jurisdiction: [] }).scope !== 'none';
      }),
    );
  });
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

/** The commands and sub-commands `gridshare help` prints, read from runner/cli/main.ts and the usage texts it includes. */
function cliUsage(): Map<string, Set<string>> {
  const main = fs.readFileSync(repoPath('runner/cli/main.ts'), 'utf8');
  let usage = main.match(/`(usage: gridshare [\s\S]*?)`;/)![1];
  for (const [placeholder, constant] of usage.matchAll(/\$\{([A-Z_]+_USAGE)\}/g)) {
    const source = fs
      .readdirSync(repoPath('runner/cli'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => fs.readFileSync(repoPath(`runner/cli/${f}`), 'utf8'))
      .find((text) => text.includes(`export const ${constant} = \``))!;
    usage = usage.replace(placeholder, source.match(new RegExp(`export const ${constant} = \`([\\s\\S]*?)\`;`))![1]);
  }
  const commands = new Map<string, Set<string>>();
  for (const [, command, sub] of usage.matchAll(/^ {2}([a-z][a-z-]*)(?: ([a-z][a-z-]*))?/gm)) {
    const subs = commands.get(command) ?? new Set<string>();
    if (sub) subs.add(sub);
    commands.set(command, subs);
  }
  return commands;
}

describe('the README of every subgraph', () => {
  const usage = cliUsage();
  const scripts = Object.keys(JSON.parse(fs.readFileSync(repoPath('package.json'), 'utf8')).scripts as Record<string, string>);
  const matrix = fs.readFileSync(repoPath('access-policies/matrix.md'), 'utf8');

  it('reads the CLI usage it checks commands against', () => {
    expect([...usage.keys()]).toEqual(expect.arrayContaining(['start', 'serve', 'seed', 'migrate', 'compose', 'token', 'import', 'audit']));
    expect([...usage.get('audit')!]).toEqual(expect.arrayContaining(['verify', 'export', 'prune']));
  });

  describe.each(SUBGRAPHS.map((s) => [s.name, s.owner] as const))('%s', (name, owner) => {
    it('opens with the four sections, in order', () => {
      expect(sectionsOf(readme(name)).order.slice(0, SECTIONS.length)).toEqual([...SECTIONS]);
    });

    it('says what it owns: the department, its database, its Prisma schema and its change feed', () => {
      const text = section(name, 'What it owns');
      const prismaSchema = `subgraphs/${name}/prisma/schema.prisma`;
      expect(fs.existsSync(repoPath(prismaSchema))).toBe(true);
      expect(text).toContain(`\`${owner}\``);
      expect(text).toContain(`\`${databaseNameFor(name)}\``);
      expect(text).toContain(`\`${prismaSchema}\``);
      const query = objectTypes(sdl.get(name)!).find((t) => t.name.value === 'Query');
      for (const feed of (query?.fields ?? []).map((f) => f.name.value).filter((f) => /Changes$/.test(f))) {
        expect(text).toContain(`\`${feed}\``);
      }
    });

    it("names every object type its SDL defines, with its key, and the fields it adds to another subgraph's entity", () => {
      const lines = section(name, 'Types').split('\n');
      const problems: string[] = [];
      for (const type of objectTypes(sdl.get(name)!)) {
        const typeName = type.name.value;
        if (NOT_LISTED(typeName)) continue;
        const key = keyOf(type);
        const contributed =
          key && definingSubgraph(typeName) !== name ? (type.fields ?? []).map((f) => f.name.value).filter((f) => !key.split(/\s+/).includes(f)) : [];
        const wanted = [...(key ? [key] : []), ...contributed].map((w) => `\`${w}\``);
        const line = lines.find((l) => l.includes(`\`${typeName}\``) && wanted.every((w) => l.includes(w)));
        if (!line) problems.push(`${typeName}${wanted.length ? ` (on one line with ${wanted.join(', ')})` : ''}`);
      }
      expect(problems).toEqual([]);
    });

    it('names every department its policy gives anything, and links its section of the matrix', () => {
      const text = section(name, 'Who may read what');
      const missing = grantedDepartments(name).filter((d) => !text.includes(`\`${d}\``));
      expect(missing).toEqual([]);
      const heading = matrix.split('\n').find((l) => l.startsWith(`## ${name} (`));
      expect(heading).toBeDefined();
      expect(text).toContain(`../../access-policies/matrix.md#${anchorOf(heading!.slice(3))}`);
    });

    it('names only commands the CLI has and scripts package.json has, serve among them', () => {
      const text = section(name, 'Commands');
      expect(text).toContain(`gridshare serve ${name}`);
      const problems: string[] = [];
      for (const [, command, argument] of text.matchAll(/gridshare ([a-z][a-z-]*)(?: ([a-z][a-z-]*))?/g)) {
        const subs = usage.get(command);
        if (!subs) problems.push(`gridshare ${command}: no such command`);
        else if (subs.size > 0 && !subs.has(argument)) problems.push(`gridshare ${command} ${argument ?? ''}: no such sub-command`);
        else if (command === 'serve' && argument !== 'gateway' && !SUBGRAPHS.some((s) => s.name === argument))
          problems.push(`gridshare serve ${argument}: no such service`);
        else if (command === 'import' && argument && !(argument in REGISTERS)) problems.push(`gridshare import ${argument}: no such register`);
      }
      for (const [, run, short] of text.matchAll(/npm (?:run ([a-z][a-z:-]*)|(start|test)\b)/g)) {
        if (!scripts.includes(run ?? short)) problems.push(`npm run ${run ?? short}: no such script`);
      }
      expect(problems).toEqual([]);
    });
  });
});

describe('the README of subgraphs/kit', () => {
  it('exists and says the kit is shared by the subgraphs', () => {
    expect(fs.readFileSync(repoPath('subgraphs/kit/README.md'), 'utf8')).toMatch(/shared by the subgraphs/);
  });
});
