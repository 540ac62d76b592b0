import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { csvLine } from '../../runner/cli/audit-csv';
import { runImportFile } from '../../runner/cli/import/import-run';
import { REGISTERS } from '../../runner/cli/import/registers';
import { generateMessyRegister, REGISTER_HEADER } from '../../synthetic-city/messy-register';
import { TestClock } from '../helpers/events';
import { startTestFederation } from '../helpers/federation';

/**
 * Not a test and not the benchmark: a quick local measure of `gridshare import persons` on PGlite
 * (the small city, a few thousand rows of its messy register, gateway and subgraphs in this
 * process), to compare two versions of the import path on one machine. Prints rows/s of a first
 * import (writes) and of a second (the read-and-decide path).
 *   node --no-warnings dist/tests/imports/import-speed.script.js [rows] [pglite|postgres]
 * (postgres: the server of GRIDSHARE_TEST_POSTGRES_URL, a database of its own, dropped after).
 */
async function main() {
  const rows = Number(process.argv[2] ?? 3000);
  const backend = process.argv[3] === 'postgres' ? 'postgres' : 'pglite';
  const clock = new TestClock('2026-12-01T10:00');
  const federation = await startTestFederation({ backend, now: clock.now, subgraphs: ['address', 'population'], scale: 'small' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-import-speed-'));
  try {
    const token = await federation.token({ department: 'public-security', user: 'speed-importer', role: 'registrar' });
    const register = generateMessyRegister({ scale: 'small', seed: 7, rows });
    const file = path.join(dir, 'register.csv');
    fs.writeFileSync(file, [csvLine([...REGISTER_HEADER]), ...register.rows.map((cells) => csvLine(cells))].join(''));
    for (const run of ['first', 'again']) {
      const summary = await runImportFile({
        register: REGISTERS.persons!,
        file,
        gatewayUrl: federation.gatewayUrl,
        token,
        encoding: 'utf-8',
        dryRun: false,
        reportFile: path.join(dir, `${run}.csv`),
      });
      console.log(
        `${backend} ${run}: ${summary.rows} rows in ${summary.seconds.toFixed(1)} s = ${Math.round(summary.rows / summary.seconds)} rows/s (applied ${summary.applied}, unchanged ${summary.unchanged}, review ${summary.needsReview}, rejected ${summary.rejected})`,
      );
    }
  } finally {
    await federation.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
