import { ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { repoPath } from '../../subgraphs/kit/src/repo-root';

export const CLI = repoPath('gateway', 'bin', 'gridshare.js');

export function runCli(args: string[], env: Record<string, string>, timeoutMs = 120_000) {
  return spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: timeoutMs });
}

export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<net.Server>((resolve) => {
      const server = net.createServer();
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

/** Starts `gridshare start` and resolves once it prints that it is running. */
export function startCli(env: Record<string, string>, readyText = 'gridshare is running', timeoutMs = 180_000) {
  const child = spawn(process.execPath, [CLI, 'start'], { env: { ...process.env, ...env } }) as ChildProcessWithoutNullStreams;
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in ${timeoutMs} ms:\n${stdout}\n${stderr}`)), timeoutMs);
    child.stdout.on('data', () => {
      if (stdout.includes(readyText)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ready:\n${stdout}\n${stderr}`));
    });
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, ready, exited, output: () => ({ stdout, stderr }) };
}
