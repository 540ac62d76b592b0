import { TestEnvironment } from 'jest-environment-node';
import { WorkerCache } from './worker-cache';

/**
 * Made in the worker's own realm, once: each test file gets a fresh module registry and global, and
 * nothing cached here keeps a finished file's global alive.
 */
const cache = new WorkerCache();

/** Jest's node environment, with the worker's cache at `globalThis.gridshareWorkerCache`. */
export default class GridshareTestEnvironment extends TestEnvironment {
  constructor(...args: ConstructorParameters<typeof TestEnvironment>) {
    super(...args);
    this.global.gridshareWorkerCache = cache;
  }
}
