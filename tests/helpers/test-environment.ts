import fs from 'node:fs';
import { TestEnvironment } from 'jest-environment-node';

/**
 * What a jest worker keeps between its test files. Each file gets a fresh module registry and
 * global, so without this every file reads the dumped databases again (240 MB, slow to page in on
 * a small VM). Made here, in the worker's own realm, so no finished test file's global is kept
 * alive by what is cached. (PGlite's compiled WebAssembly cannot be shared this way: PGlite checks
 * it with instanceof, which fails across test files' realms.)
 */
export class WorkerCache {
  // Private fields: jest clears the own properties of what a test file's global holds at teardown.
  readonly #files = new Map<string, ArrayBuffer>();

  /** A file's bytes, read once per worker: for files that never change during a run, and never written to. */
  bytes(file: string): ArrayBuffer {
    let bytes = this.#files.get(file);
    if (!bytes) {
      const read = fs.readFileSync(file);
      bytes = read.buffer.slice(read.byteOffset, read.byteOffset + read.byteLength);
      this.#files.set(file, bytes);
    }
    return bytes;
  }
}

const cache = new WorkerCache();

/** Jest's node environment, with the worker's cache at `globalThis.gridshareWorkerCache`. */
export default class GridshareTestEnvironment extends TestEnvironment {
  constructor(...args: ConstructorParameters<typeof TestEnvironment>) {
    super(...args);
    this.global.gridshareWorkerCache = cache;
  }
}
