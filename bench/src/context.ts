import path from 'node:path';
import type { KeyPair } from '../../platform/keys';
import type { Placement } from './placement';
import type { ScenarioName } from './report';

export interface BenchOptions {
  quick: boolean;
  /** Scenarios to run (all by default). */
  only: ScenarioName[];
  /** Run the processes under test with --cpu-prof and summarize their top frames. */
  profile: boolean;
  /** Seconds of measured load per target and round. */
  seconds: number;
  warmupSeconds: number;
  /** Rounds interleave the targets of a scenario; each target's median round is reported. */
  rounds: number;
  connections: number;
  /** Gateways of the gateway-overhead scenario (all by default; fewer for a focused profile). */
  gateways: string[];
  /** Also measure proposed gateway changes (bench/src/experiments); off for the committed results. */
  experiments: boolean;
}

export interface BenchContext {
  options: BenchOptions;
  placement: Placement;
  /** Temporary directory of this run: child logs, profiles. */
  runDir: string;
  /** PostgreSQL server URL (postgres://…/postgres), when one is available. */
  postgresUrl?: string;
  /** The identity provider whose department tokens the gateways accept. */
  issuer: KeyPair;
  log(message: string): void;
}

export function childLog(context: BenchContext, name: string): string {
  return path.join(context.runDir, `${name}.log`);
}

export function profileArgs(context: BenchContext, name: string): string[] {
  return context.options.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(context.runDir, 'profiles', name)}`] : [];
}

export function parseOptions(argv: string[], scenarios: readonly ScenarioName[]): BenchOptions {
  const quick = argv.includes('--quick');
  const value = (name: string) => {
    const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
    if (i < 0) return undefined;
    return argv[i].includes('=') ? argv[i].slice(name.length + 1) : argv[i + 1];
  };
  const only = (value('--only')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean) ?? [...scenarios]) as ScenarioName[];
  for (const name of only) if (!scenarios.includes(name)) throw new Error(`--only: unknown scenario ${name}; scenarios: ${scenarios.join(', ')}`);
  const number = (name: string, fallback: number) => {
    const given = value(name);
    if (given === undefined) return fallback;
    const n = Number(given);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${given}`);
    return n;
  };
  return {
    quick,
    only,
    profile: argv.includes('--profile'),
    seconds: number('--seconds', quick ? 3 : 10),
    warmupSeconds: number('--warmup', quick ? 1 : 3),
    rounds: number('--rounds', quick ? 1 : 3),
    // Enough concurrent clients that a gateway waiting on I/O (the audit's group commit, a subgraph) is measured for
    // its throughput, not for its latency: with 16, gateway ÷ direct read 0.56–0.67; with 64, 0.91–0.95.
    connections: number('--connections', 64),
    experiments: argv.includes('--experiments'),
    gateways: value('--gateways')
      ?.split(',')
      .map((s) => s.trim()) ?? ['apollo', 'hive', 'gridshare'],
  };
}
