import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { repoPath } from '../../platform/repo-root';
import { benchDependencyVersions } from './bench-deps';
import { BenchContext, parseOptions } from './context';
import { pinSelf, placement } from './placement';
import { BenchPostgres, HOW_TO_GET_POSTGRES, obtainPostgres } from './postgres';
import { assembleResults, renderMarkdown, SCENARIOS, ScenarioName, ScenarioResult, skippedScenario } from './report';
import { summarizeProfiles } from './profile';
import { gatewayOverhead } from './scenarios/gateway-overhead';
import { seeding } from './scenarios/seeding';
import { baseData } from './scenarios/base-data';
import { auditScenario } from './scenarios/audit';
import { addressMatching } from './scenarios/address-matching';
import { importScenario } from './scenarios/import';
import { writesScenario } from './scenarios/writes';

const USAGE = `npm run bench [-- --quick] [--only ${SCENARIOS.join(',')}] [--profile] [--experiments]
    [--seconds N] [--warmup N] [--rounds N] [--connections N] [--gateways apollo,hive,gridshare]
  --quick        a few seconds per target and the small city; results go to bench/results/quick.{json,md}
  --only         some scenarios; their results go to bench/results/partial-*.{json,md}
  --profile      run the processes under test with --cpu-prof and summarize their top frames in the JSON
  --experiments  also measure proposed gateway changes (bench/src/experiments), never in latest.json`;

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  const options = parseOptions(argv, SCENARIOS);
  const where = placement();
  pinSelf(where);
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-bench-'));
  const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
  log(`${options.quick ? 'quick run' : 'full run'}: ${options.only.join(', ')}; logs and profiles in ${runDir}`);
  log(where.describe);
  const context: BenchContext = { options, placement: where, runDir, issuer: generateKeyPairSync('ed25519'), log };
  const loadAverageAtStart = os.loadavg().map((l) => Math.round(l * 100) / 100);

  const needsPostgres = options.only.some((s) => s !== 'gateway-overhead' && s !== 'address-matching');
  let postgres: BenchPostgres | undefined;
  let postgresProblem: string | undefined;
  try {
    postgres = await obtainPostgres(where);
    if (!postgres) postgresProblem = HOW_TO_GET_POSTGRES;
  } catch (error) {
    postgresProblem = (error as Error).message;
  }
  if (postgres) {
    context.postgresUrl = postgres.url;
    log(`PostgreSQL: ${postgres.describe}`);
  } else if (needsPostgres) {
    console.error(`[bench] ${postgresProblem}`);
  }

  const scenarios: Partial<Record<ScenarioName, ScenarioResult>> = {};
  const run = async (name: ScenarioName, body: () => Promise<ScenarioResult>) => {
    if (!options.only.includes(name)) return;
    log(`scenario ${name}`);
    try {
      scenarios[name] = await body();
    } catch (error) {
      console.error(error);
      scenarios[name] = skippedScenario((error as Error).message.split('\n')[0], 'failed');
    }
    log(`scenario ${name}: ${scenarios[name]!.status}`);
  };
  const withPostgres = (body: (url: string) => Promise<ScenarioResult>) => () =>
    postgres ? body(postgres.url) : Promise.resolve(skippedScenario(`no PostgreSQL. ${postgresProblem ?? ''}`));

  try {
    await run('gateway-overhead', () => gatewayOverhead(context));
    // Seeding leaves the medium city in place for the scenarios that query it.
    await run(
      'seeding',
      withPostgres((url) => seeding(context, url)),
    );
    await run(
      'base-data',
      withPostgres((url) => baseData(context, url)),
    );
    await run(
      'audit',
      withPostgres((url) => auditScenario(context, url)),
    );
    // After the read scenarios: it adds persons to the city they read.
    await run(
      'writes',
      withPostgres((url) => writesScenario(context, url)),
    );
    await run('address-matching', () => addressMatching(context));
    // Last: it writes into the seeded city (phones, review requests) that the scenarios above read.
    await run(
      'import',
      withPostgres((url) => importScenario(context, url)),
    );
  } finally {
    await postgres?.stop();
  }

  // The gateway's own share of the audit cost, measured against static subgraphs, beside the federation's.
  const inGateway = scenarios['gateway-overhead']?.figures.auditCostInGateway;
  if (typeof inGateway === 'number' && scenarios.audit?.status === 'ok') {
    scenarios.audit.notes.push(
      `In the gateway-overhead scenario the same gateway with the audit ON vs OFF (static subgraphs, so the gateway is the bottleneck) differs by ${(inGateway * 100).toFixed(1)} %: the cost measured here is mostly the trail's database writes sharing core 0 with PostgreSQL and the subgraphs, and each answer's wait for its group commit.`,
    );
  }
  const results = assembleResults({
    date: new Date(),
    quick: options.quick,
    machine: {
      cpuModel: os.cpus()[0]?.model.trim(),
      cpus: os.cpus().length,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.versions.node,
      platform: `${os.platform()} ${os.release()}`,
      placement: where.describe,
      postgres: postgres?.describe ?? 'none',
      loadAverageAtStart,
      loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
    },
    versions: benchDependencyVersions(),
    scenarios,
  });
  if (options.profile) {
    (results as unknown as Record<string, unknown>).profiles = summarizeProfiles(path.join(runDir, 'profiles'));
  }
  const outDir = repoPath('bench', 'results');
  fs.mkdirSync(outDir, { recursive: true });
  // Only a full run of every scenario, without experiments, replaces the committed latest.{json,md}.
  const complete = options.only.length === SCENARIOS.length;
  const stem = options.quick
    ? 'quick'
    : complete && !options.experiments
      ? 'latest'
      : `partial-${options.only.join('+')}${options.experiments ? '-experiments' : ''}`;
  fs.writeFileSync(path.join(outDir, `${stem}.json`), `${JSON.stringify(results, null, 2)}\n`);
  const markdown = renderMarkdown(results);
  fs.writeFileSync(path.join(outDir, `${stem}.md`), markdown);
  console.log(`\n${markdown}`);
  log(`wrote bench/results/${stem}.json and ${stem}.md`);
  const failed = options.only.filter((name) => results.scenarios[name].status === 'failed');
  if (failed.length > 0) console.error(`[bench] failed: ${failed.join(', ')}`);
  return failed.length > 0 || results.targets.some((t) => t.met === null && options.only.includes(t.scenario)) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
