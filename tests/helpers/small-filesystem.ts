import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

/**
 * A real, tiny file system (tmpfs) that fills up: writes past its size are short, then ENOSPC, as on
 * a full disk. Mounting needs root (CAP_SYS_ADMIN), which .ci/run has; elsewhere the tests that need
 * it are skipped, but never in CI.
 */
export interface SmallFilesystem {
  path: string;
  /** Bytes still free. */
  free(): number;
  unmount(): void;
}

export function mountSmallFilesystem(bytes: number): SmallFilesystem | undefined {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-small-fs-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0700`, 'tmpfs', target], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    fs.rmSync(target, { recursive: true, force: true });
    if (process.env.CI) throw new Error(`CI must be able to mount a tmpfs (it runs as root): ${mounted.stderr || mounted.error}`);
    return undefined;
  }
  return {
    path: target,
    free: () => {
      const stats = fs.statfsSync(target);
      return stats.bavail * stats.bsize;
    },
    unmount: () => {
      spawnSync('umount', ['-l', target]);
      fs.rmSync(target, { recursive: true, force: true });
    },
  };
}

/** Fills the file system until `leave` bytes are free (to the page), with a file that can be removed to free them again. */
export function fillUntil(filesystem: SmallFilesystem, leave: number): string {
  const filler = path.join(filesystem.path, 'filler');
  const size = Math.max(0, filesystem.free() - leave);
  fs.writeFileSync(filler, Buffer.alloc(size, 0x61));
  return filler;
}
