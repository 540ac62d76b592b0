import path from 'node:path';
import { repoRoot } from '../../platform/repo-root';
import { staleArtifacts, writeArtifacts } from '../../schema/generate';

/** Writes (or with --check, only lists) the generated artifacts: supergraph, contracts, matrix. */
export function runCompose(options: { check: boolean }): number {
  const changed = options.check ? staleArtifacts() : writeArtifacts();
  const names = changed.map((f) => path.relative(repoRoot(), f));
  if (names.length === 0) console.log('generated artifacts are current');
  else console.log(`${options.check ? 'stale (run npm run compose)' : 'wrote'}:\n  ${names.join('\n  ')}`);
  return options.check && names.length > 0 ? 1 : 0;
}
