import fs from 'node:fs';
import path from 'node:path';
import { repoPath } from '../../../platform/repo-root';
import { ChildTarget, freePort, Placement, startCommand } from '../placement';

/**
 * @graphql-hive/gateway as its maintainers deploy it on Node.js: the `hive-gateway` CLI ("we highly
 * recommend to use Hive Gateway with the CLI"; the runtime is "advanced-only") serving the supergraph
 * file, with NODE_ENV=production and the development features off, and `--jit` (its documented
 * just-in-time compilation of operations, which The Guild's own gateway benchmark runs it with:
 * graphql-hive/graphql-gateways-benchmark, gateways/hive-gateway/run.sh). Every performance feature
 * its docs describe as the default stays on: in-flight deduplication of identical subgraph requests
 * (HTTP transport `deduplicateInflightRequests`), batched delegation of entity fetches, the parser
 * and validation caches. Left off: response caching (it would answer from a cache instead of
 * gatewaying the query; no target caches answers), `inboundInflightRequestDeduplication` (off by
 * default; it shares one execution's whole answer among identical concurrent client requests, and
 * every request of this load is the same query, so it would measure the sharing, not the gateway;
 * gridshare never shares an answer between requests, only identical subgraph fetches within one
 * caller), client request batching (the load sends one operation per request) and the experimental
 * `__experimental__batchExecution`.
 */
export const HIVE_GATEWAY_CONFIG = {
  command: 'hive-gateway supergraph <supergraph.graphql> --host 127.0.0.1 --port <free port> --config-path gateway.config.mjs --jit',
  env: { NODE_ENV: 'production' },
  config: { graphiql: false, landingPage: false },
  defaultsKept:
    'fork 1 (one process; the CLI default, and the one core it is pinned to), in-flight dedupe of subgraph requests, batched entity delegation, parser and validation caches, masked errors',
  notUsed:
    'response caching and inboundInflightRequestDeduplication (both share whole answers between requests, which no target does: this load repeats one query), client request batching, __experimental__batchExecution (experimental)',
} as const;

export async function startHiveGatewayCli(
  placement: Placement,
  config: { supergraphSdl: string; runDir: string; log: string; host?: string },
): Promise<ChildTarget> {
  const host = config.host ?? '127.0.0.1';
  const directory = fs.mkdtempSync(path.join(config.runDir, 'hive-gateway-'));
  fs.writeFileSync(path.join(directory, 'supergraph.graphql'), config.supergraphSdl);
  fs.writeFileSync(
    path.join(directory, 'gateway.config.mjs'),
    `// Written by the bench: production, without the development features.\nexport const gatewayConfig = ${JSON.stringify(HIVE_GATEWAY_CONFIG.config)};\n`,
  );
  const port = await freePort(host);
  const base = `http://${host}:${port}`;
  return startCommand(
    placement,
    'underTest',
    'hive-gateway',
    repoPath('bench', 'node_modules', '@graphql-hive', 'gateway', 'dist', 'bin.js'),
    ['supergraph', 'supergraph.graphql', '--host', host, '--port', String(port), '--config-path', 'gateway.config.mjs', '--jit'],
    { cwd: directory, env: { ...HIVE_GATEWAY_CONFIG.env }, log: config.log, url: `${base}/graphql`, readyUrl: `${base}/readiness` },
  );
}
