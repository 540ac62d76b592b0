import fs from 'node:fs';
import path from 'node:path';
import { signDepartmentToken } from '../../../gateway/src/dev-tokens';
import { csvLine } from '../../../runner/cli/audit-csv';
import { DEFAULT_PAGE_ROWS, runImportFile } from '../../../runner/cli/import/import-run';
import { REGISTERS } from '../../../runner/cli/import/registers';
import { generateMessyRegister, REGISTER_HEADER } from '../../../synthetic-city/messy-register';
import type { Scale } from '../../../synthetic-city/scales';
import type { BenchContext } from '../context';
import { ScenarioResult } from '../report';
import { federationHarness } from './federation-harness';

/** The persons register imported: the medium city's messy register (quick: the small city's). */
export function importRegister(quick: boolean): { scale: Scale; seed: number; rows: number } {
  return quick ? { scale: 'small', seed: 1, rows: 2_000 } : { scale: 'medium', seed: 1, rows: 50_000 };
}

/**
 * `gridshare import persons` as a department runs it: the CLI's own code in this process, the
 * gateway (audit on) and the subgraphs over the seeded PostgreSQL city in theirs. Every row is
 * validated, its address matched through addressMatch, decided and written (history, feed, review
 * queue) as in production. Rows/s against the target; the importing process's heap sampled through
 * the run, to show it stays flat in the file's size (the file is streamed, a page held at a time).
 */
export async function importScenario(context: BenchContext, serverUrl: string): Promise<ScenarioResult> {
  const started = Date.now();
  const options = importRegister(context.options.quick);
  const harness = await federationHarness(context, serverUrl);
  try {
    const federation = await harness.start('import', true, { referenceChecks: true });
    context.log(`  messy register: ${options.rows} rows of the ${options.scale} city`);
    const register = generateMessyRegister(options);
    const file = path.join(context.runDir, 'import-register.csv');
    fs.writeFileSync(file, [csvLine([...REGISTER_HEADER]), ...register.rows.map((cells) => csvLine(cells))].join(''));
    const token = await signDepartmentToken(
      context.issuer.privateKey,
      { department: 'public-security', user: 'bench-importer', role: 'registrar' },
      { ttlSeconds: 24 * 3600 },
    );
    global.gc?.();
    const heapAtStart = process.memoryUsage().heapUsed;
    let heapPeak = heapAtStart;
    const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 100);
    let summary;
    try {
      summary = await runImportFile({
        register: REGISTERS.persons!,
        file,
        gatewayUrl: federation.url,
        token,
        encoding: 'utf-8',
        dryRun: false,
        reportFile: path.join(context.runDir, 'import-report.csv'),
        progress: (line) => context.log(`  ${line}`),
      });
    } finally {
      clearInterval(sampler);
    }
    const rowsPerSecond = summary.rows / summary.seconds;
    const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
    context.log(
      `  ${summary.rows} rows in ${summary.seconds.toFixed(1)} s: ${Math.round(rowsPerSecond)} rows/s; heap grew at most ${mb(heapPeak - heapAtStart)} MB`,
    );
    return {
      status: 'ok',
      seconds: (Date.now() - started) / 1000,
      setup: {
        ...options,
        file: `${mb(fs.statSync(file).size)} MB`,
        pageRows: DEFAULT_PAGE_ROWS,
        where: 'CLI in the bench process; gateway (audit on) and subgraphs in their own processes on PostgreSQL',
      },
      tables: [
        {
          columns: ['rows', 'applied', 'unchanged', 'needs review', 'rejected', 'seconds', 'rows/s', 'CLI heap growth MB (peak)'],
          rows: [
            [
              summary.rows,
              summary.applied,
              summary.unchanged,
              summary.needsReview,
              summary.rejected,
              Math.round(summary.seconds * 10) / 10,
              Math.round(rowsPerSecond),
              mb(heapPeak - heapAtStart),
            ],
          ],
        },
      ],
      figures: { summary, heapAtStart, heapPeak },
      measured: { 'import.rows-per-second': rowsPerSecond },
      notes: [
        'A second run on the same city finds most rows unchanged and the review rows already queued: it measures the read-and-decide path.',
        ...(context.options.quick ? ['Quick run: the small city and 2 000 rows.'] : []),
      ],
    };
  } finally {
    await harness.stop();
  }
}
