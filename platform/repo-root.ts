import fs from 'node:fs';
import path from 'node:path';

const PACKAGE_NAME = 'gridshare';

let cached: string | undefined;

/**
 * The repository root: the nearest ancestor of this file whose package.json is gridshare's.
 * Found by walking up rather than by a fixed number of `..` because the same code runs from
 * `platform/` (sources) and from `dist/platform/` (compiled), and
 * the name check keeps us from stopping at some nested package.json on the way.
 */
export function repoRoot(): string {
  if (cached !== undefined) return cached;
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        if ((JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME) {
          cached = dir;
          return dir;
        }
      } catch {
        // An unreadable or malformed package.json on the way up is not ours: keep climbing.
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json named "${PACKAGE_NAME}" above ${__dirname}`);
    dir = parent;
  }
}

/** An absolute path inside the repository, e.g. `repoPath('subgraphs', 'address', 'prisma')`. */
export function repoPath(...segments: string[]): string {
  return path.join(repoRoot(), ...segments);
}
