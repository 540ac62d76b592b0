import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { CallerTokenSigner } from '../../../platform/caller-token';
import { signDepartmentToken } from '../../../gateway/src/dev-tokens';
import { SUBGRAPHS } from '../../../platform/services';
import { BenchContext, childLog, profileArgs } from '../context';
import { ChildTarget, startChild } from '../placement';
import { freshDatabase } from '../postgres';
import { databaseNameFor } from '../../../platform/database/open-database';
import { seedScales, runSeed } from './seeding';
import { BaseDataOperation, baseDataOperations, discoverFixtures } from './base-data-operations';
import { firstDifference, postJson } from '../verify';
import { checksReferences, referenceCheckIdentity } from '../../../runner/system/reference-checks';
import type { ExpectedData } from '../answer-check';
import { isDeepStrictEqual } from 'node:util';

/**
 * The real federation over the seeded PostgreSQL city, deployed as `gridshare serve` would: every
 * subgraph in one process on the support core (with PostgreSQL and the load generator), each
 * gateway in its own process on the core under test. Department tokens and gateway-signed caller
 * tokens are at hand.
 */
export interface Federation {
  child: ChildTarget;
  url: string;
  subgraphUrls: Record<string, string>;
}

export interface FederationHarness {
  operations: BaseDataOperation[];
  headersFor(operation: BaseDataOperation): Record<string, string>;
  /** Headers for one direct subgraph request: a new caller token each time, as the gateway signs one per request. */
  directHeadersFor(operation: BaseDataOperation): Record<string, string>;
  /**
   * A gateway (audit on or off) in front of the shared subgraph process, which starts with the first.
   * `referenceChecks`: the owners' writes check other registers through this gateway (the writes and
   * the import need it; the read scenarios leave the subgraphs without a gateway to call, as before).
   */
  start(name: string, audit: boolean, options?: { referenceChecks?: boolean }): Promise<Federation>;
  /** Stops every process the harness started. */
  stop(): Promise<void>;
  body(operation: BaseDataOperation): string;
  /**
   * Fails unless the operation answers 200 with data and no errors, and, after its first answer
   * (which becomes the operation's expected answer), exactly that first answer's data.
   */
  check(federation: Federation, operation: BaseDataOperation, when: string): Promise<number>;
  /** What every answer to the operation must be, under load too (set by its first check). */
  expected(operation: BaseDataOperation): ExpectedData;
  /** Today's quota use by department and sensitivity in a gateway's trail (the bench's quotas never bind). */
  quotaUsage(federation: Federation): Promise<Record<string, Record<string, number>>>;
  statements(federation: Federation): Promise<Record<string, number>>;
}

/** Whether the databases hold a city already (so a base-data run alone need not seed). */
async function seededCityPresent(serverUrl: string): Promise<boolean> {
  try {
    await discoverFixtures(serverUrl, false);
    return true;
  } catch {
    return false;
  }
}

