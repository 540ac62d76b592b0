import fs from 'node:fs';
import { repoPath } from '../../platform/repo-root';
import { BenchResults, SCENARIOS, TARGETS } from '../../bench/src/report';

/**
 * The committed benchmark results (bench/results/latest.json, written by `npm run bench`) cover
 * every scenario and every target of the issue. No timing is asserted: only the shape.
 */
describe('committed benchmark results', () => {
  const results = JSON.parse(fs.readFileSync(repoPath('bench', 'results', 'latest.json'), 'utf8')) as BenchResults;

  it('has every scenario, each run to completion', () => {
    expect(Object.keys(results.scenarios).sort()).toEqual([...SCENARIOS].sort());
    for (const name of SCENARIOS) expect({ name, status: results.scenarios[name].status }).toEqual({ name, status: 'ok' });
  });

  it('has every target measured with a verdict', () => {
    expect(results.targets.map((t) => t.id).sort()).toEqual(TARGETS.map((t) => t.id).sort());
    for (const target of results.targets) {
      expect(typeof target.actual).toBe('number');
      expect(typeof target.met).toBe('boolean');
    }
  });

  it('says when and where it ran, and the markdown table beside it is from the same run', () => {
    expect(results.date).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(results.machine).toEqual(expect.objectContaining({ cpus: expect.any(Number), node: expect.any(String), placement: expect.any(String) }));
    const markdown = fs.readFileSync(repoPath('bench', 'results', 'latest.md'), 'utf8');
    expect(markdown).toContain(results.date.slice(0, 10));
    for (const target of TARGETS) expect(markdown).toContain(target.id);
  });
});
