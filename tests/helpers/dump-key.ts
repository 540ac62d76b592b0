import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { repoPath, repoRoot } from '../../platform/repo-root';
import { SUBGRAPHS } from '../../platform/services';

/** The tiny synthetic city every test federation holds. */
export const TEST_CITY = { scale: 'tiny', seed: 7 } as const;

/**
 * initdb's arguments for test databases, part of the dumps' key. WAL segments of 1 MB, not 16: every
 * dump carries its current segment, and each federation loads seven dumps (a third less to copy into
 * PGlite's memory file system, with no effect on what the tests query).
 */
export const PGLITE_INIT_PARAMS = ['--wal-segsize=1'];

const ALL_NAMES = SUBGRAPHS.map((s) => s.name);

/**
 * Everything that decides what a dumped database holds: every migration, the compiled seed code
 * (the seed parts and all they import) and the data files the seed reads.
 */
export function seedInputs(): string[] {
  const files: string[] = [];
  for (const name of ALL_NAMES) {
    files.push(...filesUnder(repoPath('subgraphs', name, 'prisma', 'migrations')));
    files.push(
      ...fs
        .readdirSync(repoPath('subgraphs', name))
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => repoPath('subgraphs', name, f)),
    );
  }
  const entries = [
    require.resolve('../../runner/system/seed'),
    require.resolve('../../synthetic-city'),
    ...ALL_NAMES.map((n) => repoPath('dist', 'subgraphs', n, 'prisma', 'seed.js')),
  ];
  files.push(...moduleClosure(entries.filter((f) => fs.existsSync(f))));
  return [...new Set(files)].sort();
}

/**
 * A digest of the seed inputs, the city's size and seed, and the PGlite version. A change to any of
 * them makes a new key, so a stale dump is never served.
 */
export function inputsKey(files = seedInputs(), read: (file: string) => Buffer = (file) => fs.readFileSync(file)): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(path.relative(repoRoot(), file)).update('\0').update(read(file)).update('\0');
  const pglite = JSON.parse(fs.readFileSync(repoPath('node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as { version: string };
  hash.update(JSON.stringify({ ...TEST_CITY, pglite: pglite.version, initdb: PGLITE_INIT_PARAMS }));
  return hash.digest('hex').slice(0, 16);
}

function filesUnder(directory: string): string[] {
  if (!fs.existsSync(directory)) return [];
  return fs
    .readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/**
 * The compiled modules reachable from the entries through relative requires. The seed orchestration's
 * own file is taken alone: it imports the subgraph registry (every resolver) only to find the seed
 * parts, which are entries themselves, and resolver changes must not rebuild the dumps.
 */
function moduleClosure(entries: string[]): string[] {
  const seen = new Set<string>();
  const orchestration = require.resolve('../../runner/system/seed');
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (file === orchestration) return;
    for (const [, specifier] of fs.readFileSync(file, 'utf8').matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
      const base = path.resolve(path.dirname(file), specifier);
      const resolved = [`${base}.js`, path.join(base, 'index.js'), base].find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
      if (resolved) visit(resolved);
    }
  };
  entries.forEach(visit);
  return [...seen].sort();
}
