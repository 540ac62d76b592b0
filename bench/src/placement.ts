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

/** One reading of a process's memory (bytes), from the memory probe preloaded into it. */
export interface MemoryUsage {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

export interface ChildTarget {
  process: ChildProcess;
  /** What the child said when it became ready (its URLs and anything else it reports). */
  ready: Record<string, any>;
  call<T = any>(method: string, args?: unknown): Promise<T>;
  /** The child's memory now (the probe answers from its event loop, so a busy child answers late, never wrongly). */
  memory(): Promise<MemoryUsage>;
  stop(): Promise<void>;
}

const CHILD_ENTRY = path.join(__dirname, 'targets', 'child.js');
/** Preloaded into every measured process: answers memory readings over IPC (targets/memory-probe.ts). */
export const MEMORY_PROBE = ['--require', path.join(__dirname, 'targets', 'memory-probe.js')];

/** Asks a child's memory probe for a reading; replies are matched by id. */
function memoryReader(child: ChildProcess): () => Promise<MemoryUsage> {
  let nextId = 1;
  const waiting = new Map<number, (usage: MemoryUsage) => void>();
  child.on('message', (message: any) => {
    if (message?.type !== 'memory-probe-reply') return;
    waiting.get(message.id)?.(message.usage);
    waiting.delete(message.id);
  });
  child.on('exit', () => waiting.clear());
  return () =>
    new Promise((resolve, reject) => {
      if (child.exitCode !== null || child.signalCode !== null) return reject(new Error('the process has exited'));
      const id = nextId++;
      waiting.set(id, resolve);
      child.send({ type: 'memory-probe', id });
    });
}

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
  const [command, ...args] = onCore(where, core, [process.execPath, ...MEMORY_PROBE, ...(options.nodeArgs ?? []), CHILD_ENTRY, kind]);
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
  const memory = memoryReader(child);
  const target = (ready: Record<string, any>): ChildTarget => ({
    process: child,
    ready,
    memory,
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

/**
 * Starts a program the way its maintainers ship it (a peer gateway's own CLI), on a core, with the
 * memory probe preloaded and an IPC channel for it only. Ready once `readyUrl` answers 200 (polled:
 * a CLI has no other signal the bench can await); stopped with SIGTERM, as a process manager would.
 */
export async function startCommand(
  where: Placement,
  core: 'underTest' | 'support',
  name: string,
  script: string,
  scriptArgs: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; log?: string; url: string; readyUrl: string; startTimeoutMs?: number; nodeArgs?: string[] },
): Promise<ChildTarget> {
  const [command, ...args] = onCore(where, core, [process.execPath, ...MEMORY_PROBE, ...(options.nodeArgs ?? []), script, ...scriptArgs]);
  const log = options.log ? fs.openSync(options.log, 'a') : 'ignore';
  const child = spawn(command, args, { stdio: ['ignore', log, log, 'ipc'], cwd: options.cwd, env: { ...process.env, ...options.env } });
  let exited: string | undefined;
  child.on('exit', (code, signal) => (exited = String(code ?? signal)));
  const deadline = Date.now() + (options.startTimeoutMs ?? 120_000);
  for (;;) {
    if (exited !== undefined) throw new Error(`${name} exited (${exited}) before it was ready${options.log ? ` (log: ${options.log})` : ''}`);
    const ok = await fetch(options.readyUrl).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not become ready within ${(options.startTimeoutMs ?? 120_000) / 1000} s${options.log ? ` (log: ${options.log})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    process: child,
    ready: { url: options.url },
    memory: memoryReader(child),
    call: () => Promise.reject(new Error(`${name} is a peer's own CLI: it answers no calls`)),
    async stop() {
      if (exited !== undefined) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** A TCP port free right now on the host (for a CLI that takes its port as an argument). */
export async function freePort(host: string): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as import('node:net').AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
