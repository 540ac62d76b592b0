import type { Config } from '../../platform/config';
import type { SubgraphDatabase } from '../../platform/database/open-database';
import { isSubgraphName, SubgraphName, SUBGRAPHS } from '../../platform/services';
import { isEmpty, seedCity } from '../system/seed';
import { checkEarlierSeeds, hasSeedRun } from '../system/seed-check';
import { RunningSystem, startSystem } from '../system/system';
import { subgraphModule } from '../system/subgraph-registry';

/** Everything in one process: the embedded default, seeded with the synthetic city on first start. */
export async function runStart(config: Config): Promise<number> {
  const system = await startSystem({
    config,
    beforeListen: async (databases, logger) => {
      const entries = Object.entries(databases) as [SubgraphName, SubgraphDatabase<unknown>][];
      const seedable = entries.filter(([name]) => subgraphModule(name).tables.length > 0);
      const empty = (await Promise.all(seedable.map(async ([name, db]) => ((await isEmpty(name, db.sql)) ? name : undefined)))).filter(
        (name): name is SubgraphName => name !== undefined,
      );
      // Rows but no record of a finished seed: an earlier release's seed, checked before it is served.
      const unrecorded = (
        await Promise.all(seedable.map(async ([name, db]) => (!empty.includes(name) && !(await hasSeedRun(db.sql)) ? name : undefined)))
      ).filter((name): name is SubgraphName => name !== undefined);
      if (unrecorded.length > 0) {
        console.log(`checking the city an earlier release seeded: ${unrecorded.join(', ')} …`);
        const adopted = await checkEarlierSeeds(Object.fromEntries(entries.filter(([n]) => unrecorded.includes(n)).map(([n, db]) => [n, db.sql])), {
          scale: config.seedScale,
          seed: config.seed,
        });
        logger.info({ event: 'seed.checked', subgraphs: unrecorded, complete: adopted }, 'earlier seed checked');
      }
      if (empty.length === 0) return;
      // The city is deterministic for a scale and seed, so a subgraph added later (or emptied) is
      // seeded with the same city the others already hold.
      const all = empty.length === seedable.length;
      console.log(all ? `first start: seeding the synthetic city (scale ${config.seedScale}) …` : `seeding the empty subgraphs: ${empty.join(', ')} …`);
      const result = await seedCity(Object.fromEntries(entries.filter(([n]) => empty.includes(n)).map(([n, db]) => [n, db.sql])), {
        scale: config.seedScale,
        seed: config.seed,
        // Events are dated from now, so a fresh city has current lights and rankings.
        seededAt: new Date(),
      });
      logger.info({ event: 'seed.done', rows: result.rows, seconds: result.seconds, subgraphs: empty }, 'seeded');
      console.log(`seeded ${result.rows} rows in ${result.seconds.toFixed(1)} s`);
    },
  });
  // Handlers first: whoever reads "gridshare is running" may send SIGTERM at once.
  const stopped = waitForSignal(system);
  await printWelcome(system);
  return stopped;
}

export async function runServe(config: Config, service: string | undefined): Promise<number> {
  if (service === 'gateway') {
    const system = await startSystem({ config, subgraphs: [] });
    const stopped = waitForSignal(system);
    console.log(`gateway listening at ${system.gatewayUrl}`);
    console.log(`metrics at ${system.metricsUrl}`);
    if (system.developmentSignIn) console.log(developmentSignInText(system.developmentSignIn));
    return stopped;
  }
  if (!service || !isSubgraphName(service)) {
    console.error(`gridshare: serve needs a service: gateway, ${SUBGRAPHS.map((s) => s.name).join(', ')}`);
    return 2;
  }
  const system = await startSystem({ config, subgraphs: [service], gateway: false });
  const stopped = waitForSignal(system);
  console.log(`${service} subgraph listening at ${system.subgraphs[service]!.url}`);
  console.log(`metrics at ${system.metricsUrl}`);
  return stopped;
}

async function printWelcome(system: RunningSystem): Promise<void> {
  const address = system.subgraphs.address;
  const town = address
    ? (await address.db.sql.query<{ code: string }>(`SELECT code FROM grid WHERE level = 'TOWN' ORDER BY code LIMIT 1`)).rows[0]?.code
    : undefined;
  const query = `{ persons(gridCode: "${town ?? '<a grid code>'}", first: 3) { totalCount edges { node { name residence { roomNumber building { name address { fullText grid { name parent { name } } } } } employer { name } } } } }`;
  console.log(`
gridshare is running.
  GraphQL:  ${system.gatewayUrl}
  console:  ${system.gatewayUrl?.replace(/\/graphql$/, '/console/')}   (auditors; sign in with an audit-office token)
  health:   ${system.gatewayUrl?.replace(/\/graphql$/, '/health')}   metrics: ${system.metricsUrl}
${system.developmentSignIn ? `\n${developmentSignInText(system.developmentSignIn)}\n` : ''}
Every request needs a department token. In development, sign one with:
  TOKEN=$(npx gridshare token --department public-security)
(departments: access-policies/departments.yaml; add --level town --jurisdiction <grid code> for a town official)

Then try a query that crosses four subgraphs:
  curl -s ${system.gatewayUrl} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\
    -d '${JSON.stringify({ query })}'
`);
}

/** Like a notebook server's link: whoever holds it may sign in as any department until this process stops. */
function developmentSignInText(link: string): string {
  return `Development sign-in (any department, for this run only; keep it to yourself):\n  ${link}`;
}

function waitForSignal(system: RunningSystem): Promise<number> {
  return new Promise((resolve) => {
    const shutdown = (signal: string) => {
      system.logger.info({ event: 'system.stopping', signal }, 'stopping');
      void system.stop().then(() => resolve(0));
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });
}
