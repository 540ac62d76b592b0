import path from 'node:path';
import { repoRoot } from '../../platform/repo-root';
import { missingSubgraphDescriptions } from '../../schema/description-check';
import { staleArtifacts, writeArtifacts } from '../../schema/generate';

/**
 * Writes (or with --check, only lists) the generated artifacts: supergraph, contracts, matrix.
 * --check also refuses an SDL element without a description, since the contracts and the explorer
 * hand those descriptions to departments' developers.
 */
export function runCompose(options: { check: boolean }): number {
  const changed = options.check ? staleArtifacts() : writeArtifacts();
  const names = changed.map((f) => path.relative(repoRoot(), f));
  if (names.length === 0) console.log('generated artifacts are current');
  else console.log(`${options.check ? 'stale (run npm run compose)' : 'wrote'}:\n  ${names.join('\n  ')}`);
  if (!options.check) return 0;
  const undescribed = missingSubgraphDescriptions();
  if (undescribed.length > 0) console.log(`without a description (write one in the subgraph's schema.graphql):\n  ${undescribed.join('\n  ')}`);
  return names.length > 0 || undescribed.length > 0 ? 1 : 0;
}
