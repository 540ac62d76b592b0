import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import type { Placement } from './placement';
import { onCore } from './placement';

export const PG_BIN = '/usr/lib/postgresql/15/bin';

export const HOW_TO_GET_POSTGRES = [
  'No PostgreSQL for the benchmark: set GRIDSHARE_BENCH_POSTGRES_URL (or DATABASE_URL) to postgres://user@host:port/postgres,',
  `or install PostgreSQL 15 (apt-get install postgresql-15) so the bench starts its own throwaway cluster from ${PG_BIN},`,
  'or start one by hand: initdb -D /tmp/pg -A trust -U postgres && pg_ctl -D /tmp/pg -o "-p 55432 -k /tmp" start',
].join('\n  ');

export interface BenchPostgres {
  url: string;
  /** How it was obtained, for the report. */
  describe: string;
  stop(): Promise<void>;
}

function freePort(from: number): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(freePort(from + 1)));
    probe.listen(from, '127.0.0.1', () => probe.close(() => resolve(from)));
  });
}

/**
 * The PostgreSQL server the bench uses: the one named by GRIDSHARE_BENCH_POSTGRES_URL or
 * DATABASE_URL, else a throwaway cluster started the way .ci/run does (as the postgres user when
 * running as root, pinned to the support core, fsync on: the audit's durability is part of what
 * is measured), else none, and the PostgreSQL scenarios are skipped with instructions.
 */
export async function obtainPostgres(where: Placement, env: NodeJS.ProcessEnv = process.env): Promise<BenchPostgres | undefined> {
  const given = env.GRIDSHARE_BENCH_POSTGRES_URL ?? (env.DATABASE_URL?.startsWith('postgres') ? env.DATABASE_URL : undefined);
  if (given) return { url: given, describe: 'given by GRIDSHARE_BENCH_POSTGRES_URL / DATABASE_URL (not pinned by the bench)', stop: async () => undefined };
  if (!fs.existsSync(path.join(PG_BIN, 'initdb'))) return undefined;

  const asRoot = process.getuid?.() === 0;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-bench-pg-'));
  const port = await freePort(55532);
  const run = (command: string[]) => {
    if (asRoot) execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', command.map(shellQuote).join(' ')], { stdio: 'ignore' });
    else execFileSync(command[0], command.slice(1), { stdio: 'ignore' });
  };
  if (asRoot) {
    try {
      execFileSync('id', ['postgres'], { stdio: 'ignore' });
    } catch {
      execFileSync('useradd', ['--system', '--home', '/var/lib/postgresql', 'postgres'], { stdio: 'ignore' });
    }
    execFileSync('chown', ['postgres', dataDir]);
  }
  const stop = async () => {
    try {
      run([path.join(PG_BIN, 'pg_ctl'), '-D', dataDir, '-m', 'fast', 'stop']);
    } catch {
      // Already stopped.
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // C locale keeps the code-prefix LIKE queries on plain b-tree indexes, as in CI.
    run([path.join(PG_BIN, 'initdb'), '-D', dataDir, '-A', 'trust', '-U', 'postgres', '--locale=C', '-E', 'UTF8']);
    const settings = `-p ${port} -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=1GB -c max_wal_size=4GB`;
    run(onCore(where, 'support', [path.join(PG_BIN, 'pg_ctl'), '-D', dataDir, '-l', path.join(dataDir, 'server.log'), '-w', '-o', settings, 'start']));
  } catch (error) {
    await stop();
    throw new Error(`could not start a throwaway PostgreSQL cluster: ${(error as Error).message}`);
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return { url, describe: `throwaway PostgreSQL 15 cluster started by the bench on port ${port} (fsync on${where.pinned ? ', support core' : ''})`, stop };
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Creates an empty database (dropping an earlier one of that name). */
export async function freshDatabase(serverUrl: string, name: string): Promise<void> {
  const pool = new Pool({ connectionString: serverUrl, max: 1 });
  try {
    await pool.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await pool.query(`CREATE DATABASE "${name}"`);
  } finally {
    await pool.end();
  }
}
