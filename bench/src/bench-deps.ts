import fs from 'node:fs';
import { createRequire } from 'node:module';
import { repoPath } from '../../platform/repo-root';

/**
 * The heavy peers live in bench/node_modules (bench/package.json), installed by bench/run.js on the
 * first `npm run bench` and never by the root install. They are loaded with require() from there
 * at run time, so the root build type-checks without them: only the little we use is typed here.
 */
const benchRequire = createRequire(repoPath('bench', 'package.json'));

export interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  pipelining?: number;
  timeout?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  requests?: AutocannonRequest[];
  expectBody?: string;
}

export interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Called synchronously before each request is sent; returns the request to send. */
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
  /** Called with every response to this request: its status and its body as text. */
  onResponse?: (status: number, body: string) => void;
}

export interface AutocannonResult {
  requests: { average: number; total: number; sent: number };
  latency: { p50: number; p90: number; p99: number; average: number; max: number };
  throughput: { average: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  '2xx': number;
}

export type Autocannon = (options: AutocannonOptions, callback: (error: Error | null, result: AutocannonResult) => void) => unknown;

export function loadAutocannon(): Autocannon {
  return benchRequire('autocannon');
}

/** Installed versions, read from the package manifests (some packages do not export ./package.json). */
export function benchDependencyVersions(): Record<string, string> {
  const version = (...segments: string[]) => {
    try {
      return (JSON.parse(fs.readFileSync(repoPath(...segments, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      return 'not installed';
    }
  };
  return {
    autocannon: version('bench', 'node_modules', 'autocannon'),
    '@graphql-hive/gateway': version('bench', 'node_modules', '@graphql-hive', 'gateway'),
    '@graphql-hive/gateway-runtime': version('bench', 'node_modules', '@graphql-hive', 'gateway-runtime'),
    '@graphql-tools/delegate': version('bench', 'node_modules', '@graphql-tools', 'delegate'),
    '@apollo/gateway': version('node_modules', '@apollo', 'gateway'),
    '@apollo/server': version('node_modules', '@apollo', 'server'),
    graphql: version('node_modules', 'graphql'),
  };
}
