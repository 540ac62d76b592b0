import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { loadConfig } from '../../platform/config';
import type { StoreLocation, SubgraphDatabase } from '../../platform/database/open-database';
import type { KeyPair } from '../../platform/keys';
import { MemoryLogDestination } from '../../platform/logger';
import { SUBGRAPHS, SubgraphName } from '../../platform/services';
import type { Scale } from '../../synthetic-city';
import { RunningSystem, startSystem } from '../../runner/system/system';
import { Authenticator, createJwtAuthenticator } from '../../gateway/src/auth';
import { signDepartmentToken, TokenClaims } from '../../gateway/src/dev-tokens';
import { DEVELOPMENT_ISSUER } from '../../platform/config';
import { repositoryPolicies } from '../../access-policies/runtime/load';
import { Backend, testPostgresUrl } from './test-databases';
import { openTestStores } from './test-stores';

export type { Backend } from './test-databases';

/** The backends this run tests: PGlite always; PostgreSQL when .ci/run (or a developer) provides a server. */
export function testBackends(): Backend[] {
  const url = testPostgresUrl();
  if (!url && process.env.CI) throw new Error('CI must set GRIDSHARE_TEST_POSTGRES_URL so the suite runs on PostgreSQL too');
  return url ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestFederation {
  system: RunningSystem;
  gatewayUrl: string;
  /** The gateway's key pair (caller tokens to subgraphs). */
  keys: KeyPair;
  /** The identity provider's key pair (department tokens to the gateway). */
  issuer: KeyPair;
  subjectDigestKey: Buffer;
  /** Where this federation's NDJSON audit files are. */
  auditDirectory: string;
  /** The file witnessing its checkpoints (outside the audit directory, as in production). */
  witnessPath: string;
  logs: MemoryLogDestination;
  /** Where each subgraph's data is: a second replica of a service opens the same databases. */
  storeFor: (name: SubgraphName) => StoreLocation;
  /** A department token signed by the test identity provider. */
  token(claims: TokenClaims, options?: { ttlSeconds?: number; now?: number }): Promise<string>;
  /** POSTs a GraphQL operation to the gateway as public security (city level), unless headers say otherwise. */
  query<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResult<T>>;
  /** POSTs as the given department, optionally stating a purpose. */
  queryAs<T = any>(
    claims: TokenClaims & { purpose?: string },
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResult<T>>;
  subgraphUrl(name: SubgraphName): string;
  stop(): Promise<void>;
}

export interface GraphQLResult<T> {
  status: number;
  body: { data?: T; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[] };
  headers: Headers;
}

export async function postGraphQL<T = any>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResult<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: GraphQLResult<T>['body'];
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`non-JSON response ${response.status}: ${text.slice(0, 200)}`);
  }
  return { status: response.status, body, headers: response.headers };
}

export function testKeys(): KeyPair {
  return generateKeyPairSync('ed25519');
}

export interface TestFederationOptions {
  backend?: Backend;
  /** The PostgreSQL server of the 'postgres' backend (default: GRIDSHARE_TEST_POSTGRES_URL). */
  postgresUrl?: string;
  /** A hot standby of postgresUrl that the subgraphs (not audit, as in the config) read from. */
  postgresReadUrl?: string;
  seed?: boolean;
  /** The synthetic city seeded; tiny unless a test needs more grids (only tiny comes from the run's dumps). */
  scale?: Scale;
  authenticate?: Authenticator;
  subgraphs?: SubgraphName[];
  now?: () => Date;
  /** The audit trail's clock (record times, day files, quota days); real time unless given. */
  auditNow?: () => Date;
  /** How often the audit writer signs a checkpoint while records arrive (the config's default otherwise). */
  checkpointIntervalMs?: number;
  /** Writes fixtures once the databases are open, before anything listens (and before the audit writer reads the chain head). */
  prepare?: (databases: Partial<Record<SubgraphName, SubgraphDatabase<unknown>>>, subjectDigestKey: Buffer) => Promise<void>;
  /** Browser origins the gateway accepts (GRIDSHARE_CORS_ORIGINS); none unless given. */
  corsOrigins?: string[];
}

