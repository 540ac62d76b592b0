import path from 'node:path';
import type { Config } from '../../platform/config';
import { CsvError } from './import/csv-records';
import { ENCODINGS, Encoding, FileRefused } from './import/file-text';
import { GatewayError } from './import/gateway-client';
import { ImportRefused, runImportFile } from './import/import-run';
import { PLANNED_REGISTERS, REGISTERS } from './import/registers';

export const IMPORT_USAGE = `  import <register> <file.csv|file.xlsx> --token <department token> [--dry-run] [--encoding utf-8|gbk|gb18030]
         [--report <file>] [--import-id <id>] [--gateway <url>] [--purpose <purpose>]
                      import a department's register through the gateway (registers: ${Object.keys(REGISTERS).join(', ')});
                      every row applied, unchanged, sent to the owner's review queue or rejected;
                      the rows not applied go to the report (default <file>.report.csv; a name ending .xlsx
                      writes a spreadsheet), values masked; an .xlsx register is read from its first sheet`;

/**
 * `gridshare import`: the CLI is a client of the gateway like any department system, with a
 * registrar's token: the import is then policy-checked (write grants, jurisdiction) and on the
 * audit trail exactly as the same mutation sent by a department's own system would be, and the
 * CLI needs no database access (it runs where the file is, not where the data is).
 */
export async function runImportCommand(
  config: Pick<Config, 'host' | 'gatewayPort'>,
  positionals: string[],
  values: { token?: string; 'dry-run'?: boolean; encoding?: string; report?: string; 'import-id'?: string; gateway?: string; purpose?: string },
): Promise<number> {
  const [name, file] = positionals;
  const register = name ? REGISTERS[name] : undefined;
  if (!register || !file) {
    const planned = name && PLANNED_REGISTERS.includes(name) ? `the ${name} register cannot be imported yet (its owner has no import mutation); ` : '';
    console.error(`gridshare import: ${planned}give a register (${Object.keys(REGISTERS).join(', ')}) and a file\n\n${IMPORT_USAGE}`);
    return 2;
  }
  if (!values.token) {
    console.error(
      "gridshare import: --token is required (a registrar's token of the owning department, e.g. npx gridshare token --department public-security --role registrar)",
    );
    return 2;
  }
  const encoding = (values.encoding ?? 'utf-8').toLowerCase().replace(/^utf8$/, 'utf-8') as Encoding;
  if (!ENCODINGS.includes(encoding)) {
    console.error(`gridshare import: --encoding must be one of ${ENCODINGS.join(', ')}, got ${values.encoding}`);
    return 2;
  }
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  try {
    const summary = await runImportFile({
      register,
      file,
      encoding,
      gatewayUrl: values.gateway ?? `http://${host}:${config.gatewayPort}/graphql`,
      token: values.token,
      purpose: values.purpose,
      dryRun: Boolean(values['dry-run']),
      reportFile: values.report ?? `${file}.report.csv`,
      importId: values['import-id'],
      progress: (line) => process.stderr.write(`${line}\n`),
    });
    const { rows, applied, unchanged, needsReview, rejected } = summary;
    console.log(
      `${register.name}${summary.dryRun ? ' (dry run: nothing written)' : ''}: ${rows} rows — applied ${applied}, unchanged ${unchanged}, needs review ${needsReview}, rejected ${rejected}` +
        `${summary.blankLines ? ` (${summary.blankLines} blank lines skipped)` : ''}\nimport id ${summary.importId}; rows not applied: ${path.resolve(summary.reportFile)}`,
    );
    return 0;
  } catch (error) {
    if (error instanceof FileRefused || error instanceof CsvError || error instanceof ImportRefused || error instanceof GatewayError) {
      console.error(`gridshare import: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
