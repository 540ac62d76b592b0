import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../../platform/config';
import { DatabaseUnavailableError } from '../../platform/database/unavailable';
import { NewerDatabaseError } from '../../platform/database/migrations';
import { PolicyError } from '../../access-policies/runtime/written-policy';
import { SUBGRAPHS } from '../../platform/services';
import { PartialCityError } from '../system/seed-errors';

// Each command's module is loaded when that command runs: together they load Apollo, Prisma and the
// whole system, which would cost \`gridshare token\` or \`migrate --status\` seconds before doing anything.
async function usage(): Promise<string> {
  const [{ REGISTER_USAGE }, { IMPORT_USAGE }, { AUDIT_USAGE }, { KEYS_USAGE }] = await Promise.all([
    import('./register-command'),
    import('./import-command'),
    import('./audit-command'),
    import('./keys-command'),
  ]);
  return `usage: gridshare <command> [options]

  start [--scale tiny|small|medium|large] [--seed N]
                      run every subgraph and the gateway in this process (embedded PGlite unless
                      DATABASE_URL is set); seeds the synthetic city on first start
  serve <service>     run one service in its own process: gateway, ${SUBGRAPHS.map((s) => s.name).join(', ')}
  seed [--scale S] [--seed N] [--reset] [--only subgraph[,subgraph]]
                      write the synthetic city into every subgraph's database (--only: those);
                      --reset empties them first
  migrate [--status]  apply (or list) pending database migrations of every subgraph
  compose [--check]   compose schema/supergraph.graphql, the department contracts and the access
                      matrix from the subgraphs' SDL and access-policies/ (--check: fail when
                      they are stale or an SDL element has no description)
  token --department <id> [--user u] [--level city|town|community] [--jurisdiction code[,code]]
        [--role r] [--ttl 8h]
                      print a development token (signed with the key under the data directory)
${REGISTER_USAGE}
${IMPORT_USAGE}
${AUDIT_USAGE}
${KEYS_USAGE}

configuration (environment): DATABASE_URL, GRIDSHARE_DATA_DIR (default ./.data), GRIDSHARE_HOST,
GRIDSHARE_<SERVICE>_PORT, GRIDSHARE_<SERVICE>_URL, GRIDSHARE_SEED_SCALE, LOG_LEVEL,
GRIDSHARE_AUDIT_TRAIL_DIR, GRIDSHARE_AUDIT_WITNESS, GRIDSHARE_AUDIT_CHECKPOINT_SECONDS (README: the audit trail)

On the embedded databases every command takes the data directory's lock: while gridshare runs,
the others refuse (one process per data directory).`;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      scale: { type: 'string' },
      seed: { type: 'string' },
      reset: { type: 'boolean' },
      only: { type: 'string' },
      status: { type: 'boolean' },
      check: { type: 'boolean' },
      department: { type: 'string' },
      user: { type: 'string' },
      level: { type: 'string' },
      jurisdiction: { type: 'string' },
      role: { type: 'string' },
      ttl: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      before: { type: 'string' },
      rows: { type: 'string' },
      token: { type: 'string' },
      'dry-run': { type: 'boolean' },
      encoding: { type: 'string' },
      report: { type: 'string' },
      'import-id': { type: 'string' },
      gateway: { type: 'string' },
      purpose: { type: 'string' },
      client: { type: 'string' },
      'entity-type': { type: 'string' },
      'entity-key': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (!command || command === 'help' || values.help) {
    console.log(await usage());
    return command ? 0 : 1;
  }
  try {
    const env = { ...process.env };
    if (values.scale) env.GRIDSHARE_SEED_SCALE = values.scale;
    if (values.seed) env.GRIDSHARE_SEED = values.seed;
    if (command === 'compose') return (await import('./compose-command')).runCompose({ check: Boolean(values.check) });
    const config = loadConfig(env);
    switch (command) {
      case 'start':
        return await (await import('./start-command')).runStart(config);
      case 'serve':
        return await (await import('./start-command')).runServe(config, positionals[0]);
      case 'seed':
        return await (await import('./seed-command')).runSeed(config, { reset: Boolean(values.reset), only: values.only });
      case 'token':
        return await (await import('./token-command')).runToken(config, values);
      case 'migrate':
        return await (await import('./migrate-command')).runMigrate(config, { status: Boolean(values.status) });
      case 'audit':
        return await (await import('./audit-command')).runAudit(config, positionals, values);
      case 'keys':
        return (await import('./keys-command')).runKeys(config, positionals);
      case 'register':
        return (await import('./register-command')).runRegister(config, { ...values, register: positionals[0] });
      case 'import':
        return await (await import('./import-command')).runImportCommand(config, positionals, values);
      default:
        console.error(`gridshare: unknown command ${JSON.stringify(command)}\n\n${await usage()}`);
        return 2;
    }
  } catch (error) {
    // Known start-up failures get one line, not a stack trace.
    if (
      error instanceof ConfigError ||
      error instanceof DatabaseUnavailableError ||
      error instanceof NewerDatabaseError ||
      error instanceof PolicyError ||
      error instanceof PartialCityError
    ) {
      console.error(`gridshare: ${error.message}`);
      return 1;
    }
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(`gridshare: ${(error as Error).message} (is gridshare already running? set GRIDSHARE_<SERVICE>_PORT)`);
      return 1;
    }
    throw error;
  }
}
