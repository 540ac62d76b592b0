import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoPath } from '../../../platform/repo-root';
import { BenchContext, childLog } from '../context';
import { onCore } from '../placement';
import { ScenarioResult } from '../report';

export interface SeedRun {
  scale: string;
  rows: number;
  /** The seed's own time (generation + bulk insert), as `gridshare seed` reports it. */
  seedSeconds: number;
  rowsPerSecond: number;
  /** The whole command: start, migrations of empty databases, reset, seed. */
  wallSeconds: number;
  bySubgraph: string;
}

const SEEDED = /seeded (\d+) rows in ([\d.]+) s \((\d+) rows\/s\): (.*)$/m;

/** Reads `gridshare seed`'s summary line. */
export function parseSeedOutput(output: string): Omit<SeedRun, 'scale' | 'wallSeconds'> | undefined {
  const match = SEEDED.exec(output);
  if (!match) return undefined;
  return { rows: Number(match[1]), seedSeconds: Number(match[2]), rowsPerSecond: Number(match[3]), bySubgraph: match[4].trim() };
}

/** Runs `gridshare seed --scale S --reset` against the server, as the process under test. */
export async function runSeed(context: BenchContext, databaseUrl: string, scale: string): Promise<SeedRun> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-bench-seed-'));
  const [command, ...args] = onCore(context.placement, 'underTest', [
    process.execPath,
    repoPath('runner', 'bin', 'gridshare.js'),
    'seed',
    '--scale',
    scale,
    '--seed',
    '1',
    '--reset',
  ]);
  const started = process.hrtime.bigint();
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, DATABASE_URL: databaseUrl, GRIDSHARE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (c: Buffer) => (text += c.toString()));
    child.stderr.on('data', (c: Buffer) => (text += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      fs.appendFileSync(childLog(context, `seed-${scale}`), text);
      if (code === 0) resolve(text);
      else reject(new Error(`gridshare seed --scale ${scale} exited ${code}: ${text.trim().split('\n').slice(-3).join(' ')}`));
    });
  });
  fs.rmSync(dataDir, { recursive: true, force: true });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const parsed = parseSeedOutput(output);
  if (!parsed) throw new Error(`gridshare seed printed no summary line: ${output.slice(-300)}`);
  return { scale, wallSeconds, ...parsed };
}

/** The scales this run seeds, the last one staying in place for base-data and audit. */
export function seedScales(quick: boolean): string[] {
  return quick ? ['small'] : ['large', 'medium'];
}

/** Scenario 3: rows per second of the bulk seed into PostgreSQL. */
export async function seeding(context: BenchContext, databaseUrl: string): Promise<ScenarioResult> {
  const started = Date.now();
  const runs: SeedRun[] = [];
  for (const scale of seedScales(context.options.quick)) {
    context.log(`  gridshare seed --scale ${scale}`);
    runs.push(await runSeed(context, databaseUrl, scale));
    context.log(`  ${scale}: ${runs[runs.length - 1].rows} rows at ${runs[runs.length - 1].rowsPerSecond} rows/s`);
  }
  const slowest = Math.min(...runs.map((r) => r.rowsPerSecond));
  return {
    status: 'ok',
    seconds: (Date.now() - started) / 1000,
    setup: {
      placement: context.placement.pinned ? 'gridshare seed on core 1, PostgreSQL on core 0' : context.placement.describe,
      command: 'gridshare seed --scale S --seed 1 --reset (DATABASE_URL = the bench PostgreSQL)',
    },
    tables: [
      {
        columns: ['scale', 'rows', 'seed s', 'rows/s', 'wall s (whole command)', 'rows by subgraph'],
        rows: runs.map((r) => [r.scale, r.rows, r.seedSeconds, r.rowsPerSecond, r.wallSeconds, r.bySubgraph]),
      },
    ],
    figures: { runs },
    measured: { 'seeding.rows-per-second': slowest },
    notes: context.options.quick ? ['Quick run: the small city only (the targets are about medium and large).'] : [],
  };
}
