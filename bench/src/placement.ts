import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Where processes run on this 2-core machine: the process under test gets core 1 to itself; the
 * load generator (this process), the supporting subgraphs and PostgreSQL share core 0. Without
 * taskset (or with fewer than 2 cores) nothing is pinned and the report says so.
 */
export interface Placement {
  pinned: boolean;
  cores: number;
  underTest: string;
  support: string;
  describe: string;
}

const TASKSET = '/usr/bin/taskset';

export function placement(): Placement {
  const cores = os.cpus().length;
  const pinned = cores >= 2 && fs.existsSync(TASKSET);
  return {
    pinned,
    cores,
    underTest: pinned ? '1' : 'any',
    support: pinned ? '0' : 'any',
    describe: pinned
      ? 'process under test pinned to core 1 (taskset -c 1); load generator (autocannon in the bench process), supporting subgraphs and PostgreSQL pinned to core 0'
      : `not pinned (${cores} cores${fs.existsSync(TASKSET) ? '' : ', no taskset'}): every process shares every core`,
  };
}

/** Pins this process (the load generator) to the support core. */
export function pinSelf(where: Placement): void {
  if (!where.pinned) return;
  execFileSync(TASKSET, ['-pc', where.support, String(process.pid)], { stdio: 'ignore' });
}

/** The command prefix that runs a program on a core (or anywhere when not pinned). */
export function onCore(where: Placement, core: 'underTest' | 'support', command: string[]): string[] {
  return where.pinned ? [TASKSET, '-c', where[core], ...command] : command;
}

export interface ChildTarget {
  process: ChildProcess;
  /** What the child said when it became ready (its URLs and anything else it reports). */
  ready: Record<string, any>;
  call<T = any>(method: string, args?: unknown): Promise<T>;
  stop(): Promise<void>;
}

const CHILD_ENTRY = path.join(__dirname, 'targets', 'child.js');

/**
 * Starts a target (a gateway, the static subgraphs, the whole federation) as a child process on a
 * core, and talks to it over IPC: it reports `ready`, then answers calls (counts, resets, stop).
 */
export function startChild(
  where: Placement,
  core: 'underTest' | 'support',
  kind: string,
  config: unknown,
  options: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv; startTimeoutMs?: number; log?: string } = {},
): Promise<ChildTarget> {
  const [command, ...args] = onCore(where, core, [process.execPath, ...(options.nodeArgs ?? []), CHILD_ENTRY, kind]);
  const log = options.log ? fs.openSync(options.log, 'a') : 'ignore';
  const child = spawn(command, args, {
    stdio: ['ignore', log, log, 'ipc'],
    env: { ...process.env, APOLLO_TELEMETRY_DISABLED: '1', ...options.env },
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  let exited = false;
  child.on('message', (message: any) => {
    if (message?.type === 'reply') {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(`${kind}: ${message.error}`));
      else waiter?.resolve(message.result);
    }
  });
  const target = (ready: Record<string, any>): ChildTarget => ({
    process: child,
    ready,
    call(method, callArgs) {
      if (exited) return Promise.reject(new Error(`${kind} has exited`));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ type: 'call', id, method, args: callArgs });
      });
    },
    async stop() {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        child.send({ type: 'call', id: nextId++, method: 'stop' });
      } catch {
        child.kill('SIGKILL');
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await gone;
      clearTimeout(timer);
    },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${kind} did not become ready within ${(options.startTimeoutMs ?? 120_000) / 1000} s${options.log ? ` (log: ${options.log})` : ''}`));
    }, options.startTimeoutMs ?? 120_000);
    child.on('message', (message: any) => {
      if (message?.type === 'ready') {
        clearTimeout(timer);
        resolve(target(message.ready));
      } else if (message?.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`${kind} failed to start: ${message.error}`));
      }
    });
    child.on('exit', (code, signal) => {
      exited = true;
      clearTimeout(timer);
      for (const waiter of pending.values()) waiter.reject(new Error(`${kind} exited (${code ?? signal})`));
      pending.clear();
      reject(new Error(`${kind} exited (${code ?? signal}) before it was ready${options.log ? ` (log: ${options.log})` : ''}`));
    });
    child.send({ type: 'config', config });
  });
}
