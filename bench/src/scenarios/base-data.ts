import type { BenchContext } from '../context';
import { LoadResult, medianRun, runLoad } from '../load';
import { ratio, ScenarioResult } from '../report';
import { firstDifference, postJson } from '../verify';
import { isDeepStrictEqual } from 'node:util';
import { sampleMemoryWhile, summarizeMemory } from '../memory';
import type { MemoryUsage } from '../placement';
import { BENCH_DAILY_QUOTA, formatQuotaUsage } from '../bench-quota';
import { statementsPerHop } from './base-data-operations';
import { Federation, federationHarness } from './federation-harness';

/**
 * Scenario 2: the real federation on the seeded PostgreSQL city, one department's operation at a
 * time: throughput, latency, SQL statements per subgraph against the hops the operation needs,
 * and for single-subgraph lookups the gateway against calling that subgraph directly.
 */
export async function baseData(context: BenchContext, serverUrl: string): Promise<ScenarioResult> {
  const started = Date.now();
  const { options } = context;
  const harness = await federationHarness(context, serverUrl);
  const { operations } = harness;
  let federation: Federation | undefined;
  try {
    context.log('  starting the subgraphs and the gateway (audit on)');
    federation = await harness.start('gateway-base-data', true);
    const running = federation;

    // Statements of one execution each (after one warm execution, so plan caches do not count).
    const statements: Record<string, Record<string, number>> = {};
    const bytes: Record<string, number> = {};
    for (const operation of operations) {
      await harness.check(running, operation, 'before load');
      const before = await harness.statements(running);
      bytes[operation.id] = await harness.check(running, operation, 'before load');
      const after = await harness.statements(running);
      statements[operation.id] = Object.fromEntries(
        Object.keys(after)
          .map((s) => [s, after[s] - (before[s] ?? 0)])
          .filter(([, n]) => (n as number) > 0),
      );
    }
    for (const operation of operations.filter((o) => o.direct)) {
      const direct = await postJson(running.subgraphUrls[operation.direct!.subgraph], JSON.parse(harness.body(operation)), harness.directHeadersFor(operation));
      if (direct.status !== 200 || direct.body?.errors)
        throw new Error(`${operation.id} direct: HTTP ${direct.status} ${JSON.stringify(direct.body).slice(0, 300)}`);
      // The subgraph alone and the gateway in front of it must give the department the same answer.
      const expected = harness.expected(operation).data;
      if (!isDeepStrictEqual(direct.body.data, expected))
        throw new Error(`${operation.id}: the subgraph called directly answers differently from the gateway at ${firstDifference(direct.body.data, expected)}`);
    }

    const runs: Record<string, LoadResult[]> = {};
    const record = (key: string, run: LoadResult) => (runs[key] ??= []).push(run);
    // Every answer under load must be the operation's expected answer (see harness.check): a wrong one fails the scenario.
    const mix = operations
      .filter((o) => !o.direct)
      .map((o) => ({ path: '/graphql', body: harness.body(o), headers: harness.headersFor(o), expect: harness.expected(o) }));
    const gatewayMemory: MemoryUsage[] = [];
    const idleMemory = await running.child.memory().catch(() => null);
    for (let round = 1; round <= options.rounds; round++) {
      context.log(`  round ${round}/${options.rounds}`);
      for (const operation of operations) {
        const spec = {
          url: running.url,
          connections: options.connections,
          body: harness.body(operation),
          headers: harness.headersFor(operation),
          expect: harness.expected(operation),
          label: `${operation.id} through the gateway`,
        };
        await runLoad({ ...spec, seconds: options.warmupSeconds });
        const { result, samples } = await sampleMemoryWhile(running.child, runLoad({ ...spec, seconds: options.seconds }));
        gatewayMemory.push(...samples);
        record(operation.id, result);
        if (operation.direct) {
          const direct = operation.direct;
          const directSpec = {
            url: running.subgraphUrls[direct.subgraph],
            connections: options.connections,
            body: harness.body(operation),
            headersPerRequest: () => harness.directHeadersFor(operation),
            expect: harness.expected(operation),
            label: `${operation.id} direct`,
          };
          await runLoad({ ...directSpec, seconds: options.warmupSeconds });
          record(`${operation.id}:direct`, await runLoad({ ...directSpec, seconds: options.seconds }));
        }
      }
      const mixSpec = { url: new URL(running.url).origin, connections: options.connections, requests: mix, label: 'the department mix' };
      await runLoad({ ...mixSpec, seconds: options.warmupSeconds });
      const { result, samples } = await sampleMemoryWhile(running.child, runLoad({ ...mixSpec, seconds: options.seconds }));
      gatewayMemory.push(...samples);
      record('mix', result);
    }
    for (const operation of operations) await harness.check(running, operation, 'after load');
    const quotaUsage = await harness.quotaUsage(running);
    const memory = summarizeMemory(gatewayMemory);
    const answersChecked = Object.values(runs)
      .flat()
      .reduce((sum, r) => sum + (r.answers?.checked ?? 0), 0);

    const median = (key: string) => (runs[key] ? medianRun(runs[key]) : undefined);
    const perHop = Object.fromEntries(operations.map((o) => [o.id, statementsPerHop(statements[o.id], o.hops)]));
    const directRatios = operations.filter((o) => o.direct).map((o) => ratio(median(o.id)?.requestsPerSecond, median(`${o.id}:direct`)?.requestsPerSecond));
    const failed = Object.entries(runs).flatMap(([id, list]) => list.filter((r) => r.failed > 0).map((r) => `${id}: ${r.failed} failed requests in a run`));
    const format = (counts: Record<string, number>) =>
      Object.entries(counts)
        .map(([s, n]) => `${s} ${n}`)
        .join(', ') || 'none';
    return {
      status: 'ok',
      seconds: (Date.now() - started) / 1000,
      setup: {
        placement: context.placement.pinned
          ? 'deployed as `gridshare serve` per service: the gateway in its own process on core 1; every subgraph in one process on core 0 with PostgreSQL and autocannon'
          : context.placement.describe,
        load: `autocannon, ${options.connections} connections, ${options.rounds} round(s) of ${options.seconds} s after ${options.warmupSeconds} s warm-up; median round`,
        city: options.quick ? 'small' : 'medium',
        audit: 'on (fresh trail)',
      },
      tables: [
        {
          title: 'Through the gateway',
          columns: [
            'operation',
            'req/s',
            'p50 ms',
            'p99 ms',
            'response bytes',
            'SQL statements by subgraph',
            'hops by subgraph',
            'statements ÷ hops (worst subgraph)',
          ],
          rows: [
            ...operations.map((o) => {
              const m = median(o.id)!;
              return [o.label, m.requestsPerSecond, m.p50Ms, m.p99Ms, bytes[o.id], format(statements[o.id]), format(o.hops), perHop[o.id]];
            }),
            [
              'mix: the multi-subgraph operations above in turn, each as its department',
              median('mix')!.requestsPerSecond,
              median('mix')!.p50Ms,
              median('mix')!.p99Ms,
              null,
              null,
              null,
              null,
            ],
          ],
        },
        {
          title: 'Memory of the gridshare gateway process under this load (audit on; sampled every second of the measured runs)',
          columns: ['idle RSS MiB', 'steady RSS MiB', 'peak RSS MiB', 'steady heap used MiB', 'peak heap used MiB', 'samples'],
          rows: [
            [
              idleMemory ? idleMemory.rss / 2 ** 20 : null,
              memory?.steadyRssMiB ?? null,
              memory?.peakRssMiB ?? null,
              memory?.steadyHeapUsedMiB ?? null,
              memory?.peakHeapUsedMiB ?? null,
              memory?.samples ?? 0,
            ],
          ],
        },
        {
          title: 'Single-subgraph lookups: gateway vs the subgraph called directly (gateway-signed caller token)',
          columns: ['lookup', 'gateway req/s', 'direct req/s', 'gateway ÷ direct', 'gateway p50 ms', 'direct p50 ms'],
          rows: operations
            .filter((o) => o.direct)
            .map((o) => [
              o.label,
              median(o.id)!.requestsPerSecond,
              median(`${o.id}:direct`)!.requestsPerSecond,
              ratio(median(o.id)!.requestsPerSecond, median(`${o.id}:direct`)!.requestsPerSecond),
              median(o.id)!.p50Ms,
              median(`${o.id}:direct`)!.p50Ms,
            ]),
        },
      ],
      figures: {
        runs,
        statements,
        hops: Object.fromEntries(operations.map((o) => [o.id, o.hops])),
        perHop,
        memory,
        idleMemory,
        quotaUsage,
        benchDailyQuota: BENCH_DAILY_QUOTA,
        answersChecked,
        operations: operations.map(({ id, label, department, query, variables }) => ({ id, label, department, query, variables })),
      },
      measured: {
        'base-data.statements-per-hop': Math.max(...Object.values(perHop)),
        'base-data.gateway-vs-direct': directRatios.some((r) => r === null) ? null : Math.min(...(directRatios as number[])),
      },
      notes: [
        'Each operation answered 200 with data and no errors before the load; that first answer is its expected JSON, which every later answer (after the load, the subgraph called directly, and every answer under load as it arrived) matched exactly; statements were counted on one execution after a warm one.',
        `${answersChecked} answers under load were checked; a single wrong one (an error, a refused field, other data) fails the scenario instead of giving a figure.`,
        `Daily quotas: the bench's gateway keeps every department's quota ledger (a reservation and a settlement per operation, as in production) with each quota raised to ${BENCH_DAILY_QUOTA.toLocaleString('en-US')} records so that it never binds; the repository's quotas (public security: 200,000 personal records a day) are real limits that this load would exhaust, measuring refusals instead of answers. Used in this scenario: ${formatQuotaUsage(quotaUsage)}.`,
        ...failed,
      ],
    };
  } finally {
    await harness.stop();
  }
}