/**
 * The whole federation in this process on ports the OS picks, each subgraph on its own in-memory
 * PGlite or its own fresh PostgreSQL database, seeded with the tiny synthetic city.
 */
export async function startTestFederation(options: TestFederationOptions = {}): Promise<TestFederation> {
  const backend = options.backend ?? 'pglite';
  const keys = testKeys();
  const issuer = testKeys();
  const subjectDigestKey = randomBytes(32);
  const auditDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-audit-'));
  const witnessDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'gridshare-witness-'));
  const witnessPath = path.join(witnessDirectory, 'checkpoints.ndjson');
  const logs = new MemoryLogDestination();
  const names = options.subgraphs ?? ALL_SUBGRAPHS;
  // The gateway writes the trail into the audit database even when the audit subgraph runs elsewhere.
  const stores = await openTestStores(backend, options.seed !== false, names.includes('audit') ? names : [...names, 'audit'], {
    scale: options.scale,
    postgresUrl: options.postgresUrl,
  });
  const config = loadConfig(
    { LOG_LEVEL: 'info' },
    { dataDir: '/nonexistent-test-data-dir', ...(options.corsOrigins ? { corsOrigins: options.corsOrigins } : {}) },
  );
  const system = await startSystem({
    config,
    subgraphs: options.subgraphs,
    storeFor: options.postgresReadUrl ? withReadStandby(stores.storeFor, options.postgresReadUrl) : stores.storeFor,
    ephemeralPorts: true,
    keys,
    subjectDigestKey,
    auditDirectory,
    auditWitness: witnessPath,
    checkpointIntervalMs: options.checkpointIntervalMs,
    logDestination: logs,
    authenticate:
      options.authenticate ??
      createJwtAuthenticator({ key: issuer.publicKey, issuer: DEVELOPMENT_ISSUER, audience: 'gridshare', departments: repositoryPolicies().departments }),
    // Always an injected clock: background work (the events sweep, webhook deliveries) then runs only
    // when a test asks, never on timers that would add statements and versions behind its back.
    now: options.now ?? (() => new Date()),
    auditNow: options.auditNow,
    developmentIssuerKey: issuer.privateKey,
    beforeListen: async (databases) => {
      await stores.afterOpen(databases);
      await options.prepare?.(databases, subjectDigestKey);
    },
  }).catch(async (error: unknown) => {
    await stores.dispose();
    throw error;
  });
  const token = (claims: TokenClaims, tokenOptions: { ttlSeconds?: number; now?: number } = {}) => signDepartmentToken(issuer.privateKey, claims, tokenOptions);
  const defaultToken = await token({ department: 'public-security', user: 'test-officer' });
  return {
    system,
    gatewayUrl: system.gatewayUrl!,
    keys,
    issuer,
    subjectDigestKey,
    auditDirectory,
    witnessPath,
    logs,
    storeFor: stores.storeFor,
    token,
    query: (query, variables, headers = {}) => postGraphQL(system.gatewayUrl!, query, variables, { authorization: `Bearer ${defaultToken}`, ...headers }),
    async queryAs(claims, query, variables, extraHeaders = {}) {
      const headers: Record<string, string> = { authorization: `Bearer ${await token(claims)}`, ...extraHeaders };
      if (claims.purpose) headers['x-purpose'] = claims.purpose;
      return postGraphQL(system.gatewayUrl!, query, variables, headers);
    },
    subgraphUrl: (name) => system.subgraphs[name]!.url,
    async stop() {
      await system.stop();
      await stores.dispose();
      fs.rmSync(auditDirectory, { recursive: true, force: true });
      fs.rmSync(witnessDirectory, { recursive: true, force: true });
    },
  };
}

function withReadStandby(storeFor: (name: SubgraphName) => StoreLocation, readServerUrl: string): (name: SubgraphName) => StoreLocation {
  return (name) => {
    const location = storeFor(name);
    return location.kind === 'postgres' && name !== 'audit' ? { ...location, readServerUrl } : location;
  };
}

export const ALL_SUBGRAPHS: SubgraphName[] = SUBGRAPHS.map((s) => s.name);
