import { execute, parse } from 'graphql';
import { composeServices } from '@apollo/composition';
import { signDepartmentToken } from '../../../gateway/src/dev-tokens';
import { BenchContext, childLog, profileArgs } from '../context';
import { DEEP_QUERY, monolithSchema, SUBGRAPH_NAMES, SUBGRAPH_SDL } from '../fixtures/products-federation';
import { LoadResult, medianRun, runLoad } from '../load';
import { ChildTarget, MemoryUsage, startChild } from '../placement';
import { sampleMemoryWhile, summarizeMemory } from '../memory';
import { APOLLO_GATEWAY_CONFIG } from '../targets/apollo-gateway';
import { HIVE_GATEWAY_CONFIG, startHiveGatewayCli } from '../targets/hive-gateway';
import { ratio, ScenarioResult } from '../report';
import { BENCH_DEPARTMENT } from '../targets/gridshare-gateway';
import { assertAnswer, postJson } from '../verify';
import { freshDatabase } from '../postgres';
import type { StoreLocation } from '../../../platform/database/open-database';

interface GatewayTarget {
  id: string;
  label: string;
  kind: string;
  headers: Record<string, string>;
  audited?: boolean;
  child?: ChildTarget;
}

export function composeStaticSupergraph(urls: Record<string, string>): string {
  const result = composeServices(SUBGRAPH_NAMES.map((name) => ({ name, url: urls[name], typeDefs: parse(SUBGRAPH_SDL[name]) })));
  if (result.errors) throw new Error(`composition failed: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.supergraphSdl;
}

async function settledCounts(subgraphs: ChildTarget): Promise<Record<string, number>> {
  let last = await subgraphs.call<Record<string, number>>('counts');
  for (let i = 0; i < 50; i++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const now = await subgraphs.call<Record<string, number>>('counts');
    if (SUBGRAPH_NAMES.every((n) => now[n] === last[n])) return now;
    last = now;
  }
  return last;
}

export async function expectedDeepAnswer(): Promise<unknown> {
  const result = await execute({ schema: monolithSchema(), document: parse(DEEP_QUERY) });
  if (result.errors) throw new Error(`the reference schema failed: ${result.errors[0].message}`);
  return JSON.parse(JSON.stringify(result.data));
}

/**
 * Scenario 1: the cost of the gateway itself. The static subgraphs (support core) answer from
 * memory; each gateway in turn (core 1) serves The Guild-shaped deep query under the same load;
 * the ceiling replays the subgraph requests one query needs straight at the subgraphs.
 */
export async function gatewayOverhead(context: BenchContext): Promise<ScenarioResult> {
  const started = Date.now();
  const { options, placement } = context;
  const children: ChildTarget[] = [];
  try {
    const subgraphs = await startChild(placement, 'support', 'static-subgraphs', {}, { log: childLog(context, 'static-subgraphs') });
    children.push(subgraphs);
    const supergraphSdl = composeStaticSupergraph(subgraphs.ready.urls);
    const expected = await expectedDeepAnswer();
    const token = await signDepartmentToken(context.issuer.privateKey, { department: BENCH_DEPARTMENT, user: 'bench-runner' }, { ttlSeconds: 24 * 3600 });
    const allTargets: GatewayTarget[] = [
      { id: 'apollo', label: 'plain @apollo/gateway (Apollo Server, production)', kind: 'apollo-gateway', headers: {} },
      { id: 'hive', label: '@graphql-hive/gateway (its CLI, production)', kind: 'hive-gateway', headers: {} },
      {
        id: 'gridshare',
        label: 'gridshare gateway: JWT auth + contract + durable audit',
        kind: 'gridshare-gateway',
        headers: { authorization: `Bearer ${token}` },
      },
      // The same gateway without the audit trail: what the durable audit costs the gateway itself.
      {
        id: 'gridshare-unaudited',
        label: 'gridshare gateway, audit OFF (JWT auth + contract only)',
        kind: 'gridshare-gateway',
        headers: { authorization: `Bearer ${token}` },
        audited: false,
      },
    ];
    // Apollo is the baseline of every ratio (and of the ceiling's request sequence), so it always runs.
    const targets = allTargets.filter((t) => t.id === 'apollo' || options.gateways.some((g) => t.id === g || t.id.startsWith(`${g}-`)));
    const issuerPublicKey = context.issuer.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    // Each gridshare gateway writes its own trail: PostgreSQL when the bench has one, else in-memory PGlite (in the gateway's process).
    const auditStoreFor = async (id: string): Promise<StoreLocation> => {
      if (!context.postgresUrl) return { kind: 'pglite' };
      const database = `gridshare_bench_trail_${id.replace(/-/g, '_')}`;
      await freshDatabase(context.postgresUrl, database);
      return { kind: 'postgres', serverUrl: context.postgresUrl, database };
    };
    // Every gateway runs as production: the peers as their maintainers document it, gridshare's alike.
    const production = { NODE_ENV: 'production' };
    for (const target of targets) {
      context.log(`  starting ${target.label}`);
      if (target.kind === 'hive-gateway') {
        target.child = await startHiveGatewayCli(placement, { supergraphSdl, runDir: context.runDir, log: childLog(context, target.id) });
        children.push(target.child);
        continue;
      }
      target.child = await startChild(
        placement,
        'underTest',
        target.kind,
        target.kind === 'gridshare-gateway'
          ? {
              supergraphSdl,
              subgraphUrls: subgraphs.ready.urls,
              issuerPublicKey,
              audit: target.audited === false ? undefined : await auditStoreFor(target.id),
            }
          : { supergraphSdl },
        { log: childLog(context, target.id), nodeArgs: profileArgs(context, target.id), env: production },
      );
      children.push(target.child);
    }
    await confirmProductionMode(targets);
    const body = JSON.stringify({ query: DEEP_QUERY, operationName: 'TestQuery' });

    // Correctness first, and how many subgraph requests one query costs through each gateway.
    const perQuery: Record<string, Record<string, number>> = {};
    let responseBytes = 0;
    let apolloSequence: { subgraph: string; body: string }[] = [];
    for (const target of targets) {
      await subgraphs.call('reset');
      if (target.id === 'apollo') await subgraphs.call('startCapture');
      const answer = await postJson(target.child!.ready.url, JSON.parse(body), target.headers);
      if (target.id === 'apollo') apolloSequence = await subgraphs.call('stopCapture');
      assertAnswer(`${target.label} before load`, answer, expected);
      responseBytes = answer.bytes;
      const counts = await subgraphs.call<Record<string, number>>('counts');
      perQuery[target.id] = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, counts[n]]));
    }

    // The ceiling: the subgraph requests of one query, replayed at a second subgraph process on core 1.
    const ceilingChild = await startChild(placement, 'underTest', 'static-subgraphs', {}, { log: childLog(context, 'static-subgraphs-ceiling'), nodeArgs: [] });
    children.push(ceilingChild);
    const sequence = apolloSequence.map((r) => ({ path: `/${r.subgraph}/graphql`, body: r.body }));

    const runs: Record<string, LoadResult[]> = Object.fromEntries([['direct', []], ...targets.map((t) => [t.id, []])]);
    const memory: Record<string, MemoryUsage[]> = Object.fromEntries(targets.map((t) => [t.id, []]));
    const idleMemory: Record<string, MemoryUsage | null> = {};
    for (const target of targets) idleMemory[target.id] = await target.child!.memory().catch(() => null);
    const underLoad: Record<string, number[]> = Object.fromEntries(targets.map((t) => [t.id, []]));
    for (let round = 1; round <= options.rounds; round++) {
      context.log(`  round ${round}/${options.rounds}`);
      const ceilingSpec = { url: ceilingChild.ready.combined, connections: options.connections, requests: sequence };
      await runLoad({ ...ceilingSpec, seconds: options.warmupSeconds });
      runs.direct.push(await runLoad({ ...ceilingSpec, seconds: options.seconds }));
      for (const target of targets) {
        // Every answer under load is checked against the expected JSON: one wrong answer fails the scenario.
        const spec = {
          url: target.child!.ready.url,
          connections: options.connections,
          body,
          headers: target.headers,
          expect: { data: expected },
          label: `${target.label} under load`,
        };
        await runLoad({ ...spec, seconds: options.warmupSeconds });
        await subgraphs.call('reset');
        const { result: run, samples } = await sampleMemoryWhile(target.child!, runLoad({ ...spec, seconds: options.seconds }));
        memory[target.id].push(...samples);
        runs[target.id].push(run);
        // Queries still in flight when the load stops reach the subgraphs too: count every sent query once settled.
        const counts = await settledCounts(subgraphs);
        underLoad[target.id].push(SUBGRAPH_NAMES.reduce((sum, n) => sum + counts[n], 0) / Math.max(1, run.sent));
      }
    }
    for (const target of targets) {
      assertAnswer(`${target.label} after load`, await postJson(target.child!.ready.url, JSON.parse(body), target.headers), expected);
    }
    const gridshare = targets.find((t) => t.id === 'gridshare');
    const auditHead = gridshare ? await gridshare.child!.call('auditHead') : null;

    const sequenceLength = Math.max(1, sequence.length);
    const direct = medianRun(runs.direct);
    const directQueries = { ...direct, requestsPerSecond: direct.requestsPerSecond / sequenceLength };
    const median = Object.fromEntries(targets.map((t) => [t.id, medianRun(runs[t.id])])) as Record<string, LoadResult>;
    const total = (id: string) => Object.values(perQuery[id]).reduce((a, b) => a + b, 0);
    const unaudited = median['gridshare-unaudited'];
    const auditCostInGateway = unaudited && median.gridshare ? 1 - median.gridshare.requestsPerSecond / unaudited.requestsPerSecond : null;
    const memorySummaries = Object.fromEntries(targets.map((t) => [t.id, summarizeMemory(memory[t.id])]));
    const failed = Object.entries(runs).flatMap(([id, list]) => list.filter((r) => r.failed > 0).map((r) => `${id}: ${r.failed} failed requests`));
    const rows = [
      [
        'subgraphs called directly (ceiling)',
        directQueries.requestsPerSecond,
        null,
        null,
        sequence.length,
        ratio(directQueries.requestsPerSecond, median.apollo.requestsPerSecond),
      ],
      ...targets.map((t) => [
        t.label,
        median[t.id].requestsPerSecond,
        median[t.id].p50Ms,
        median[t.id].p99Ms,
        total(t.id),
        ratio(median[t.id].requestsPerSecond, median.apollo.requestsPerSecond),
      ]),
    ];
    return {
      status: 'ok',
      seconds: (Date.now() - started) / 1000,
      setup: {
        placement: placement.describe,
        load: `autocannon, ${options.connections} connections, ${options.rounds} interleaved round(s) of ${options.seconds} s (after ${options.warmupSeconds} s warm-up) per target; median round`,
        response: `${responseBytes} bytes`,
        subgraphs: 'four static in-memory subgraphs in one process (support core), each response executed once then served from memory',
        auditStore: context.postgresUrl ? 'PostgreSQL (one database per gridshare gateway)' : 'PGlite in memory',
      },
      tables: [
        {
          title: 'Deep query (The Guild shape), queries per second',
          columns: ['target', 'req/s', 'p50 ms', 'p99 ms', 'subgraph requests per query', '× plain Apollo'],
          rows,
        },
        {
          title: 'Memory of each gateway process under load (sampled every second of the measured runs)',
          columns: ['gateway', 'idle RSS MiB', 'steady RSS MiB', 'peak RSS MiB', 'steady heap used MiB', 'peak heap used MiB', 'samples'],
          rows: targets.map((t) => {
            const m = memorySummaries[t.id];
            const idle = idleMemory[t.id];
            return [
              t.label,
              idle ? idle.rss / 2 ** 20 : null,
              m?.steadyRssMiB ?? null,
              m?.peakRssMiB ?? null,
              m?.steadyHeapUsedMiB ?? null,
              m?.peakHeapUsedMiB ?? null,
              m?.samples ?? 0,
            ];
          }),
        },
        {
          title: "The peers' configuration",
          columns: ['gateway', 'how it runs', 'environment', 'configuration', 'defaults kept', 'not used, and why'],
          rows: [
            [
              targets[0].label,
              APOLLO_GATEWAY_CONFIG.command,
              JSON.stringify(APOLLO_GATEWAY_CONFIG.env),
              'plugins: [ApolloServerPluginLandingPageDisabled()]',
              APOLLO_GATEWAY_CONFIG.defaultsKept,
              APOLLO_GATEWAY_CONFIG.notUsed,
            ],
            ...(targets.some((t) => t.id === 'hive')
              ? [
                  [
                    targets.find((t) => t.id === 'hive')!.label,
                    HIVE_GATEWAY_CONFIG.command,
                    JSON.stringify(HIVE_GATEWAY_CONFIG.env),
                    `gateway.config.mjs: ${JSON.stringify(HIVE_GATEWAY_CONFIG.config)}`,
                    HIVE_GATEWAY_CONFIG.defaultsKept,
                    HIVE_GATEWAY_CONFIG.notUsed,
                  ],
                ]
              : []),
          ],
        },
        {
          title: 'Subgraph requests per query, by subgraph',
          columns: ['gateway', ...SUBGRAPH_NAMES, 'under load: subgraph requests ÷ queries sent'],
          rows: targets.map((t) => [
            t.label,
            ...SUBGRAPH_NAMES.map((n) => perQuery[t.id][n]),
            underLoad[t.id].reduce((a, b) => a + b, 0) / underLoad[t.id].length,
          ]),
        },
      ],
      figures: {
        runs,
        perQuery,
        underLoad,
        responseBytes,
        ceilingSubgraphRequestsPerSecond: direct.requestsPerSecond,
        auditHead,
        auditCostInGateway,
        memory: memorySummaries,
        idleMemory,
        peers: { apollo: APOLLO_GATEWAY_CONFIG, hive: HIVE_GATEWAY_CONFIG },
      },
      measured: {
        'gateway-overhead.gridshare-vs-apollo': ratio(median.gridshare?.requestsPerSecond, median.apollo.requestsPerSecond),
        'gateway-overhead.gridshare-vs-hive': ratio(median.gridshare?.requestsPerSecond, median.hive?.requestsPerSecond),
      },
      notes: [
        `Every gateway answered exactly the expected JSON (computed by a plain, unfederated schema over the same rows) before and after the load, and every answer under load was checked against it as it arrived (${answersChecked(runs)} answers; a single wrong one fails the scenario).`,
        'Every gateway ran with NODE_ENV=production; plain Apollo refused introspection (its production default) and Hive Gateway served no GraphiQL, confirmed before the load.',
        `The ceiling replays the ${sequence.length} subgraph requests plain Apollo makes for one query at a second subgraph process on core 1 (${Math.round(direct.requestsPerSecond)} subgraph requests/s ÷ ${sequence.length}).`,
        ...(auditCostInGateway === null
          ? []
          : [
              `The gridshare gateway with the durable audit ON serves ${(Math.abs(auditCostInGateway) * 100).toFixed(1)} % ${auditCostInGateway >= 0 ? 'less' : 'more'} than with it OFF (same static subgraphs, so the gateway is the bottleneck; differences of a few % are this machine's noise).`,
            ]),
        `The gridshare gateway's trail holds ${auditHead?.seq ?? '?'} durable audit records (database + fsynced NDJSON) during the scenario.`,
        ...failed,
      ],
    };
  } finally {
    for (const child of children.reverse()) await child.stop().catch(() => undefined);
  }
}

function answersChecked(runs: Record<string, LoadResult[]>): number {
  return Object.values(runs)
    .flat()
    .reduce((sum, r) => sum + (r.answers?.checked ?? 0), 0);
}

/** Fails unless the peers really run as production: Apollo refuses introspection, Hive serves no GraphiQL page. */
async function confirmProductionMode(targets: GatewayTarget[]): Promise<void> {
  const apollo = targets.find((t) => t.id === 'apollo');
  if (apollo) {
    const answer = await postJson(apollo.child!.ready.url, { query: '{ __schema { queryType { name } } }' });
    const codes = (answer.body?.errors ?? []).map((e: any) => e?.extensions?.validationErrorCode ?? e?.extensions?.code);
    if (!codes.includes('INTROSPECTION_DISABLED'))
      throw new Error(`plain Apollo is not in production mode: introspection answered ${JSON.stringify(answer.body).slice(0, 200)}`);
  }
  const hive = targets.find((t) => t.id === 'hive');
  if (hive) {
    const page = await fetch(hive.child!.ready.url, { headers: { accept: 'text/html' } });
    const text = await page.text();
    if (page.ok && /<html/i.test(text)) throw new Error('Hive Gateway serves GraphiQL: it is not running without its development features');
  }
}
