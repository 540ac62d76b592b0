import { ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { envStem, SUBGRAPHS } from '../../platform/services';
import { repoPath } from '../../platform/repo-root';

export const CLI = repoPath('runner', 'bin', 'gridshare.js');

export function runCli(args: string[], env: Record<string, string>, timeoutMs = 120_000) {
  return spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: timeoutMs });
}

/**
 * Port 0 for every service: each listens where the OS lets it and prints the address it got, so no
 * port is picked here and handed over after closing it (another process could take it meanwhile).
 */
export function anyPorts(): Record<string, string> {
  const env: Record<string, string> = { GRIDSHARE_GATEWAY_PORT: '0', GRIDSHARE_METRICS_PORT: '0' };
  for (const s of SUBGRAPHS) env[`GRIDSHARE_${envStem(s.name)}_PORT`] = '0';
  return env;
}

/** Starts `gridshare start` and resolves once it prints that it is running. */
export function startCli(env: Record<string, string>, readyText = 'gridshare is running', timeoutMs = 180_000) {
  return spawnCli(['start'], env, (stdout) => stdout.includes(readyText), timeoutMs);
}

/**
 * Starts `gridshare serve <service>` and resolves with the GraphQL address it prints once it
 * listens.
 */
export function serveCli(service: string, env: Record<string, string>, timeoutMs = 180_000) {
  const started = spawnCli(['serve', service], env, (stdout) => / listening at \S+\n/.test(stdout), timeoutMs);
  const url = started.ready.then(() => started.output().stdout.match(/ listening at (\S+)\n/)![1]);
  return { ...started, url };
}

function spawnCli(args: string[], env: Record<string, string>, isReady: (stdout: string) => boolean, timeoutMs: number) {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } }) as ChildProcessWithoutNullStreams;
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in ${timeoutMs} ms:\n${stdout}\n${stderr}`)), timeoutMs);
    child.stdout.on('data', () => {
      if (isReady(stdout)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ready:\n${stdout}\n${stderr}`));
    });
  });
  // Nobody may be awaiting `ready` when the process exits after it: that is not a failure.
  ready.catch(() => undefined);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, ready, exited, output: () => ({ stdout, stderr }) };
}
