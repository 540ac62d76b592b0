import fs from 'node:fs';
import path from 'node:path';

/** The lines could not be written; what was written of them has been taken back. */
export class AppendFailedError extends Error {}

/** The lines could not be written, and taking back what was written of them failed too: the file needs repair. */
export class TornFileError extends Error {}

/**
 * Appends `data` to an open append-mode file and makes it durable, or leaves the file as it was.
 * A write may be short (a full disk writes what fits and reports the count): the rest is written
 * until done or until the file system refuses, and then the file is truncated back to its size
 * before the write, so no reader ever sees half a line.
 */
export async function appendWhole(handle: fs.promises.FileHandle, data: Buffer): Promise<void> {
  const { size } = await handle.stat();
  try {
    await writeAll(handle, data);
    await handle.datasync();
  } catch (error) {
    try {
      await handle.truncate(size);
      await handle.datasync();
    } catch (rollback) {
      throw new TornFileError(`append failed (${describe(error)}) and could not be rolled back (${describe(rollback)})`, { cause: error });
    }
    throw new AppendFailedError(`append failed and was rolled back: ${describe(error)}`, { cause: error });
  }
}

/** Writes all of `data` at the handle's position, however many writes the file system needs (or throws). */
export async function writeAll(handle: fs.promises.FileHandle, data: Buffer): Promise<void> {
  let written = 0;
  while (written < data.length) {
    const { bytesWritten } = await handle.write(data, written, data.length - written);
    if (bytesWritten <= 0) throw new Error(`the file system wrote nothing of ${data.length - written} bytes`);
    written += bytesWritten;
  }
}

/** Makes a directory entry (a new or renamed file) durable. */
export async function syncDirectory(directory: string): Promise<void> {
  const handle = await fs.promises.open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The file at `file` is no longer the one `handle` has open (removed, or replaced by another). */
export async function replacedUnder(handle: fs.promises.FileHandle, file: string): Promise<boolean> {
  const [open, named] = await Promise.all([handle.stat(), fs.promises.stat(file).catch(() => undefined)]);
  return !named || named.ino !== open.ino || named.dev !== open.dev;
}

/** Opens for appending, creating the file (and making its name durable) when it is new. */
export async function openForAppend(file: string, flags: 'a' | 'a+' = 'a'): Promise<fs.promises.FileHandle> {
  const existed = fs.existsSync(file);
  const handle = await fs.promises.open(file, flags);
  if (!existed) await syncDirectory(path.dirname(file));
  return handle;
}

export function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e?.code ? `${e.code}: ${e.message}` : String(e?.message ?? error);
}