export async function federationHarness(context: BenchContext, serverUrl: string): Promise<FederationHarness> {
  if (!(await seededCityPresent(serverUrl))) {
    const scale = seedScales(context.options.quick).at(-1)!;
    context.log(`  no seeded city yet: gridshare seed --scale ${scale}`);
    await runSeed(context, serverUrl, scale);
  }
  const withEvents = SUBGRAPHS.some((s) => s.name === 'events');
  const fixtures = await discoverFixtures(serverUrl, withEvents);
  const operations = baseDataOperations(fixtures);
  const gatewayKeys = generateKeyPairSync('ed25519');
  const signer = new CallerTokenSigner(gatewayKeys.privateKey);
  const tokens = new Map<string, string>();
  for (const department of new Set(operations.map((o) => o.department))) {
    tokens.set(department, await signDepartmentToken(context.issuer.privateKey, { department, user: `bench-${department}` }, { ttlSeconds: 24 * 3600 }));
  }
  // The owners' reference checks call the gateway as their service identity, with a token of the bench's identity provider.
  const serviceTokens: Record<string, string> = {};
  for (const { name } of SUBGRAPHS) {
    if (checksReferences(name))
      serviceTokens[name] = await signDepartmentToken(context.issuer.privateKey, referenceCheckIdentity(name), { ttlSeconds: 24 * 3600 });
  }
  const pem = (key: KeyObject, type: 'pkcs8' | 'spki') => key.export({ type, format: 'pem' }).toString();
  const keys = { gatewayPrivateKey: pem(gatewayKeys.privateKey, 'pkcs8'), issuerPublicKey: pem(context.issuer.publicKey, 'spki') };
  const children: ChildTarget[] = [];
  let subgraphs: ChildTarget | undefined;
  const headersFor = (operation: BaseDataOperation) => ({ authorization: `Bearer ${tokens.get(operation.department)}` });
  // The seeded city does not change while the read scenarios run (the writes go to rows they never read), so
  // an operation's first answer, checked for data and no errors, is what every later answer must be exactly.
  const expectedAnswers = new Map<string, ExpectedData>();
  return {
    operations,
    headersFor,
    directHeadersFor(operation) {
      // What the gateway would send: a caller token it signed for that subgraph and this very body.
      const caller = { user: `bench-${operation.department}`, department: operation.department, level: 'city' as const, jurisdiction: [] };
      const token = signer.sign(caller, operation.direct!.subgraph, { query: operation.query, variables: operation.variables });
      return { authorization: `Bearer ${token}` };
    },
    async start(name, audit, startOptions = {}) {
      if (!subgraphs) {
        subgraphs = await startChild(
          context.placement,
          'support',
          'system',
          { databaseUrl: serverUrl, ...keys, audit: false, role: 'subgraphs', serviceTokens },
          { log: childLog(context, 'subgraphs'), nodeArgs: profileArgs(context, 'subgraphs'), startTimeoutMs: 300_000 },
        );
        children.push(subgraphs);
      }
      if (audit) {
        // A fresh trail per gateway: the departments' daily quotas are counted from it.
        await freshDatabase(serverUrl, `${databaseNameFor('audit')}_${name.replace(/-/g, '_')}`);
      }
      const child = await startChild(
        context.placement,
        'underTest',
        'system',
        {
          databaseUrl: serverUrl,
          ...keys,
          audit,
          role: 'gateway',
          subgraphUrls: subgraphs.ready.subgraphUrls,
          auditDatabase: audit ? `${databaseNameFor('audit')}_${name.replace(/-/g, '_')}` : undefined,
        },
        { log: childLog(context, name), nodeArgs: profileArgs(context, name), startTimeoutMs: 300_000 },
      );
      children.push(child);
      if (startOptions.referenceChecks) await subgraphs.call('useGateway', { url: child.ready.url });
      return { child, url: child.ready.url, subgraphUrls: subgraphs.ready.subgraphUrls };
    },
    async stop() {
      for (const child of children.reverse()) await child.stop().catch(() => undefined);
      children.length = 0;
      subgraphs = undefined;
    },
    body: (operation) => JSON.stringify({ query: operation.query, variables: operation.variables }),
    async check(federation, operation, when) {
      const answer = await postJson(federation.url, { query: operation.query, variables: operation.variables }, headersFor(operation));
      const data = answer.body?.data ? Object.values(answer.body.data)[0] : undefined;
      if (answer.status !== 200 || answer.body?.errors || data === null || data === undefined) {
        throw new Error(`${operation.id} ${when}: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 400)}`);
      }
      const expected = expectedAnswers.get(operation.id);
      if (!expected) expectedAnswers.set(operation.id, { data: answer.body.data });
      else if (!isDeepStrictEqual(answer.body.data, expected.data)) {
        throw new Error(`${operation.id} ${when}: the data differs from its first answer at ${firstDifference(answer.body.data, expected.data)}`);
      }
      return answer.bytes;
    },
    expected(operation) {
      const expected = expectedAnswers.get(operation.id);
      if (!expected) throw new Error(`${operation.id}: no expected answer yet (check it once before the load)`);
      return expected;
    },
    quotaUsage: (federation) => federation.child.call('quotaUsage'),
    statements: () => subgraphs!.call<Record<string, number>>('sqlStatements'),
  };
}
