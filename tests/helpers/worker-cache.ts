import fs from 'node:fs';

/**
 * Files read once and kept: the jest environment (test-environment.ts) keeps one for the whole
 * worker, so its test files do not each read the dumped databases again (240 MB, slow to page in on
 * a small VM). PGlite's compiled WebAssembly cannot be kept this way: PGlite checks it with
 * instanceof, which fails across test files' realms.
 */
export class WorkerCache {
  // Private fields: jest clears the own properties of what a test file's global holds at teardown.
  readonly #files = new Map<string, ArrayBuffer>();

  /** A file's bytes, read once per worker: for files that never change during a run, and never written to. */
  bytes(file: string): ArrayBuffer {
    let bytes = this.#files.get(file);
    if (!bytes) {
      const read = fs.readFileSync(file);
      // A large file is read into a buffer of its own: no copy then (a copy of 40 MB is slow here).
      const whole = read.byteOffset === 0 && read.byteLength === read.buffer.byteLength;
      bytes = whole ? read.buffer : read.buffer.slice(read.byteOffset, read.byteOffset + read.byteLength);
      this.#files.set(file, bytes);
    }
    return bytes;
  }
}
